import pytest

from motcua.integrations.sms import LocmemBackend
from motcua.integrations.tests.fake_esms import FakeEsms


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    LocmemBackend.outbox = []
    yield
    LocmemBackend.outbox = []


@pytest.fixture
def fake_esms():
    gateway = FakeEsms().start()
    yield gateway
    gateway.stop()


@pytest.fixture
def dummy_tasks(settings):
    """Tasks are recorded, not run: the test plays the worker itself."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    from django_tasks import default_task_backend

    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()
