"""Dossiers submitted online, made through ``submit_online`` as a citizen would.

Tests of the desk's online queue (back office, API, browser) build their
dossiers here: files are put in the default storage first, as a draft's
uploads are, and the e-form of the procedure version is created when asked.
"""

import hashlib
import itertools
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers.domain import Reuse
from motcua.dossiers.services.online import OnlinePaper, StoredFile, submit_online
from motcua.dossiers.services.reception import DeliveryData
from motcua.dossiers.services.validation import ApplicantData
from motcua.eforms.models import EForm

_NUMBERS = itertools.count(1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

EFORM_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "child_name": {
            "type": "string",
            "title": "Họ, chữ đệm, tên người được khai sinh",
        },
        "child_birth_date": {
            "type": "string",
            "format": "date",
            "title": "Ngày, tháng, năm sinh",
        },
        "child_sex": {
            "type": "string",
            "enum": ["male", "female"],
            "title": "Giới tính",
        },
        "twins": {"type": "boolean", "title": "Sinh đôi"},
    },
    "required": ["child_name"],
}
EFORM_LAYOUT = {
    "sections": [
        {
            "title": "Người được khai sinh",
            "fields": [
                {"key": "child_name", "widget": "text"},
                {"key": "child_birth_date", "widget": "date"},
                {
                    "key": "child_sex",
                    "widget": "radio",
                    "labels": {"male": "Nam", "female": "Nữ"},
                },
                {"key": "twins", "widget": "checkbox"},
            ],
        }
    ]
}
FORM_DATA = {
    "child_name": "Nguyễn Minh Khôi",
    "child_birth_date": "2026-11-20",
    "child_sex": "male",
    "twins": False,
}


def birth_eform(version) -> EForm:
    """Give ``version`` the small birth registration e-form above."""
    eform, _ = EForm.objects.get_or_create(
        version=version,
        defaults={
            "title": "Tờ khai đăng ký khai sinh",
            "schema": EFORM_SCHEMA,
            "layout": EFORM_LAYOUT,
        },
    )
    return eform


def stored_pdf(name: str = "giay-chung-sinh.pdf", content: bytes = PDF) -> StoredFile:
    """Put a PDF in the default storage, as a draft's upload, and describe it."""
    storage_name = default_storage.save(f"drafts/test/{name}", ContentFile(content))
    return StoredFile(
        storage_name=storage_name,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def submit(
    agency,
    version,
    *,
    at: datetime | None = None,
    user=None,
    full_name: str = "Nguyễn Văn Bình",
    personal_id: str = "",
    fee_exemption: str = "",
    reused_first: bool = True,
    form_data: dict | None = None,
):
    """Submit a birth registration online at ``agency``; return the dossier (NEW).

    Every listed paper gets a file; the first one is reused from an earlier
    dossier (the national flag) unless ``reused_first`` is False.
    """
    user = user or UserFactory()
    # A personal ID of Long An (080), male born in the 1900s, one per call.
    personal_id = personal_id or f"0800900{next(_NUMBERS):05d}"
    papers = []
    for index, document in enumerate(version.documents.all()):
        reused = reused_first and index == 0
        papers.append(
            OnlinePaper(
                required_document_id=document.pk,
                reuse=Reuse.DOCUMENT if reused else Reuse.NONE,
                reused_from="000.05.25.H39-260101-0001" if reused else "",
                files=(stored_pdf(f"giay-to-{index + 1}.pdf"),),
            )
        )
    return submit_online(
        user=user,
        agency=agency,
        procedure_version=version,
        applicant=ApplicantData(
            full_name=full_name,
            personal_id=personal_id,
            address="Khu phố 1, thị trấn Tân Thạnh",
            phone="0912345678",
        ),
        papers=papers,
        form_data=FORM_DATA if form_data is None else form_data,
        delivery=DeliveryData(method="desk"),
        fee_exemption=fee_exemption,
        at=at,
    )
