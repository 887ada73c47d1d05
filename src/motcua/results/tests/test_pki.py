import os
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    pkcs12,
)

from motcua.accounts.domain import Role
from motcua.accounts.tests.factories import AgencyFactory
from motcua.dossiers.tests.factories import staff_member
from motcua.results.models import SigningCertificate
from motcua.results.services import generate_result, sign_result, verify
from motcua.results.services.pki import (
    CertificateUnavailable,
    _ca_key,
    ensure_dev_ca,
    import_pkcs12,
    issue_dev_certificate,
    load_key,
)

pytestmark = pytest.mark.django_db


def test_make_dev_pki_gives_every_agency_with_a_leader_a_certificate(pki):
    with_leader = AgencyFactory()
    staff_member(with_leader, Role.LEADER)
    AgencyFactory()

    call_command("make_dev_pki", verbosity=0)
    call_command("make_dev_pki", verbosity=0)  # idempotent

    assert (pki / "ca.pem").exists()
    assert list(SigningCertificate.objects.values_list("agency", flat=True)) == [
        with_leader.pk
    ]
    key_file = SigningCertificate.objects.get().key_path
    assert oct(os.stat(key_file).st_mode & 0o777) == "0o600"
    assert b"ENCRYPTED" in Path(key_file).read_bytes()


def test_make_dev_pki_refuses_when_the_dev_pki_is_off(settings):
    settings.MOTCUA_DEV_PKI = False

    with pytest.raises(CommandError):
        call_command("make_dev_pki", verbosity=0)


def test_a_new_certificate_replaces_the_active_one():
    agency = AgencyFactory()
    first = issue_dev_certificate(agency)

    second = issue_dev_certificate(agency)

    first.refresh_from_db()
    assert not first.active
    assert second.active


def _p12(tmp_path, agency, password=b"mat-khau"):
    """Make a PKCS#12 file as a licensed CA would deliver it (here: the dev CA)."""
    record = issue_dev_certificate(agency)
    material = load_key(record)
    data = pkcs12.serialize_key_and_certificates(
        b"agency",
        material.key,
        material.certificate,
        [ensure_dev_ca()],
        BestAvailableEncryption(password),
    )
    record.delete()
    path = tmp_path / "agency.p12"
    path.write_bytes(data)
    return path


def test_a_pkcs12_certificate_is_imported_and_signs(tmp_path, monkeypatch, dossier):
    agency = dossier.handling_agency
    path = _p12(tmp_path, agency)
    monkeypatch.setenv("AGENCY_P12_PASSWORD", "mat-khau")

    record = import_pkcs12(agency, path, password_env="AGENCY_P12_PASSWORD")

    assert record.storage == SigningCertificate.Storage.PKCS12
    assert record.password_env == "AGENCY_P12_PASSWORD"
    assert "mat-khau" not in str(SigningCertificate.objects.values().get())
    leader = staff_member(agency, Role.LEADER)
    specialist = staff_member(agency, Role.SPECIALIST)
    result = generate_result(dossier, user=specialist)
    sign_result(result, user=leader, agency=agency)
    assert result.certificate == record
    assert verify(result).valid


def test_a_pkcs12_with_a_wrong_password_is_refused(tmp_path, monkeypatch):
    agency = AgencyFactory()
    path = _p12(tmp_path, agency)
    monkeypatch.setenv("AGENCY_P12_PASSWORD", "sai")

    with pytest.raises(CertificateUnavailable):
        import_pkcs12(agency, path, password_env="AGENCY_P12_PASSWORD")


def test_the_import_command_reads_the_password_from_the_environment(
    tmp_path, monkeypatch
):
    agency = AgencyFactory()
    path = _p12(tmp_path, agency)
    monkeypatch.setenv("P12_PASS", "mat-khau")

    call_command(
        "import_signing_certificate",
        agency.code,
        str(path),
        password_env="P12_PASS",
        verbosity=0,
    )

    assert (
        SigningCertificate.objects.get(agency=agency, active=True).storage == "pkcs12"
    )


def test_the_ca_key_is_encrypted_with_the_passphrase(pki, settings):
    ensure_dev_ca()
    assert _ca_key() is not None
    settings.MOTCUA_PKI_PASSPHRASE = "another"

    with pytest.raises((ValueError, TypeError)):
        _ca_key()


def test_the_dev_ca_is_a_ca():
    ca = ensure_dev_ca()

    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_the_admin_imports_a_pkcs12_file(admin_client, tmp_path, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    agency = AgencyFactory()
    path = _p12(tmp_path, agency)
    monkeypatch.setenv("P12_PASS", "mat-khau")

    page = admin_client.get("/admin/results/signingcertificate/import/")
    response = admin_client.post(
        "/admin/results/signingcertificate/import/",
        {
            "agency": agency.pk,
            "file": SimpleUploadedFile("a.p12", path.read_bytes()),
            "password_env": "P12_PASS",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    assert SigningCertificate.objects.get(agency=agency).storage == "pkcs12"
    listing = admin_client.get("/admin/results/signingcertificate/")
    assert "Nhập tệp PKCS#12" in listing.content.decode()
