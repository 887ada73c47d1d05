import pytest

from .fake_esms import FakeEsms


@pytest.fixture
def fake_esms():
    gateway = FakeEsms().start()
    yield gateway
    gateway.stop()
