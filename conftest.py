import os

# Playwright runs an event loop in the test thread; Django's ORM calls from
# live_server tests are synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _web_fonts():
    """Build the subset web fonts once, as `make` does, for pages under test."""
    from django.conf import settings

    from motcua.core.fonts import build_webfonts

    build_webfonts(settings.WEBFONTS_DIR)
