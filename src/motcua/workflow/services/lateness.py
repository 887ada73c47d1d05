"""Lateness: the apology with its one new appointment (form 04).

``issue_apology`` is the handling agency's letter to the applicant when a
dossier will be late; it sets the dossier's one new appointment and writes
a public EXTEND event (the citizen's e-mail and SMS come from it). The legal
``due_at`` is left as it was, so statistics still judge the dossier by it.
The at-risk sweep is in ``services.risk``.
"""

import logging
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.domain import Role
from motcua.accounts.models import Agency, RoleAssignment
from motcua.deadlines.domain import CalendarError
from motcua.deadlines.services import calendar_for, local_aware, local_naive
from motcua.dossiers.domain import Action, Activity
from motcua.dossiers.models import OPEN_STATUS_VALUES, Dossier
from motcua.dossiers.services.lifecycle import record_activity

from ..domain.lateness import (
    AppointmentProblem,
    is_apology_timely,
    new_appointment_problems,
)
from ..models import Apology, DossierTask
from .errors import WorkflowError

logger = logging.getLogger("motcua.workflow")

OPEN_STATUSES = OPEN_STATUS_VALUES
"""Dossiers whose legal clock may still run out (the partial index's list)."""

# Events after which the cause of a delay may first have become known: the
# applicant came back, or a cooperating agency sent the dossier back.
CAUSE_EVENTS = [
    Action.RECEIVE_SUPPLEMENT.value,
    Action.RECORD_FEES.value,
    Action.REJECT_WITHDRAWAL.value,
    Activity.TRANSFER_RETURNED.value,
]


# The apology and new appointment (form 04).


def _problem_message(problem: AppointmentProblem) -> str:
    return {
        AppointmentProblem.ALREADY_EXTENDED: _(
            "This dossier already has its new appointment; the law allows only one."
        ),
        AppointmentProblem.FINISHED: _(
            "The dossier's result is ready or its processing ended; no "
            "apology is needed."
        ),
        AppointmentProblem.NO_DUE_TIME: _(
            "The dossier has no due time now (its clock is paused)."
        ),
        AppointmentProblem.NOT_AFTER_DUE: _(
            "The new appointment must be after the due time on the receipt."
        ),
        AppointmentProblem.IN_THE_PAST: _("The new appointment must be in the future."),
    }[problem]


def can_issue_apology(dossier: Dossier, user) -> bool:
    """Tell whether ``user`` may apologise for ``dossier``.

    The handling agency writes the letter: its leaders, or the officer
    who holds the dossier's current step there.
    """
    if user is None or not user.is_authenticated:
        return False
    agency_id = dossier.handling_agency_id
    if RoleAssignment.objects.filter(
        user=user, agency_id=agency_id, role=Role.LEADER
    ).exists():
        return True
    task = (
        DossierTask.objects.filter(dossier=dossier, state="open")
        .only("assignee_id", "agency_id", "role")
        .first()
    )
    if task is None or task.agency_id != agency_id:
        return False
    if task.assignee_id is not None:
        return task.assignee_id == user.pk
    return RoleAssignment.objects.filter(
        user=user, agency_id=agency_id, role=task.role
    ).exists()


def appointment_on(day: date, agency: Agency) -> datetime:
    """Return the new appointment for ``day``: the close of the agency's office.

    Raises ``WorkflowError`` when the agency does not work that day.
    """
    calendar = calendar_for(agency)
    try:
        return local_aware(calendar.close_of(day))
    except CalendarError:
        raise WorkflowError(
            _("%(date)s is not a working day of the agency; choose another date.")
            % {"date": day.strftime("%d/%m/%Y")}
        ) from None


def apology_number(dossier: Dossier) -> str:
    """Return the letter's number: the dossier code with the form's suffix."""
    return f"{dossier.code}/XL"


def _known_at(dossier: Dossier, at: datetime) -> datetime | None:
    moment = (
        dossier.events.filter(action__in=CAUSE_EVENTS, at__lte=at)
        .order_by("-sequence")
        .values_list("at", flat=True)
        .first()
    )
    return local_naive(moment) if moment else None


def issue_apology(
    dossier: Dossier,
    *,
    user,
    reason: str,
    new_due_at: datetime,
    at: datetime | None = None,
) -> Apology:
    """Issue the apology and the dossier's one new appointment (form 04).

    Refused with ``WorkflowError`` when the user is not of the handling
    agency's leaders or holding the dossier, the reason is empty, the new
    date is not after the due time, or the dossier already had its new
    appointment (also enforced by the database: one apology per dossier).
    """
    at = at or timezone.now()
    reason = (reason or "").strip()
    if not can_issue_apology(dossier, user):
        raise WorkflowError(
            _(
                "Only the handling agency's leaders or the officer holding the "
                "dossier may apologise and set a new appointment."
            )
        )
    if not reason:
        raise WorkflowError(_("Give the reason for the delay."))
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        problems = new_appointment_problems(
            original_due=locked.due_at,
            new_due=new_due_at,
            now=at,
            already_extended=locked.extended_due_at is not None
            or Apology.objects.filter(dossier=locked).exists(),
            finished=locked.status not in OPEN_STATUSES,
        )
        if problems:
            raise WorkflowError(_problem_message(problems[0]))
        calendar = calendar_for(locked.handling_agency)
        due = local_naive(locked.due_at)
        timely = is_apology_timely(
            local_naive(at), due, calendar, known_at=_known_at(locked, at)
        )
        try:
            with transaction.atomic():
                apology = Apology.objects.create(
                    dossier=locked,
                    number=apology_number(locked),
                    agency=locked.handling_agency,
                    reason=reason,
                    original_due_at=locked.due_at,
                    new_due_at=new_due_at,
                    timely=timely,
                    issued_by=user,
                    issued_at=at,
                )
        except IntegrityError:
            raise WorkflowError(
                _problem_message(AppointmentProblem.ALREADY_EXTENDED)
            ) from None
        Dossier.objects.filter(pk=locked.pk).update(extended_due_at=new_due_at)
        locked.extended_due_at = new_due_at
        record_activity(
            locked,
            Activity.EXTEND,
            actor=user,
            reason=reason,
            payload={
                "number": apology.number,
                "reason": reason,
                "original_due_at": locked.due_at.isoformat(),
                "new_due_at": new_due_at.isoformat(),
                "new_date": local_naive(new_due_at).date().strftime("%d/%m/%Y"),
                "timely": timely,
            },
            public=True,
            at=at,
        )
    dossier.extended_due_at = new_due_at
    dossier.audit_head = locked.audit_head
    return apology


def apology_of(dossier: Dossier) -> Apology | None:
    return Apology.objects.filter(dossier=dossier).select_related("issued_by").first()
