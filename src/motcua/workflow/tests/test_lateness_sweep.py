import pytest
import time_machine

from motcua.accounts.domain import Role
from motcua.deadlines.models import OfficePeriod
from motcua.dossiers.domain import Activity
from motcua.dossiers.tests.factories import staff_member
from motcua.notifications.models import OutboxMessage
from motcua.workflow.models import RiskAlert
from motcua.workflow.services.lateness import issue_apology
from motcua.workflow.services.risk import sweep_at_risk
from motcua.workflow.tasks import sweep_at_risk as sweep_task

from .lateness_helpers import District, leg, local, task

pytestmark = pytest.mark.django_db

RECEIVED = local(2026, 11, 16, 8, 0)  # Monday


@pytest.fixture
def district():
    return District()


def emails(to=None):
    rows = OutboxMessage.objects.filter(kind="at_risk", channel="email")
    if to is not None:
        rows = rows.filter(recipient=to)
    return rows


def test_a_step_due_within_a_working_day_warns_its_handler_and_the_leaders_once(
    district,
):
    # given: a dossier due in a week, its step due Tuesday 15:00
    dossier = district.dossier(received_at=RECEIVED, due_at=local(2026, 11, 23, 8))
    step = task(
        dossier,
        leg(dossier),
        arrived_at=RECEIVED,
        due_at=local(2026, 11, 17, 15, 0),
        assignee=district.specialist,
    )
    # when: Monday 14:00, more than a working day before: nothing
    assert sweep_at_risk(at=local(2026, 11, 16, 14, 0)).tasks == 0
    # Monday 15:30, within a working day: warned
    first = sweep_at_risk(at=local(2026, 11, 16, 15, 30))
    second = sweep_at_risk(at=local(2026, 11, 16, 15, 45))
    # then
    assert (first.tasks, second.tasks) == (1, 0)
    assert RiskAlert.objects.get(task=step).level == "at_risk"
    assert sorted(emails().values_list("recipient", flat=True)) == [
        "lead@example.vn",
        "spec@example.vn",
    ]
    assert OutboxMessage.objects.filter(channel="sms").count() == 1  # the leader
    body = emails("spec@example.vn").get().body
    assert dossier.code in body
    assert "Thẩm định hồ sơ" in body
    event = dossier.events.get(action=Activity.AT_RISK)
    assert not event.public
    assert event.payload["level"] == "at_risk"


def test_a_late_step_warns_again_once_at_the_late_level(district):
    dossier = district.dossier(received_at=RECEIVED, due_at=local(2026, 11, 23, 8))
    step = task(
        dossier,
        leg(dossier),
        arrived_at=RECEIVED,
        due_at=local(2026, 11, 17, 15, 0),
        assignee=district.specialist,
    )
    sweep_at_risk(at=local(2026, 11, 17, 9, 0))
    sweep_at_risk(at=local(2026, 11, 17, 16, 0))
    sweep_at_risk(at=local(2026, 11, 18, 9, 0))
    assert sorted(
        RiskAlert.objects.filter(task=step).values_list("level", flat=True)
    ) == [
        "at_risk",
        "late",
    ]
    assert emails("spec@example.vn").count() == 2


def test_an_unassigned_step_warns_everyone_with_its_role(district):
    colleague = staff_member(
        district.agency, Role.SPECIALIST, username="colleague", email="c@example.vn"
    )
    dossier = district.dossier(received_at=RECEIVED, due_at=local(2026, 11, 23, 8))
    task(dossier, leg(dossier), arrived_at=RECEIVED, due_at=local(2026, 11, 17, 9))
    sweep_at_risk(at=local(2026, 11, 16, 10, 0))
    recipients = set(emails().values_list("recipient", flat=True))
    assert recipients == {"spec@example.vn", colleague.email, "lead@example.vn"}


def test_a_dossier_due_within_a_working_day_warns_once_per_level(district):
    dossier = district.dossier(received_at=RECEIVED, due_at=local(2026, 11, 20, 10))
    task(
        dossier,
        leg(dossier),
        arrived_at=RECEIVED,
        due_at=local(2026, 11, 25, 10),  # the step itself is not at risk
        assignee=district.specialist,
    )
    reports = [
        sweep_at_risk(at=local(2026, 11, 19, 11, 0)),
        sweep_at_risk(at=local(2026, 11, 19, 11, 5)),
        sweep_at_risk(at=local(2026, 11, 20, 11, 0)),
        sweep_at_risk(at=local(2026, 11, 21, 11, 0)),
    ]
    assert [r.dossiers for r in reports] == [1, 0, 1, 0]
    levels = RiskAlert.objects.filter(dossier=dossier, task__isnull=True)
    assert sorted(levels.values_list("level", flat=True)) == ["at_risk", "late"]
    assert dossier.events.filter(action=Activity.AT_RISK).count() == 2


def test_after_the_apology_the_warnings_follow_the_new_appointment(district):
    dossier = district.dossier(received_at=RECEIVED, due_at=local(2026, 11, 20, 10))
    issue_apology(
        dossier,
        user=district.leader,
        reason="Chờ xác minh",
        new_due_at=local(2026, 11, 27, 17),
        at=local(2026, 11, 18, 9),
    )
    assert sweep_at_risk(at=local(2026, 11, 20, 11)).dossiers == 0
    assert sweep_at_risk(at=local(2026, 11, 26, 17)).dossiers == 1
    assert sweep_at_risk(at=local(2026, 11, 28, 9)).dossiers == 1
    levels = RiskAlert.objects.filter(dossier=dossier).values_list("level", flat=True)
    assert sorted(levels) == ["new_date_at_risk", "new_date_late"]


def test_finished_and_paused_dossiers_are_left_alone(district):
    district.dossier(
        received_at=RECEIVED, due_at=local(2026, 11, 17, 10), resolved=True
    )
    district.dossier(received_at=RECEIVED, due_at=None, awaiting_supplement=True)
    report = sweep_at_risk(at=local(2026, 11, 18, 9))
    assert (report.tasks, report.dossiers) == (0, 0)


def test_an_agency_with_its_own_hours_gets_its_own_horizon(district):
    # given: the other agency works only 7:30-11:30 (240 minutes a day)
    other = District("000.00.26.H39")
    for weekday in range(5):
        OfficePeriod.objects.create(
            agency=other.agency, weekday=weekday, start="07:30", end="11:30"
        )
    due = local(2026, 11, 18, 15, 0)
    mine = district.dossier(received_at=RECEIVED, due_at=due)
    theirs = other.dossier(received_at=RECEIVED, due_at=due)
    # when: Tuesday 9:00; their working day ahead reaches Thursday 9:00,
    # ours only Wednesday 9:00
    sweep_at_risk(at=local(2026, 11, 17, 9, 0))
    # then
    assert not RiskAlert.objects.filter(dossier=mine).exists()
    assert RiskAlert.objects.filter(dossier=theirs).exists()


def test_the_periodic_task_runs_the_sweep(district):
    dossier = district.dossier(received_at=RECEIVED, due_at=local(2026, 11, 17, 10))
    with time_machine.travel(local(2026, 11, 17, 9, 0), tick=False):
        result = sweep_task.enqueue()
        sweep_task.enqueue()
    assert result.return_value["dossiers"] == 1
    assert RiskAlert.objects.filter(dossier=dossier).count() == 1
    assert emails("lead@example.vn").count() == 1
