"""The process-control slip of a dossier, from its tasks (form 05 / 06).

Circular 01/2018 numbers it form 05, Circular 03/2025 form 06; the dossier's
rule set decides, as for every form. Each task is one step of the journey;
each hand-over between two tasks (inside an agency or, for a transfer,
between agencies) is a row, judged by the working minutes the giver was
allotted against those it used (``domain.slip``).
"""

from django.utils.translation import gettext as _

from motcua.accounts.models import ROLE_LABELS
from motcua.deadlines.services import calendar_for, local_aware, local_naive
from motcua.documents.forms import ControlRow, FormContext, render_form
from motcua.documents.forms.catalogue import UnknownForm
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.forms import (
    agency_header,
    processing_time,
    tracking_url,
)

from ..domain.lateness import Interval
from ..domain.slip import Handling, Party, SlipRow, slip_rows
from ..models import DossierTask

FORM_KEY = "control_slip"


def _name(user) -> str:
    if user is None:
        return ""
    return user.full_name or user.get_full_name() or user.username


def _naive(moment):
    return local_naive(moment) if moment is not None else None


def _handlings(dossier: Dossier) -> list[Handling]:
    tasks = (
        DossierTask.objects.filter(dossier=dossier)
        .exclude(state="cancelled")
        .select_related("agency", "step", "assignee", "finished_by", "given_by")
        .order_by("arrived_at", "pk")
    )
    handlings = [
        Handling(
            party=Party(
                agency=task.agency.name,
                unit=task.step.name or str(ROLE_LABELS.get(task.role, task.role)),
                person=_name(task.finished_by or task.assignee),
            ),
            arrived_at=local_naive(task.arrived_at),
            finished_at=_naive(task.finished_at),
            budget_minutes=task.budget_minutes or None,
            given_by=_name(task.given_by),
            note=task.note,
        )
        for task in tasks
    ]
    if not handlings and dossier.received_at is not None:
        # Received before processes existed: the desk is the only step known.
        handlings = [
            Handling(
                party=Party(
                    dossier.receiving_agency.name,
                    str(ROLE_LABELS["desk_officer"]),
                    _name(dossier.received_by),
                ),
                arrived_at=local_naive(dossier.received_at),
                finished_at=_naive(dossier.resolved_at),
            )
        ]
    return handlings


def control_slip_rows(dossier: Dossier) -> list[SlipRow]:
    """Return the slip's hand-overs of ``dossier`` in time order."""
    applicant = (dossier.applicant_snapshot or {}).get(
        "full_name"
    ) or dossier.applicant.full_name
    pauses = [
        Interval(local_naive(p.started_at), _naive(p.ended_at))
        for p in dossier.pauses.all()
    ]
    return slip_rows(
        _handlings(dossier),
        calendar=calendar_for(dossier.handling_agency),
        applicant=Party(_("Applicant: %(name)s") % {"name": applicant}, "", applicant),
        received_at=_naive(dossier.received_at),
        returned_at=_naive(dossier.returned_at),
        pauses=pauses,
    )


def _side(party: Party) -> str:
    return f"{party.agency} – {party.unit}" if party.unit else party.agency


def control_slip_context(dossier: Dossier) -> FormContext:
    """Return what the slip prints for ``dossier``; ``UnknownForm`` if unprescribed."""
    entry = dossier.rule_set.form(FORM_KEY)
    if entry is None:
        raise UnknownForm(FORM_KEY)
    rows = [
        ControlRow(
            giver=_side(row.giver),
            receiver=_side(row.receiver),
            handed_at=local_aware(row.handed_at),
            giver_person=row.giver.person,
            receiver_person=row.receiver.person,
            outcome=row.outcome.value if row.outcome else "",
            note=row.note,
        )
        for row in control_slip_rows(dossier)
    ]
    cooperating = sorted(
        {
            leg.agency.name
            for leg in dossier.legs.select_related("agency")
            if leg.parent_id is not None
        }
    )
    snapshot = dossier.applicant_snapshot or {}
    return FormContext(
        rule_set_code=dossier.rule_set.code,
        form_key=FORM_KEY,
        issued_at=dossier.received_at or dossier.submitted_at,
        agency=agency_header(dossier.receiving_agency),
        number=entry.get("number", ""),
        title=entry.get("title", ""),
        dossier_code=dossier.code,
        procedure_code=dossier.procedure_version.procedure.code,
        procedure_name=dossier.procedure_version.name,
        applicant_name=snapshot.get("full_name") or dossier.applicant.full_name,
        applicant_address=snapshot.get("address") or dossier.applicant.address,
        processing_time=processing_time(dossier.time_amount, dossier.time_unit),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        new_due_at=dossier.extended_due_at,
        returned_at=dossier.returned_at,
        tracking_url=tracking_url(dossier.code),
        control_rows=rows,
        handling_agency=dossier.handling_agency.name,
        cooperating_agencies=cooperating,
    )


def control_slip_pdf(dossier: Dossier) -> bytes:
    """Return the process-control slip of ``dossier`` as an A4 PDF."""
    return render_form(control_slip_context(dossier))


def control_slip_number(dossier: Dossier) -> str:
    """Return the slip's form number in the dossier's rule set (05 or 06)."""
    entry = dossier.rule_set.form(FORM_KEY) or {}
    return entry.get("number", "")
