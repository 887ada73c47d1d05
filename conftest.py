import os

# Playwright runs an event loop in the test thread; Django's ORM calls from
# live_server tests are synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
