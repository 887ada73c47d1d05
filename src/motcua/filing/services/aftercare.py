"""What a citizen does with a dossier after submitting it.

Complete it when the agency asks for a supplement (``resubmit``: the
earlier e-form and files are kept), ask to withdraw it (``request_withdrawal``,
status 7) and rate the service once the result is returned (``rate``).
Refusals are ``FilingError`` with Vietnamese messages; nothing is written
when one is raised.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.domain import Action, Activity, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.files import FileRefused, validate_upload
from motcua.dossiers.services.lifecycle import (
    ConcurrentChange,
    describe,
    record_activity,
    transition,
)
from motcua.dossiers.services.online import (
    OnlinePaper,
    StoredFile,
    reception_deadline,
    save_papers,
)
from motcua.eforms.services import eform_of, validate

from ..domain import Satisfaction
from ..models import Rating, SupplementRound
from .submission import FilingError, may_act_for

WITHDRAWABLE = frozenset({Status.RECEIVED, Status.IN_PROGRESS})
"""A citizen may ask to withdraw a received dossier until its result is ready."""
RATEABLE = frozenset({Status.RETURNED})


def _check_owner(dossier: Dossier, user) -> None:
    owner = dossier.citizen_owner
    if dossier.submitted_by_id == getattr(user, "pk", None):
        return
    if owner is not None and may_act_for(user, owner):
        return
    raise FilingError.one(_("This dossier is not yours."))


def _store(upload) -> StoredFile:
    try:
        clean = validate_upload(upload)
    except FileRefused as refused:
        raise FilingError.one(str(refused), "files") from refused
    name = default_storage.save(
        f"dossiers/{timezone.now():%Y/%m}/{clean.storage_name}",
        ContentFile(clean.content),
    )
    return StoredFile(
        storage_name=name,
        original_name=clean.name,
        content_type=clean.content_type,
        size=clean.size,
        sha256=clean.sha256,
    )


def resubmit(
    dossier: Dossier,
    *,
    user,
    form_data: dict | None = None,
    files: dict | None = None,
    note: str = "",
    at=None,
) -> SupplementRound:
    """Submit the supplement asked for; keep the earlier form and files.

    ``files`` maps a listed paper's id to uploads. Before reception the
    desk gets 8 working hours again to answer; during processing the
    supplement is received at once and the legal clock resumes.
    """
    at = at or timezone.now()
    _check_owner(dossier, user)
    files = files or {}
    listed = {d.pk: d for d in dossier.procedure_version.documents.all()}
    if any(int(key) not in listed for key in files):
        raise FilingError.one(_("A paper is not one of this procedure's."), "files")
    if form_data is not None:
        eform = eform_of(dossier.procedure_version)
        errors = validate(eform, form_data) if eform else {}
        if errors:
            raise FilingError(
                {"form": [f"{k}: {m}" for k, ms in errors.items() for m in ms]}
            )
    if form_data is None and not any(files.values()) and not note.strip():
        raise FilingError.one(_("Attach the papers asked for or correct the form."))
    stored: list[StoredFile] = []
    try:
        papers = []
        for key, uploads in files.items():
            saved = tuple(_store(upload) for upload in uploads)
            stored.extend(saved)
            if saved:
                papers.append(OnlinePaper(required_document_id=int(key), files=saved))
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
            if locked.status != Status.AWAITING_SUPPLEMENT:
                raise FilingError.one(
                    _("This dossier is not waiting for a supplement.")
                )
            number = locked.supplement_rounds.count() + 1
            supplement = SupplementRound.objects.create(
                dossier=locked,
                number=number,
                submitted_by=user,
                submitted_at=at,
                previous_form_data=locked.form_data,
                form_data=form_data if form_data is not None else locked.form_data,
                note=note.strip(),
            )
            save_papers(locked, papers, listed, user=user, at=at, round_number=number)
            if form_data is not None:
                locked.form_data = form_data
                locked.save(update_fields=["form_data"])
            payload = {"round": number, "files": len(stored), "online": True}
            if locked.received_at is None:
                locked.reception_due_at = reception_deadline(
                    locked.receiving_agency, at
                )
                locked.save(update_fields=["reception_due_at"])
                record_activity(
                    locked,
                    Activity.RESUBMIT,
                    actor=user,
                    reason=note.strip(),
                    payload=payload,
                    public=True,
                    at=at,
                )
            else:
                _resume(locked, user=user, note=note, payload=payload, at=at)
    except BaseException:
        for item in stored:
            default_storage.delete(item.storage_name)
        raise
    dossier.refresh_from_db()
    return supplement


def _resume(dossier, *, user, note, payload, at) -> None:
    """Receive the supplement of a received dossier: the clock runs again."""
    from motcua.workflow.services.runtime import refresh_dues

    try:
        transition(
            dossier,
            Action.RECEIVE_SUPPLEMENT,
            actor=user,
            reason=note.strip(),
            payload=payload,
            at=at,
        )
    except ConcurrentChange as changed:
        raise FilingError.one(describe(changed)) from changed
    refresh_dues(dossier)


def request_withdrawal(dossier: Dossier, *, user, reason: str) -> Dossier:
    """Ask the agency to stop a received dossier (status 7).

    Only before its result is ready; the agency accepts (the dossier
    stops) or refuses (processing goes on).
    """
    _check_owner(dossier, user)
    if not reason.strip():
        raise FilingError.one(_("Say why you withdraw the dossier."), "reason")
    if dossier.status not in WITHDRAWABLE:
        raise FilingError.one(
            _("A dossier can be withdrawn only after reception and before its result.")
        )
    try:
        return transition(
            dossier,
            Action.REQUEST_WITHDRAWAL,
            actor=user,
            reason=reason.strip()[:1000],
        )
    except ConcurrentChange as changed:
        raise FilingError.one(describe(changed)) from changed


def rate(
    dossier: Dossier, *, user, overall, convenience, staff, comment: str = "", at=None
) -> Rating:
    """Record the applicant's satisfaction once the result is returned."""
    at = at or timezone.now()
    _check_owner(dossier, user)
    errors: dict[str, list[str]] = {}
    answers = {"overall": overall, "convenience": convenience, "staff": staff}
    for key, value in answers.items():
        if value not in set(Satisfaction):
            errors.setdefault(key, []).append(_("Choose one of the answers."))
    if len(comment) > 2000:
        errors.setdefault("comment", []).append(
            _("Keep the comment under 2,000 characters.")
        )
    if errors:
        raise FilingError(errors)
    if dossier.status not in RATEABLE:
        raise FilingError.one(
            _("You can rate the service once the result is returned.")
        )
    try:
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
            rating = Rating.objects.create(
                dossier=locked,
                user=user,
                comment=comment.strip(),
                rated_at=at,
                **answers,
            )
            record_activity(
                locked,
                Activity.RATE,
                actor=user,
                payload=answers,
                public=True,
                at=at,
            )
    except IntegrityError as twice:
        raise FilingError.one(_("This dossier was already rated.")) from twice
    return rating
