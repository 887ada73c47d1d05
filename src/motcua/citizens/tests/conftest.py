import pytest

from .fake_oidc import FakeOidcProvider


@pytest.fixture
def provider(settings):
    server = FakeOidcProvider().start()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()
