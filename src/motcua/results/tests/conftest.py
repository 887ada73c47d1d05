"""Fixtures of the results tests: a private CA per test, a dossier to settle."""

import pytest

from motcua.accounts.domain import Role
from motcua.dossiers.tests.factories import DossierFactory, staff_member


@pytest.fixture(autouse=True)
def pki(settings, tmp_path):
    """Give each test its own development CA directory and media folder."""
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_DEV_PKI = True
    settings.MOTCUA_PKI_TRUST_ROOTS = []
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_PUBLIC_URL = "https://motcua.example.vn"
    return settings.MOTCUA_PKI_DIR


@pytest.fixture
def dossier(db):
    return DossierFactory(in_progress=True)


@pytest.fixture
def agency(dossier):
    return dossier.handling_agency


@pytest.fixture
def specialist(agency):
    return staff_member(agency, Role.SPECIALIST, full_name="Trần Thị Bích")


@pytest.fixture
def leader(agency):
    return staff_member(agency, Role.LEADER, full_name="Lê Văn Lãnh")


@pytest.fixture
def clerk(agency):
    return staff_member(agency, Role.CLERK, full_name="Phạm Văn Thư")


@pytest.fixture
def desk(agency):
    return staff_member(agency, Role.DESK_OFFICER, full_name="Võ Thị Cửa")
