from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"

# whitenoise looks for STATIC_ROOT at start-up; tests serve from the finders.
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True

# Tasks run in the test's own thread when enqueued (after commit); SMS stay
# in memory. Tests of the worker and the gateway override these.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MOTCUA_SMS_BACKEND = "motcua.integrations.sms.LocmemBackend"
