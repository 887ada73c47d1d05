"""The papers of a draft: uploads checked like the desk's, reused documents.

"Never ask for a document the state already holds": besides an upload per
listed paper, a citizen may reuse a paper of an earlier dossier or a result
issued to them; the draft then points to the stored file (no copy) and the
dossier flags the paper as reused (national indicator).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import RequiredDocument
from motcua.dossiers.domain import Reuse
from motcua.dossiers.models import DossierFile
from motcua.dossiers.services.files import FileRefused, validate_upload

from ..domain import Step, furthest
from ..models import Draft, DraftFile
from .submission import FilingError


class DraftRefused(FilingError):
    """A step that cannot be completed; ``errors`` says why, by field."""

    def __init__(self, errors):
        super().__init__({key: list(messages) for key, messages in errors.items()})


def reach_step(draft: Draft, done: Step) -> None:
    """Record that ``done`` is completed (the furthest step never goes back)."""
    draft.step = furthest(draft.step, done).value


def _document(draft: Draft, document_id) -> RequiredDocument:
    try:
        return draft.procedure_version.documents.get(pk=int(document_id))
    except (RequiredDocument.DoesNotExist, TypeError, ValueError):
        raise DraftRefused(
            {"documents": [_("This paper is not one of this procedure's.")]}
        ) from None


def attach_upload(draft: Draft, *, document_id, upload) -> DraftFile:
    """Attach an uploaded file to a listed paper, checked as at the desk."""
    document = _document(draft, document_id)
    try:
        clean = validate_upload(upload)
    except FileRefused as refused:
        raise DraftRefused({"file": [str(refused)]}) from None
    item = DraftFile(
        draft=draft,
        required_document=document,
        original_name=clean.name,
        content_type=clean.content_type,
        size=clean.size,
        sha256=clean.sha256,
        uploaded_at=timezone.now(),
    )
    item.file.save(clean.storage_name, ContentFile(clean.content), save=False)
    item.save()
    draft.save(update_fields=["updated_at"])
    return item


@dataclass(frozen=True)
class Offer:
    """A document the state holds that the citizen may reuse."""

    kind: str  # registry.queries.ReuseKind
    pk: int
    title: str
    file_name: str
    dossier_code: str
    procedure_name: str
    result_code: str
    at: object

    @property
    def token(self) -> str:
        return f"{self.kind}:{self.pk}"


def reuse_offers(draft: Draft) -> list[Offer]:
    """Return the documents and results of the owner's earlier dossiers."""
    from motcua.registry.queries import reusable_documents

    personal_id = draft.owner.personal_id if draft.owner.kind == "person" else ""
    return [
        Offer(
            kind=doc.kind,
            pk=doc.pk,
            title=doc.title,
            file_name=doc.file_name,
            dossier_code=doc.dossier_code,
            procedure_name=doc.procedure_name,
            result_code=doc.result_code,
            at=doc.at,
        )
        for doc in reusable_documents(personal_id)
    ]


def attach_reuse(draft: Draft, *, document_id, offer: str) -> DraftFile:
    """Attach a document the state holds (``offer`` "file:12" or "result:3")."""
    from motcua.registry.queries import ReuseKind
    from motcua.results.models import Result

    document = _document(draft, document_id)
    found = {o.token: o for o in reuse_offers(draft)}.get(str(offer or ""))
    if found is None:
        raise DraftRefused(
            {"reuse": [_("This document is not among those you may reuse.")]}
        )
    if found.kind == ReuseKind.RESULT:
        result = Result.objects.get(pk=found.pk)
        stored, content_type = result.file.name, "application/pdf"
        size, sha256, flag = result.size, result.sha256, Reuse.RESULT
        source = found.result_code or found.dossier_code
    else:
        held = DossierFile.objects.get(pk=found.pk)
        stored, content_type = held.file.name, held.content_type
        size, sha256, flag = held.size, held.sha256, Reuse.DOCUMENT
        source = found.dossier_code
    item = DraftFile.objects.create(
        draft=draft,
        required_document=document,
        original_name=found.file_name[:200],
        content_type=content_type,
        size=size,
        sha256=sha256,
        reuse=flag.value,
        reused_from=source[:80],
        source_path=stored,
        uploaded_at=timezone.now(),
    )
    draft.save(update_fields=["updated_at"])
    return item


def remove_file(draft: Draft, file_id) -> None:
    """Take a file off the draft (a reused file stays where the state holds it)."""
    try:
        item = draft.files.get(pk=int(file_id))
    except (DraftFile.DoesNotExist, TypeError, ValueError):
        raise DraftRefused({"file": [_("This file is not in your draft.")]}) from None
    if item.file:
        item.file.delete(save=False)
    item.delete()
    draft.save(update_fields=["updated_at"])


def missing_documents(draft: Draft) -> list[RequiredDocument]:
    """Return the required papers (without a condition) that have no file yet."""
    attached = set(draft.files.values_list("required_document_id", flat=True))
    return [
        document
        for document in draft.procedure_version.documents.all()
        if document.required
        and not document.condition.strip()
        and document.pk not in attached
    ]


def complete_documents(draft: Draft) -> Draft:
    missing = missing_documents(draft)
    if missing:
        raise DraftRefused(
            {
                "documents": [
                    _("Attach “%(name)s” or reuse a document you hold.")
                    % {"name": document.name}
                    for document in missing
                ]
            }
        )
    reach_step(draft, Step.DOCUMENTS)
    draft.save()
    return draft
