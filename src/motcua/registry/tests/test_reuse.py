import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

import pytest

from motcua.accounts.domain import Role
from motcua.dossiers.models import DossierDocument, DossierFile
from motcua.dossiers.tests.factories import (
    ApplicantFactory,
    DossierFactory,
    staff_member,
)
from motcua.registry.queries import ReuseKind, reusable_documents
from motcua.results.tests.helpers import issued_result


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_DEV_PKI = True
    settings.MOTCUA_PKI_TRUST_ROOTS = []
    settings.MEDIA_ROOT = tmp_path / "media"


def attach(dossier, name, content: bytes, *, document_name="", at=None):
    document = None
    if document_name:
        document = DossierDocument.objects.create(dossier=dossier, name=document_name)
    item = DossierFile(
        dossier=dossier,
        document=document,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_at=at or timezone.now(),
    )
    item.file.save(name, ContentFile(content), save=False)
    item.save()
    return item


@pytest.mark.django_db
def test_files_and_issued_results_of_earlier_dossiers_are_offered():
    citizen = ApplicantFactory()
    earlier = DossierFactory(in_progress=True, applicant=citizen)
    now = timezone.now()
    card = attach(
        earlier,
        "cccd.pdf",
        b"%PDF id card",
        document_name="Căn cước",
        at=now - timedelta(days=3),
    )
    attach(
        earlier, "cccd-copy.pdf", b"%PDF id card", at=now - timedelta(days=2)
    )  # same content
    agency = earlier.handling_agency
    result = issued_result(
        earlier,
        specialist=staff_member(agency, Role.SPECIALIST),
        leader=staff_member(agency, Role.LEADER),
        clerk=staff_member(agency, Role.CLERK),
    )
    draft = DossierFactory(new=True, applicant=citizen)  # not received: nothing held
    attach(draft, "draft.pdf", b"%PDF draft")
    other = DossierFactory(in_progress=True)  # someone else
    attach(other, "theirs.pdf", b"%PDF theirs")

    found = reusable_documents(citizen.personal_id)

    assert [doc.kind for doc in found] == [ReuseKind.RESULT, ReuseKind.FILE]
    assert found[0].pk == result.pk
    assert found[0].result_code == result.code
    assert found[0].dossier_code == earlier.code
    file_doc = found[1]
    assert file_doc.sha256 == card.sha256
    assert file_doc.title in ("Căn cước", "cccd-copy.pdf")
    assert file_doc.procedure_name == earlier.procedure_version.name


@pytest.mark.django_db
def test_nothing_for_an_unknown_or_empty_id():
    assert reusable_documents("") == []
    assert reusable_documents("080090999999") == []
