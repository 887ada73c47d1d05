import pytest

from motcua.dossiers.tests.factories import DossierFactory
from motcua.integrations.tests.fake_vnpay import FakeVnpay


@pytest.fixture
def gateway(settings):
    fake = FakeVnpay().start()
    settings.MOTCUA_VNPAY = fake.settings()
    yield fake
    fake.stop()


@pytest.fixture
def dossier(db):
    return DossierFactory(in_progress=True)
