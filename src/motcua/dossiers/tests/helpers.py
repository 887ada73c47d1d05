"""Shared set-up for service tests: a commune, its desk and a procedure."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from motcua.accounts.tests.factories import AgencyFactory
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure
from motcua.dossiers.services.reception import (
    ApplicantData,
    DocumentReceipt,
    receive_dossier,
)

from .factories import desk_officer

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def local(*parts) -> datetime:
    return datetime(*parts, tzinfo=HCM)


def five_day_procedure(agency=None, *, code="1.000001"):
    """Publish a procedure of 5 working days at the desk, 20.000 đ of fees."""
    spec = birth_registration_spec(
        code=code,
        name="Chứng thực bản sao từ bản chính",
        channels=[
            {
                "channel": "desk",
                "time_amount": 5,
                "time_unit": "working_days",
                "fees": [{"name": "Lệ phí", "amount": 20000}],
            }
        ],
    )
    version = published_procedure(spec, effective_from=date(2024, 1, 1))
    if agency is not None:
        version.agencies.add(agency)
    return version


def desk(code="000.00.25.H39"):
    agency = AgencyFactory(code=code, name="Ủy ban nhân dân huyện Tân Thạnh")
    return agency, desk_officer(agency, username=f"motcua.{code}")


def applicant(**overrides) -> ApplicantData:
    values = {
        "full_name": "Nguyễn Văn An",
        "personal_id": "080090000123",
        "date_of_birth": date(1990, 5, 17),
        "address": "Ấp 3, thị trấn Tân Thạnh",
        "phone": "0912345678",
        "email": "an@example.vn",
    }
    return ApplicantData(**{**values, **overrides})


def all_documents(version) -> list[DocumentReceipt]:
    return [
        DocumentReceipt(required_document_id=d.pk, originals=1)
        for d in version.documents.all()
    ]


def receive(agency, officer, version, *, at, **kwargs):
    return receive_dossier(
        officer=officer,
        agency=agency,
        procedure_version=version,
        applicant=kwargs.pop("applicant", None) or applicant(),
        documents=kwargs.pop("documents", None) or all_documents(version),
        received_at=at,
        **kwargs,
    )
