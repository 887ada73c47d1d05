"""The desk's queue of dossiers submitted online, and its 8-working-hour clock.

A dossier waits in the queue while ``reception_due_at`` is set: from its
submission (or the citizen's supplement before reception) until the desk
receives it, asks for a supplement or refuses it. An officer sees the queue
of the agencies where they are a desk officer; the back office and the API
read it here, so both show the same rows, order and remaining time.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.accounts.domain import Role
from motcua.accounts.models import Agency
from motcua.core.text import search_terms
from motcua.deadlines.domain import WorkingCalendar, working_minutes_between
from motcua.deadlines.services import calendar_for, local_naive
from motcua.dossiers.domain import Action, parse_dossier_code
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import officer_agencies
from motcua.dossiers.services.lifecycle import ConcurrentChange


def desk_agencies(user) -> QuerySet[Agency]:
    """Return the active agencies where ``user`` is a desk officer."""
    return officer_agencies(user, Role.DESK_OFFICER)


def online_queue(user, *, agency: str = "", search: str = "") -> QuerySet[Dossier]:
    """Dossiers waiting for the desk's answer, most urgent first.

    ``agency`` (an agency code) narrows to one of the user's desk agencies
    (an agency that is not theirs gives nothing); ``search`` matches the
    code and the applicant's name, ignoring case and diacritics. Each row
    carries ``supplement_round``: the number of the citizen's latest
    supplement, or None for a first submission.
    """
    agencies = desk_agencies(user)
    if agency:
        agencies = agencies.filter(code=agency)
    dossiers = Dossier.objects.filter(
        receiving_agency__in=agencies, reception_due_at__isnull=False
    )
    for term in search_terms(search):
        dossiers = dossiers.filter(search_text__contains=" " + term)
    return (
        dossiers.select_related(
            "procedure_version__procedure", "applicant", "receiving_agency"
        )
        .annotate(supplement_round=Max("supplement_rounds__number"))
        .order_by("reception_due_at", "pk")
    )


def queued_dossier(code: str, user) -> Dossier | None:
    """Return dossier ``code`` if it waits in ``user``'s queue, else None.

    None also for an unknown code or another agency's dossier, so the
    interfaces answer 404 and reveal nothing.
    """
    parsed = parse_dossier_code(code or "")
    if parsed is None:
        return None
    return online_queue(user).filter(code=str(parsed)).first()


@contextmanager
def answering(dossier: Dossier, action: Action | str = Action.RECEIVE):
    """Hold the dossier's row while the desk answers it; refuse if it moved on.

    ``dossier`` is the copy the officer saw. If another officer answered it
    meanwhile (its status changed, or it left the queue), the answer is
    refused with ``ConcurrentChange`` rather than applied to a dossier the
    officer did not see; the services called inside run in this transaction.
    """
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.status != dossier.status or locked.reception_due_at is None:
            raise ConcurrentChange(dossier.status, locked.status, action)
        yield locked


def remaining_minutes(due: datetime, now: datetime, calendar: WorkingCalendar) -> int:
    """Return the working minutes left until ``due``; negative once it has passed.

    Both moments are naive local times. Only office time counts: the lunch
    break, the evening and the weekend neither use up nor add to the time,
    so a dossier due at 09:00 on Monday still has 1 hour 30 minutes at
    17:00 on Friday, and one due at 16:00 on Friday is 1 hour late from
    the evening until Monday's opening.
    """
    if now < due:
        return working_minutes_between(now, due, calendar)
    return -working_minutes_between(due, now, calendar)


def duration_text(minutes: int) -> str:
    """Return ``minutes`` (≥ 0) as "3 giờ 20 phút" (hours and minutes)."""
    hours, rest = divmod(abs(minutes), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if rest or not hours:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest})
    return " ".join(parts)


@dataclass(frozen=True)
class ReceptionClock:
    """What is left of the desk's 8 working hours for one dossier."""

    due_at: datetime
    minutes: int  # working minutes left; negative when overdue
    overdue: bool

    @property
    def text(self) -> str:
        if not self.overdue:
            return _("%(time)s left") % {"time": duration_text(self.minutes)}
        if self.minutes == 0:
            return _("Time is up")
        return _("Overdue by %(time)s") % {"time": duration_text(-self.minutes)}


class Clocks:
    """Compute reception clocks, loading each agency's calendar once."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._calendars: dict[int, WorkingCalendar] = {}

    def calendar(self, agency: Agency) -> WorkingCalendar:
        if agency.pk not in self._calendars:
            self._calendars[agency.pk] = calendar_for(agency)
        return self._calendars[agency.pk]

    def of(self, dossier: Dossier) -> ReceptionClock | None:
        """Return the clock of ``dossier`` (None once the desk has answered)."""
        due = dossier.reception_due_at
        if due is None:
            return None
        calendar = self.calendar(dossier.receiving_agency)
        minutes = remaining_minutes(local_naive(due), local_naive(self.now), calendar)
        return ReceptionClock(due_at=due, minutes=minutes, overdue=self.now >= due)
