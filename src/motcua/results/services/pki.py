"""Signing certificates of agencies: the development CA and real ones.

Development (``MOTCUA_DEV_PKI``, the default): a local certificate
authority lives in ``MOTCUA_PKI_DIR`` (``ca.pem`` and its encrypted key),
made by ``manage.py make_dev_pki`` or the first time an agency signs; each
agency gets a certificate issued by it, its key in an encrypted PEM file
beside it.

Production: each agency's certificate comes from a licensed CA as a
PKCS#12 file (.p12/.pfx). ``import_pkcs12`` (the ``import_signing_certificate``
command and the admin's import page) records it with the name of the
environment variable that holds its password; the password is never
stored. The CA certificates that verify signatures are listed in
``MOTCUA_PKI_TRUST_ROOTS``.
"""

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from motcua.accounts.models import Agency

from ..models import SigningCertificate

CA_NAME = "motcua CA phát triển (không dùng thật)"
CA_YEARS = 10
AGENCY_YEARS = 3
KEY_SIZE = 2048


class CertificateUnavailable(Exception):
    """The agency has no usable signing certificate; the message is for staff."""


@dataclass(frozen=True)
class KeyMaterial:
    """A loaded key with its certificate and the chain to embed."""

    key: object  # a cryptography private key
    certificate: x509.Certificate
    chain: list[x509.Certificate]


def pki_dir() -> Path:
    return Path(settings.MOTCUA_PKI_DIR)


def _passphrase() -> bytes:
    return settings.MOTCUA_PKI_PASSPHRASE.encode()


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _encrypted(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_passphrase()),
    )


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def ca_paths() -> tuple[Path, Path]:
    return pki_dir() / "ca.pem", pki_dir() / "ca.key.pem"


def ensure_dev_ca() -> x509.Certificate:
    """Return the development CA's certificate, creating the CA if missing."""
    cert_path, key_path = ca_paths()
    if cert_path.exists() and key_path.exists():
        return x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "motcua"),
            x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
        ]
    )
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, _encrypted(key))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return certificate


def _ca_key():
    _, key_path = ca_paths()
    return serialization.load_pem_private_key(
        key_path.read_bytes(), password=_passphrase()
    )


def issue_dev_certificate(agency: Agency) -> SigningCertificate:
    """Issue a development certificate for ``agency`` and make it active."""
    ca = ensure_dev_ca()
    ca_key = _ca_key()
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(
                NameOID.ORGANIZATION_NAME,
                (agency.parent.name if agency.parent_id else agency.name)[:64],
            ),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, agency.code),
            x509.NameAttribute(NameOID.COMMON_NAME, agency.name[:64]),
        ]
    )
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * AGENCY_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.public_key()),
            critical=False,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    serial = format(certificate.serial_number, "x")
    key_path = pki_dir() / "agencies" / f"{agency.code}-{serial[:12]}.key.pem"
    _write_private(key_path, _encrypted(key))
    return _record(
        agency,
        certificate,
        chain=[ca],
        storage=SigningCertificate.Storage.PEM,
        key_path=key_path,
        password_env="",
    )


def import_pkcs12(
    agency: Agency, path: Path | str, *, password_env: str = ""
) -> SigningCertificate:
    """Record the PKCS#12 file at ``path`` as ``agency``'s signing certificate.

    The password is read from the environment variable ``password_env``
    (``MOTCUA_PKI_PASSPHRASE`` when empty) now, to check the file opens,
    and again at each signature; it is never written to the database.
    Raises ``CertificateUnavailable`` when the file cannot be opened.
    """
    path = Path(path).resolve()
    material = _load_pkcs12(path, password_env)
    return _record(
        agency,
        material.certificate,
        chain=material.chain,
        storage=SigningCertificate.Storage.PKCS12,
        key_path=path,
        password_env=password_env,
    )


def _password(password_env: str) -> bytes:
    if not password_env:
        return _passphrase()
    value = os.environ.get(password_env)
    if value is None:
        raise CertificateUnavailable(
            _(
                "The environment variable %(name)s with the certificate's password is not set."
            )
            % {"name": password_env}
        )
    return value.encode()


def _load_pkcs12(path: Path, password_env: str) -> KeyMaterial:
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(
            path.read_bytes(), _password(password_env)
        )
    except (OSError, ValueError) as error:
        raise CertificateUnavailable(
            _("The PKCS#12 file %(path)s cannot be opened: %(error)s")
            % {"path": path, "error": error}
        ) from error
    if key is None or certificate is None:
        raise CertificateUnavailable(
            _("The PKCS#12 file %(path)s holds no key and certificate.")
            % {"path": path}
        )
    return KeyMaterial(key, certificate, list(others or []))


def _record(agency, certificate, *, chain, storage, key_path, password_env):
    with transaction.atomic():
        SigningCertificate.objects.filter(agency=agency, active=True).update(
            active=False
        )
        return SigningCertificate.objects.create(
            agency=agency,
            storage=storage,
            certificate_pem=_pem(certificate),
            chain_pem="".join(_pem(c) for c in chain),
            key_path=str(key_path),
            password_env=password_env,
            subject=certificate.subject.rfc4514_string()[:500],
            serial=format(certificate.serial_number, "X")[:80],
            valid_from=certificate.not_valid_before_utc,
            valid_to=certificate.not_valid_after_utc,
            active=True,
        )


def active_certificate(agency: Agency, *, at=None) -> SigningCertificate:
    """Return the agency's usable certificate, making a dev one if allowed.

    Raises ``CertificateUnavailable`` when there is none (production) or
    the active one is not valid at ``at``.
    """
    at = at or timezone.now()
    record = SigningCertificate.objects.filter(agency=agency, active=True).first()
    if record is None or record.valid_to <= at:
        if not settings.MOTCUA_DEV_PKI:
            raise CertificateUnavailable(
                _(
                    "%(agency)s has no valid signing certificate; an administrator must import one."
                )
                % {"agency": agency.name}
            )
        record = issue_dev_certificate(agency)
    return record


def load_key(record: SigningCertificate) -> KeyMaterial:
    """Load the private key of ``record`` from its file."""
    path = Path(record.key_path)
    if record.storage == SigningCertificate.Storage.PKCS12:
        return _load_pkcs12(path, record.password_env)
    try:
        key = serialization.load_pem_private_key(
            path.read_bytes(), password=_password(record.password_env)
        )
    except (OSError, ValueError, TypeError) as error:
        raise CertificateUnavailable(
            _("The signing key of %(subject)s cannot be opened.")
            % {"subject": record.subject}
        ) from error
    certificate = x509.load_pem_x509_certificate(record.certificate_pem.encode())
    chain = (
        x509.load_pem_x509_certificates(record.chain_pem.encode())
        if record.chain_pem
        else []
    )
    return KeyMaterial(key, certificate, chain)


def trust_roots() -> list[x509.Certificate]:
    """Return the CA certificates signatures are verified against."""
    roots = []
    for name in settings.MOTCUA_PKI_TRUST_ROOTS:
        data = Path(name).read_bytes()
        if b"-----BEGIN" in data:
            roots.extend(x509.load_pem_x509_certificates(data))
        else:
            roots.append(x509.load_der_x509_certificate(data))
    cert_path, _key = ca_paths()
    if settings.MOTCUA_DEV_PKI and cert_path.exists():
        roots.append(x509.load_pem_x509_certificate(cert_path.read_bytes()))
    return roots
