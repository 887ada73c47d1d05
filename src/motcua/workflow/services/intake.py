"""Dossiers entering processing: reception with routing, resumption, 4 on the spot."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.domain import Role
from motcua.dossiers.domain import Action, Activity, Status
from motcua.dossiers.models import DossierFile
from motcua.dossiers.services.files import FileRefused, validate_upload
from motcua.dossiers.services.lifecycle import record_activity
from motcua.dossiers.services.reception import (
    DeliveryData as ReceptionDelivery,
)
from motcua.dossiers.services.reception import (
    ReceptionRefused,
    receive_dossier,
)

from ..domain import LegOutcome, StepAction, legal_minutes
from ..models import DossierLeg
from .actions import _amount, _as_workflow_error, _transition
from .errors import WorkflowError
from .processes import process_for
from .routing import candidates
from .runtime import (
    close_leg,
    close_task,
    handover,
    holds,
    lock_dossier,
    moment,
    open_task,
    refresh_dues,
)


def route(version, agency, handling_agency=None):
    """Return the handling agency for ``version`` received at ``agency``.

    Refuses (as the desk's field errors) when nobody competent can be
    found, when several are and none was chosen, or when the chosen one is
    not competent.
    """
    competent = candidates(version, agency)
    if handling_agency is None:
        if len(competent) == 1:
            return competent[0]
        if not competent:
            raise ReceptionRefused(
                {
                    "procedure_version": [
                        _("This agency does not receive this procedure.")
                    ]
                }
            )
        raise ReceptionRefused(
            {"handling_agency": [_("Choose the agency competent to handle it.")]}
        )
    if handling_agency not in competent:
        raise ReceptionRefused(
            {
                "handling_agency": [
                    _("%(agency)s is not competent to handle this procedure.")
                    % {"agency": handling_agency}
                ]
            }
        )
    return handling_agency


def receive(**kwargs):
    """Receive a dossier at the desk, route it by competence and open its process.

    Takes the arguments of ``dossiers.services.reception.receive_dossier``;
    ``handling_agency`` may be omitted when only one agency is competent.
    The desk officer who received it holds its first task.
    """
    version, agency = kwargs["procedure_version"], kwargs["agency"]
    kwargs["handling_agency"] = route(version, agency, kwargs.get("handling_agency"))
    with transaction.atomic():
        dossier = receive_dossier(**kwargs)
        start(dossier, officer=kwargs["officer"], at=dossier.received_at)
    return dossier


def start(dossier, *, officer, at=None):
    """Open the main leg and the desk task of a received dossier."""
    at = moment(at)
    dossier = lock_dossier(dossier)
    if dossier.legs.exists():
        raise WorkflowError(_("This dossier is already being processed."))
    process = process_for(dossier.procedure_version, dossier.handling_agency)
    first = process.steps.order_by("position", "pk").first()
    if first is None:
        raise WorkflowError(_("The process of this procedure has no step."))
    leg = DossierLeg.objects.create(
        dossier=dossier,
        sequence=1,
        agency=dossier.handling_agency,
        process=process,
        started_at=dossier.received_at or at,
        due_at=dossier.due_at,
        budget_minutes=legal_minutes(dossier.time_amount, dossier.time_unit),
    )
    assignee = (
        officer
        if officer is not None
        and holds(officer, dossier.receiving_agency, first.role)
        and first.agency_rule == "receiving"
        else None
    )
    return open_task(
        dossier,
        leg,
        first,
        at=dossier.received_at or at,
        given_by=officer,
        assignee=assignee,
    )


def accept_online(dossier, *, officer, handling_agency=None, at=None):
    """Receive a dossier submitted online: the legal clock starts now.

    Allowed while it waits for the desk (NEW, or completed after a request
    before reception). The desk officer must work at the receiving agency;
    the dossier is routed by competence as at the desk and its process
    opens with the officer holding the first task.
    """
    at = moment(at)
    with transaction.atomic():
        locked = lock_dossier(dossier)
        if not holds(officer, locked.receiving_agency, Role.DESK_OFFICER):
            raise WorkflowError(
                _("Only the desk of %(agency)s receives this dossier.")
                % {"agency": locked.receiving_agency}
            )
        if locked.received_at is not None or locked.status not in (
            Status.NEW,
            Status.AWAITING_SUPPLEMENT,
        ):
            raise WorkflowError(_("This dossier is not waiting to be received."))
        try:
            chosen = route(
                locked.procedure_version, locked.receiving_agency, handling_agency
            )
        except ReceptionRefused as refused:
            messages = [m for ms in refused.errors.values() for m in ms]
            raise WorkflowError(" ".join(messages)) from refused
        if chosen != locked.handling_agency:
            locked.handling_agency = chosen
            locked.save(update_fields=["handling_agency"])
        _transition(
            locked,
            Action.RECEIVE,
            actor=officer,
            payload={"channel": locked.channel, "online": True},
            at=at,
        )
        start(locked, officer=officer, at=at)
    _copy(dossier, locked)
    return dossier


def adopt_received() -> int:
    """Open the process of received dossiers that have none yet.

    Dossiers received before processing existed (or through the desk
    service alone) wait at their desk step; returns how many were opened.
    """
    from motcua.dossiers.models import Dossier

    waiting = Dossier.objects.filter(status=Status.RECEIVED, legs__isnull=True)
    count = 0
    for dossier in waiting.select_related("received_by"):
        with transaction.atomic():
            start(dossier, officer=dossier.received_by, at=dossier.received_at)
        count += 1
    return count


def _check_desk(dossier, user) -> None:
    if not holds(user, dossier.receiving_agency, Role.DESK_OFFICER):
        raise WorkflowError(
            _("Only the desk of %(agency)s records what the applicant brings.")
            % {"agency": dossier.receiving_agency}
        )


def record_supplement(dossier, *, user, note="", files=(), at=None):
    """Record the supplement at the desk: the clock resumes, step dues move on."""
    at = moment(at)
    checked = []
    for upload in files:
        try:
            checked.append(validate_upload(upload))
        except FileRefused as refused:
            raise WorkflowError(str(refused)) from refused
    with transaction.atomic():
        locked = lock_dossier(dossier)
        _check_desk(locked, user)
        if locked.status != Status.AWAITING_SUPPLEMENT or locked.received_at is None:
            raise WorkflowError(_("This dossier is not waiting for a supplement."))
        for clean in checked:
            stored = DossierFile(
                dossier=locked,
                original_name=clean.name,
                content_type=clean.content_type,
                size=clean.size,
                sha256=clean.sha256,
                uploaded_by=user,
                uploaded_at=at,
            )
            stored.file.save(clean.storage_name, ContentFile(clean.content), save=False)
            stored.save()
        _transition(
            locked,
            Action.RECEIVE_SUPPLEMENT,
            actor=user,
            reason=note.strip(),
            payload={"files": len(checked)},
            at=at,
        )
        refresh_dues(locked)
    _copy(dossier, locked)
    return dossier


def record_fees(dossier, *, user, amount: int, at=None):
    """Record the fees paid at the desk: the clock resumes, step dues move on."""
    at = moment(at)
    with transaction.atomic():
        locked = lock_dossier(dossier)
        _check_desk(locked, user)
        if locked.status != Status.AWAITING_FEES:
            raise WorkflowError(_("This dossier is not waiting for fees."))
        amount = _amount(amount)
        if amount <= 0:
            raise WorkflowError(_("Give the amount paid."))
        _transition(
            locked,
            Action.RECORD_FEES,
            actor=user,
            payload={"amount": int(amount)},
            at=at,
        )
        refresh_dues(locked)
    _copy(dossier, locked)
    return dossier


def record_fees_paid(dossier, *, amount: int, actor=None, payment="", at=None):
    """Record fees the payments app confirmed (VNPay's IPN, or the desk).

    As ``record_fees`` without the desk check: the payment itself is the
    proof (its reference is kept in the event), and ``actor`` is None when
    the gateway confirmed it.
    """
    at = moment(at)
    with transaction.atomic():
        locked = lock_dossier(dossier)
        if locked.status != Status.AWAITING_FEES:
            raise WorkflowError(_("This dossier is not waiting for fees."))
        _transition(
            locked,
            Action.RECORD_FEES,
            actor=actor,
            payload={"amount": int(amount), "payment": payment},
            at=at,
        )
        refresh_dues(locked)
    _copy(dossier, locked)
    return dossier


def _copy(target, source):
    for field in type(source)._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


ON_THE_SPOT_ROLES = (Role.DESK_OFFICER, Role.LEADER)


def on_the_spot(*, result_file=None, result_title=None, delivery=None, **kwargs):
    """“4 on the spot”: receive, decide, sign, issue and return in one go.

    For procedures flagged so, one desk officer who also holds the leader's
    role (the delegated authority to sign) does everything in one
    transaction; nothing is kept if any part fails. ``delivery`` is the
    hand-over (``results.services.DeliveryData``), at the desk by default.
    """
    from motcua.results import services as results

    version, agency, officer = (
        kwargs["procedure_version"],
        kwargs["agency"],
        kwargs["officer"],
    )
    if not version.on_the_spot:
        raise WorkflowError(_("This procedure is not decided on the spot."))
    missing = [r for r in ON_THE_SPOT_ROLES if not holds(officer, agency, r)]
    if missing:
        from motcua.accounts.models import ROLE_LABELS

        raise WorkflowError(
            _("Deciding on the spot needs one officer holding the roles: %(roles)s.")
            % {"roles": ", ".join(str(ROLE_LABELS[r]) for r in ON_THE_SPOT_ROLES)}
        )
    if delivery is None:
        delivery = results.DeliveryData(
            method="desk",
            receiver_name=kwargs["applicant"].full_name,
            receiver_personal_id=kwargs["applicant"].personal_id,
            id_checked=True,
        )
    kwargs.setdefault(
        "delivery",
        ReceptionDelivery(method=delivery.method, address=delivery.address),
    )
    at = kwargs.get("received_at")
    with transaction.atomic():
        kwargs["handling_agency"] = route(
            version, agency, kwargs.get("handling_agency")
        )
        if kwargs["handling_agency"] != agency:
            raise WorkflowError(_("Only the competent agency decides on the spot."))
        dossier = receive_dossier(**kwargs)
        at = at or dossier.received_at
        task = start(dossier, officer=officer, at=at)
        try:
            if result_file is not None:
                result = results.upload_result(
                    dossier,
                    user=officer,
                    file=result_file,
                    title=result_title or version.name,
                    at=at,
                )
            else:
                result = results.generate_result(
                    dossier, user=officer, title=result_title, at=at
                )
            result = results.sign_result(result, user=officer, agency=agency, at=at)
            result = results.issue_result(result, user=officer, at=at)
        except ValidationError as error:
            raise _as_workflow_error(error) from error
        locked = lock_dossier(dossier)
        payload = handover(task, result=result.pk, on_the_spot=True)
        record_activity(locked, Activity.SIGN, actor=officer, payload=payload, at=at)
        record_activity(locked, Activity.ISSUE, actor=officer, payload=payload, at=at)
        _transition(locked, Action.RESOLVE, actor=officer, payload=payload, at=at)
        try:
            handed = results.record_delivery(
                locked, user=officer, delivery=delivery, at=at
            )
        except ValidationError as error:
            raise _as_workflow_error(error) from error
        _transition(
            locked,
            Action.RETURN_RESULT,
            actor=officer,
            at=at,
            payload={**payload, "method": delivery.method, "delivery": handed.pk},
        )
        close_task(task, user=officer, outcome=StepAction.RETURN_RESULT, at=at)
        for leg in locked.legs.filter(finished_at__isnull=True):
            close_leg(leg, locked, at=at, outcome=LegOutcome.DONE)
    _copy(dossier, locked)
    return dossier
