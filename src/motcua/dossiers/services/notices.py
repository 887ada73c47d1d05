"""What the applicant is told, by e-mail and SMS, when their dossier moves.

``notify_event`` maps an event of the trail to a kind of message and
queues it in the outbox in the same transaction as the event (called by
``transition()``, ``record_activity()`` and desk reception). The outbox
row is keyed by dossier code and event sequence, so the same event never
gives two messages. Staff warnings go through ``warn_staff_at_risk``.

The reads at the end list the messages of a dossier or of an agency's
dossiers for the back office and the API (the outbox itself knows no
dossier; it keeps the code as plain text).
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from motcua.citizens.domain import notice_channels
from motcua.notifications.models import OutboxMessage
from motcua.notifications.services import notify_staff, queue_message

from ..domain import Action, Activity
from ..models import Dossier, DossierEvent

NOTICE_KINDS = {
    Action.SUBMIT: "submitted",
    Action.REFUSE: "not_accepted",
    Action.RECEIVE: "received",
    Action.REQUEST_SUPPLEMENT: "supplement_needed",
    Action.REQUEST_FEES: "fees_due",
    Activity.EXTEND: "late_new_date",
    Action.RESOLVE: "result_ready",
    Action.RETURN_RESULT: "returned",
}
"""Events the applicant is told about, and the message kind of each."""


def notify_event(dossier: Dossier, event: DossierEvent, *, language="vi") -> list:
    """Queue the applicant's messages for ``event``, if it is one they get.

    Runs inside the caller's transaction; returns the outbox rows.
    """
    kind = NOTICE_KINDS.get(event.action)
    if kind is None:
        return []
    email, phone = applicant_contacts(dossier)
    owner = dossier.citizen_owner
    if owner is not None:  # an online owner chose their channels and language
        email, phone = notice_channels(
            email, phone, by_email=owner.notify_email, by_sms=owner.notify_sms
        )
        language = owner.language or language
    if not (email or phone):
        return []
    with translation.override(language):
        context = notice_context(dossier, event, kind)
    return queue_message(
        kind=kind,
        recipient_email=email,
        recipient_phone=phone,
        context=context,
        language=language,
        dedupe_key=f"{dossier.code}:{event.sequence}",
        subject_ref=dossier.code,
        at=event.at,
    )


def applicant_contacts(dossier: Dossier) -> tuple[str, str]:
    """Return the e-mail and phone to write to (as declared, else as on file)."""
    snapshot = dossier.applicant_snapshot or {}
    applicant = dossier.applicant
    email = snapshot.get("email") or applicant.email
    phone = snapshot.get("phone") or applicant.phone or dossier.submitter_phone
    return (email or "").strip(), (phone or "").strip()


def day(moment) -> str:
    """Return ``moment`` (aware datetime or ISO text) as local dd/mm/yyyy."""
    if isinstance(moment, str):
        moment = parse_datetime(moment)
    if not isinstance(moment, datetime):
        return ""
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def moment_text(moment) -> str:
    """Return an aware datetime as local dd/mm/yyyy HH:MM ("" for None)."""
    if not isinstance(moment, datetime):
        return ""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def money(amount: int) -> str:
    text = f"{int(amount):,}"
    if translation.get_language() == "vi":
        return text.replace(",", ".") + " đồng"
    return text + " VND"


def notice_context(dossier: Dossier, event: DossierEvent, kind: str) -> dict:
    payload = event.payload or {}
    snapshot = dossier.applicant_snapshot or {}
    context = {
        "dossier_code": dossier.code,
        "procedure_name": dossier.procedure_version.name,
        "applicant_name": snapshot.get("full_name") or dossier.applicant.full_name,
        "agency_name": dossier.handling_agency.name,
        "tracking_url": tracking_url(dossier.code),
        "reason": event.reason,
        "received_date": day(dossier.received_at),
        "due_date": day(dossier.due_at),
    }
    if kind == "submitted":
        context["submitted_date"] = moment_text(dossier.submitted_at)
        context["answer_by"] = moment_text(dossier.reception_due_at)
        context["agency_name"] = dossier.receiving_agency.name
    elif kind == "supplement_needed":
        missing = [str(m) for m in payload.get("missing") or payload.get("items") or []]
        context["missing"] = "\n".join(f"- {name}" for name in missing)
        context["missing_inline"] = "; ".join(missing)
    elif kind == "fees_due":
        owed = max(0, dossier.fee_due - dossier.fee_paid)
        context["amount"] = money(payload.get("amount") or owed)
    elif kind == "late_new_date":
        new = payload.get("new_due_at") or dossier.extended_due_at
        context["new_date"] = payload.get("new_date") or day(new)
        context["due_date"] = day(payload.get("original_due_at") or dossier.due_at)
    elif kind == "result_ready":
        context["resolved_date"] = day(event.at)
        context["delivery"] = str(dossier.get_delivery_method_display())
    elif kind == "returned":
        context["returned_date"] = day(event.at)
    return context


def tracking_url(code: str) -> str:
    return f"{settings.MOTCUA_PUBLIC_URL}{reverse('portal:tracking')}?ma={code}"


def warn_staff_at_risk(
    dossier: Dossier, users, *, due_at: datetime, step_name: str = "", key: str = ""
) -> list:
    """Warn ``users`` that ``dossier`` (or its step) is due at ``due_at``.

    ``key`` tells warnings apart (e.g. the task and level); the same key
    warns each user once.
    """
    local = timezone.localtime(due_at)
    context = {
        "dossier_code": dossier.code,
        "procedure_name": dossier.procedure_version.name,
        "applicant_name": (dossier.applicant_snapshot or {}).get("full_name", ""),
        "agency_name": dossier.handling_agency.name,
        "tracking_url": tracking_url(dossier.code),
        "due_date": local.strftime("%H:%M %d/%m/%Y"),
        "step_name": step_name,
        "dossier_url": settings.MOTCUA_PUBLIC_URL
        + reverse("backoffice:dossier", args=[dossier.code]),
    }
    return notify_staff(
        users,
        kind="at_risk",
        context=context,
        dedupe_key=f"at_risk:{dossier.code}:{key or local.isoformat()}",
    )


# Reads for the back office and the API.


def dossier_messages(dossier: Dossier) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(subject_ref=dossier.code).order_by(
        "-created_at", "-pk"
    )


def agency_messages(agency_ids) -> QuerySet[OutboxMessage]:
    """Messages about dossiers received or handled by one of ``agency_ids``."""
    dossiers = Dossier.objects.filter(code=OuterRef("subject_ref")).filter(
        Q(receiving_agency__in=agency_ids) | Q(handling_agency__in=agency_ids)
    )
    return OutboxMessage.objects.filter(Exists(dossiers)).order_by("-created_at", "-pk")
