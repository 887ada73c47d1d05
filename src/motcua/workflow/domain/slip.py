"""The rows of the process-control slip, from the steps a dossier went through.

Form 05 of Circular 01/2018/TT-VPCP (form 06 of Circular 03/2025/TT-VPCP)
prints one row per hand-over: who gave the dossier (agency, unit, person),
who received it, when, and whether the giver finished its part early, on
time or late. Real systems judge the giver by the working minutes it was
allotted against those it used (domain.md §2.1.5); so do we, with the
clock's pauses (waiting for the applicant) left out.

Plain values only: the service reads tasks and the calendar and passes
naive local datetimes in.
"""

from dataclasses import dataclass
from datetime import datetime

from motcua.deadlines.domain import WorkingCalendar

from .lateness import HopOutcome, Interval, hop_outcome, working_minutes_used


@dataclass(frozen=True)
class Party:
    """One side of a hand-over: the agency, the unit or role, the person."""

    agency: str
    unit: str = ""
    person: str = ""


@dataclass(frozen=True)
class Handling:
    """One step of the dossier's processing (a task), as the slip needs it."""

    party: Party
    arrived_at: datetime
    finished_at: datetime | None = None
    budget_minutes: int | None = None  # None or 0: the step has no budget
    given_by: str = ""  # who handed it over, if recorded on the task
    note: str = ""


@dataclass(frozen=True)
class SlipRow:
    giver: Party
    receiver: Party
    handed_at: datetime
    allotted_minutes: int | None
    used_minutes: int | None
    outcome: HopOutcome | None
    note: str = ""


def _judge(handling: Handling, calendar, pauses) -> tuple[int | None, int | None]:
    allotted = handling.budget_minutes or None
    if handling.finished_at is None:
        return allotted, None
    used = working_minutes_used(
        handling.arrived_at, handling.finished_at, calendar, pauses
    )
    return allotted, used


def slip_rows(
    handlings: list[Handling],
    *,
    calendar: WorkingCalendar,
    applicant: Party,
    received_at: datetime | None,
    returned_at: datetime | None = None,
    pauses: tuple[Interval, ...] | list[Interval] = (),
) -> list[SlipRow]:
    """Return the slip's rows in time order.

    The first row is the reception (the applicant gives the dossier to the
    first step); each later step opens a row where the previous step gives
    it on, judged by that previous step's budget; returning the result to
    the applicant closes the slip, judged by the last step.
    """
    steps = sorted(handlings, key=lambda h: h.arrived_at)
    rows: list[SlipRow] = []
    if steps and received_at is not None:
        first = steps[0]
        rows.append(
            SlipRow(
                giver=applicant,
                receiver=first.party,
                handed_at=received_at,
                allotted_minutes=None,
                used_minutes=None,
                outcome=None,
            )
        )
    for before, after in zip(steps, steps[1:], strict=False):
        allotted, used = _judge(before, calendar, pauses)
        giver = before.party
        if after.given_by and after.given_by != giver.person:
            giver = Party(giver.agency, giver.unit, after.given_by)
        rows.append(
            SlipRow(
                giver=giver,
                receiver=after.party,
                handed_at=after.arrived_at,
                allotted_minutes=allotted,
                used_minutes=used,
                outcome=hop_outcome(allotted, used),
                note=before.note,
            )
        )
    if steps and returned_at is not None:
        last = steps[-1]
        if last.finished_at is None:
            last = Handling(
                last.party, last.arrived_at, returned_at, last.budget_minutes
            )
        allotted, used = _judge(last, calendar, pauses)
        rows.append(
            SlipRow(
                giver=last.party,
                receiver=applicant,
                handed_at=returned_at,
                allotted_minutes=allotted,
                used_minutes=used,
                outcome=hop_outcome(allotted, used),
                note=last.note,
            )
        )
    return rows


def overall_outcome(
    due: datetime | None, finished_at: datetime | None
) -> HopOutcome | None:
    """Judge the whole dossier against its legal due time (None while open).

    Finished before the due time's minute is early; within it, on time.
    """
    if due is None or finished_at is None:
        return None
    if finished_at > due:
        return HopOutcome.LATE
    if finished_at.replace(second=0, microsecond=0) == due.replace(
        second=0, microsecond=0
    ):
        return HopOutcome.ON_TIME
    return HopOutcome.EARLY
