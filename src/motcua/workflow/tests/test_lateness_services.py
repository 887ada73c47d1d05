from datetime import date

from django.db import IntegrityError, transaction

import pytest

from motcua.accounts.domain import Role
from motcua.dossiers.domain import Activity
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import public_tracking
from motcua.dossiers.services.audit import verify_chain
from motcua.dossiers.tests.factories import staff_member
from motcua.workflow.models import Apology
from motcua.workflow.services.errors import WorkflowError
from motcua.workflow.services.lateness import (
    appointment_on,
    can_issue_apology,
    issue_apology,
)

from .lateness_helpers import District, leg, local, task

pytestmark = pytest.mark.django_db

RECEIVED = local(2026, 11, 16, 8, 0)  # Monday
DUE = local(2026, 11, 23, 8, 0)  # the following Monday
NEW = local(2026, 11, 27, 17, 0)


@pytest.fixture
def district():
    return District()


@pytest.fixture
def dossier(district):
    return district.dossier(received_at=RECEIVED, due_at=DUE)


def test_a_leader_apologises_and_sets_the_one_new_appointment(district, dossier):
    # when
    apology = issue_apology(
        dossier,
        user=district.leader,
        reason="Chờ kết quả xác minh của Công an xã",
        new_due_at=NEW,
        at=local(2026, 11, 19, 9, 0),
    )
    # then
    dossier.refresh_from_db()
    assert dossier.extended_due_at == NEW
    assert dossier.due_at == DUE  # the legal due time is kept
    assert apology.timely  # two working days ahead
    assert apology.number == f"{dossier.code}/XL"
    event = dossier.events.get(action=Activity.EXTEND)
    assert event.public
    assert event.payload["reason"] == "Chờ kết quả xác minh của Công an xã"
    assert event.payload["new_date"] == "27/11/2026"
    assert event.payload["number"] == apology.number
    assert verify_chain(dossier) == []


def test_an_apology_after_the_deadline_is_recorded_as_late(district, dossier):
    apology = issue_apology(
        dossier,
        user=district.leader,
        reason="Hồ sơ phức tạp",
        new_due_at=NEW,
        at=local(2026, 11, 20, 10, 0),  # less than a working day before
    )
    assert not apology.timely


def test_a_late_dossier_stays_late_in_the_statistics(district):
    dossier = district.dossier(received_at=RECEIVED, due_at=local(2026, 11, 18, 8, 0))
    issue_apology(
        dossier,
        user=district.leader,
        reason="Chờ ý kiến cơ quan phối hợp",
        new_due_at=NEW,
        at=local(2026, 11, 19, 9, 0),
    )
    dossier.refresh_from_db()
    checked = local(2026, 11, 20, 9, 0)  # before the new appointment
    assert dossier.is_late(checked)
    assert Dossier.objects.overdue(checked).filter(pk=dossier.pk).exists()
    assert public_tracking(dossier.code).late(checked) is True


def test_only_one_new_appointment(district, dossier):
    issue_apology(
        dossier, user=district.leader, reason="Lý do", new_due_at=NEW, at=RECEIVED
    )
    with pytest.raises(WorkflowError, match="only one"):
        issue_apology(
            dossier,
            user=district.leader,
            reason="Lần nữa",
            new_due_at=local(2026, 12, 4, 17, 0),
            at=RECEIVED,
        )
    assert Apology.objects.filter(dossier=dossier).count() == 1


def test_the_database_refuses_a_second_apology(district, dossier):
    first = issue_apology(
        dossier, user=district.leader, reason="Lý do", new_due_at=NEW, at=RECEIVED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Apology.objects.create(
            dossier=dossier,
            number="other",
            agency=first.agency,
            reason="x",
            original_due_at=DUE,
            new_due_at=NEW,
            timely=True,
            issued_by=district.leader,
            issued_at=RECEIVED,
        )


@pytest.mark.parametrize(
    ("new_due", "message"),
    [
        (DUE, "after the due time"),
        (local(2026, 11, 20, 17, 0), "after the due time"),
    ],
)
def test_the_new_appointment_must_be_after_the_due_time(
    district, dossier, new_due, message
):
    with pytest.raises(WorkflowError, match=message):
        issue_apology(
            dossier,
            user=district.leader,
            reason="Lý do",
            new_due_at=new_due,
            at=RECEIVED,
        )
    dossier.refresh_from_db()
    assert dossier.extended_due_at is None


def test_a_reason_is_required(district, dossier):
    with pytest.raises(WorkflowError, match="reason"):
        issue_apology(dossier, user=district.leader, reason="  ", new_due_at=NEW)


def test_no_apology_for_a_finished_dossier(district):
    dossier = district.dossier(received_at=RECEIVED, due_at=DUE, resolved=True)
    with pytest.raises(WorkflowError, match="ready"):
        issue_apology(
            dossier, user=district.leader, reason="x", new_due_at=NEW, at=RECEIVED
        )


def test_no_apology_while_the_clock_is_paused(district):
    dossier = district.dossier(
        received_at=RECEIVED, due_at=None, awaiting_supplement=True
    )
    with pytest.raises(WorkflowError, match="paused"):
        issue_apology(
            dossier, user=district.leader, reason="x", new_due_at=NEW, at=RECEIVED
        )


def test_who_may_apologise(district, dossier):
    the_leg = leg(dossier)
    open_task = task(
        dossier, the_leg, arrived_at=RECEIVED, assignee=district.specialist
    )
    other_specialist = staff_member(district.agency, Role.SPECIALIST, username="x2")
    outsider = staff_member(District("000.00.26.H39").agency, Role.LEADER)
    assert can_issue_apology(dossier, district.leader)
    assert can_issue_apology(dossier, district.specialist)  # holds the step
    assert not can_issue_apology(dossier, other_specialist)
    assert not can_issue_apology(dossier, district.desk)
    assert not can_issue_apology(dossier, outsider)
    # An unassigned step: anyone with its role in the agency holds it.
    open_task.assignee = None
    open_task.save()
    assert can_issue_apology(dossier, other_specialist)
    with pytest.raises(WorkflowError, match="leaders"):
        issue_apology(dossier, user=district.desk, reason="x", new_due_at=NEW)


def test_the_new_date_is_the_close_of_that_working_day(district):
    assert appointment_on(date(2026, 11, 27), district.agency) == NEW
    with pytest.raises(WorkflowError, match="not a working day"):
        appointment_on(date(2026, 11, 28), district.agency)  # a Saturday
