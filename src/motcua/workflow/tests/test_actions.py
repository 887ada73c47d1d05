"""Service tests of the task actions: the path of a dossier and every refusal."""

from datetime import timedelta

import pytest

from motcua.deadlines.domain import add_working_minutes
from motcua.deadlines.services import calendar_for, local_aware, local_naive
from motcua.dossiers.domain import Status
from motcua.dossiers.models import DossierEvent
from motcua.workflow import services
from motcua.workflow.domain import StepAction, TaskState
from motcua.workflow.models import DossierTask
from motcua.workflow.services import WorkflowError

from .world import MONDAY, local, procedure, reception_kwargs

A = StepAction


@pytest.fixture
def version(world):
    return procedure()


@pytest.fixture
def dossier(world, version):
    return services.receive(**reception_kwargs(world.district, version))


def open_task(dossier):
    return DossierTask.objects.get(dossier=dossier, state="open")


def events(dossier):
    return list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def at(minutes):
    return MONDAY + timedelta(minutes=minutes)


def to_specialist(world, dossier):
    return services.forward(open_task(dossier), user=world.district.desk, at=at(10))


def test_receiving_opens_the_desk_task_for_the_officer(world, dossier):
    task = open_task(dossier)
    assert task.step.key == "receive"
    assert task.agency == world.district.agency
    assert task.assignee == world.district.desk
    assert task.leg.sequence == 1
    assert task.leg.due_at == dossier.due_at
    assert task.due_at == local(2025, 10, 27, 11, 0)  # 5 % of 5 days: 2 hours
    assert dossier.handling_agency == world.district.agency


def test_forwarding_from_the_desk_starts_processing(world, dossier):
    task = to_specialist(world, dossier)
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    assert task.step.key == "appraise"
    assert task.role == "specialist"
    assert task.assignee is None
    assert task.given_by == world.district.desk
    assert events(dossier) == ["receive", "start_processing", "forward"]
    previous = DossierTask.objects.get(pk=task.previous_id)
    assert (previous.state, previous.outcome) == ("done", "forward")
    assert previous.finished_by == world.district.desk
    cal = calendar_for(world.district.agency)
    budget = task.budget_minutes
    assert budget > 0
    assert task.due_at == local_aware(
        add_working_minutes(local_naive(at(10)), budget, cal)
    )


def test_a_specialist_claims_and_forwards(world, dossier):
    task = to_specialist(world, dossier)
    task = services.claim(task, user=world.district.specialist, at=at(20))
    assert task.assignee == world.district.specialist
    assert task.claimed_at == at(20)
    nxt = services.forward(
        task, user=world.district.specialist, note="Đủ điều kiện", at=at(30)
    )
    assert nxt.step.key == "approve"
    assert nxt.role == "leader"
    assert events(dossier)[-2:] == ["claim", "forward"]


def test_someone_without_the_role_is_refused(world, dossier):
    task = to_specialist(world, dossier)
    with pytest.raises(WorkflowError, match="role"):
        services.forward(task, user=world.district.clerk, at=at(20))


def test_the_same_role_in_another_agency_is_refused(world, dossier):
    task = to_specialist(world, dossier)
    with pytest.raises(WorkflowError):
        services.claim(task, user=world.other_district.specialist, at=at(20))


def test_an_assigned_task_belongs_to_its_assignee(world, dossier):
    task = to_specialist(world, dossier)
    colleague = _colleague(world)
    task = services.assign(
        task, user=world.district.leader, assignee=colleague, at=at(15)
    )
    with pytest.raises(WorkflowError, match="assigned"):
        services.forward(task, user=world.district.specialist, at=at(20))
    services.forward(task, user=colleague, at=at(20))


def test_only_a_leader_assigns_and_only_to_the_role(world, dossier):
    task = to_specialist(world, dossier)
    with pytest.raises(WorkflowError, match="leader"):
        services.assign(
            task, user=world.district.specialist, assignee=world.district.specialist
        )
    with pytest.raises(WorkflowError, match="does not hold"):
        services.assign(task, user=world.district.leader, assignee=world.district.clerk)


def test_a_stale_task_is_refused(world, dossier):
    task = to_specialist(world, dossier)
    stale = DossierTask.objects.get(pk=task.pk)
    services.forward(task, user=world.district.specialist, at=at(20))
    with pytest.raises(WorkflowError, match="already handled"):
        services.forward(stale, user=world.district.specialist, at=at(21))


def test_two_officers_at_once_only_one_wins(world, dossier):
    task = to_specialist(world, dossier)
    colleague = _colleague(world)
    mine, theirs = (DossierTask.objects.get(pk=task.pk) for _ in range(2))
    services.claim(mine, user=world.district.specialist, at=at(20))
    with pytest.raises(WorkflowError):
        services.claim(theirs, user=colleague, at=at(20))
    assert open_task(dossier).assignee == world.district.specialist


def test_an_action_not_allowed_at_the_step_is_refused(world, dossier):
    task = to_specialist(world, dossier)
    with pytest.raises(WorkflowError, match="not allowed"):
        services.approve(task, user=world.district.specialist)


def test_allowed_actions_follow_the_step_and_the_person(world, dossier):
    desk_task = open_task(dossier)
    assert services.allowed_actions(desk_task, world.district.desk) == [
        A.FORWARD,
        A.STOP,
    ]
    assert services.allowed_actions(desk_task, world.district.specialist) == []
    task = to_specialist(world, dossier)
    assert services.allowed_actions(task, world.district.specialist) == [
        A.FORWARD,
        A.SEND_BACK,
        A.REQUEST_SUPPLEMENT,
        A.REQUEST_FEES,
        A.TRANSFER,
        A.STOP,
    ]
    assert services.can_claim(task, world.district.specialist)
    assert not services.can_claim(task, world.district.clerk)
    assert services.can_assign(task, world.district.leader)
    assert not services.can_assign(task, world.district.specialist)


def test_sending_back_returns_to_the_officer_it_came_from(world, dossier):
    task = to_specialist(world, dossier)
    services.claim(task, user=world.district.specialist, at=at(20))
    leader_task = services.forward(task, user=world.district.specialist, at=at(30))
    with pytest.raises(WorkflowError, match="reason"):
        services.send_back(leader_task, user=world.district.leader, reason=" ")
    back = services.send_back(
        leader_task,
        user=world.district.leader,
        reason="Thiếu ý kiến thẩm định",
        at=at(40),
    )
    assert back.step.key == "appraise"
    assert back.assignee == world.district.specialist
    assert back.note == "Thiếu ý kiến thẩm định"
    event = DossierEvent.objects.filter(dossier=dossier).order_by("sequence").last()
    assert (event.action, event.reason) == ("send_back", "Thiếu ý kiến thẩm định")
    assert event.payload["to_step"] == "appraise"
    # Sent back twice along the same leg: still to the step before.
    again = services.forward(back, user=world.district.specialist, at=at(50))
    assert (
        services.send_back(
            again, user=world.district.leader, reason="Lại", at=at(60)
        ).step.key
        == "appraise"
    )


def test_the_first_step_cannot_send_back(world, dossier):
    task = to_specialist(world, dossier)
    assert services.allowed_actions(task, world.district.specialist)[1] == A.SEND_BACK
    desk = DossierTask.objects.get(pk=task.previous_id)
    assert desk.step.key == "receive"


def test_stopping_ends_the_dossier_with_its_reasons(world, dossier):
    task = to_specialist(world, dossier)
    with pytest.raises(WorkflowError, match="reasons"):
        services.stop(task, user=world.district.specialist, reasons=[])
    services.stop(
        task,
        user=world.district.specialist,
        reasons=["Người nộp không đủ điều kiện", "Hồ sơ giả mạo"],
        at=at(30),
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.STOPPED
    assert not DossierTask.objects.filter(dossier=dossier, state="open").exists()
    event = DossierEvent.objects.filter(dossier=dossier, action="stop").get()
    assert event.payload["reasons"] == ["Người nộp không đủ điều kiện", "Hồ sơ giả mạo"]
    assert dossier.legs.get().finished_at == at(30)


def test_a_supplement_pauses_the_step_and_resumption_shifts_its_due(world, dossier):
    task = to_specialist(world, dossier)
    due_before = task.due_at
    services.request_supplement(
        task,
        user=world.district.specialist,
        reason="Thiếu giấy tờ",
        items=["Bản sao sổ hộ khẩu"],
        at=at(30),
    )
    dossier.refresh_from_db()
    task.refresh_from_db()
    assert dossier.status == Status.AWAITING_SUPPLEMENT
    assert task.state == TaskState.OPEN
    assert task.due_at is None
    assert dossier.due_at is None
    assert services.allowed_actions(task, world.district.specialist) == [A.STOP]
    event = DossierEvent.objects.get(dossier=dossier, action="request_supplement")
    assert event.payload["missing"] == ["Bản sao sổ hộ khẩu"]
    with pytest.raises(WorkflowError, match="waiting"):
        services.forward(task, user=world.district.specialist, at=at(40))
    with pytest.raises(WorkflowError, match="desk"):
        services.record_supplement(dossier, user=world.district.specialist)
    # Back a working day later (Tuesday 9:30): 480 office minutes paused.
    services.record_supplement(
        dossier, user=world.district.desk, note="Đã nộp", at=local(2025, 10, 28, 9, 30)
    )
    dossier.refresh_from_db()
    task.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    cal = calendar_for(world.district.agency)
    assert task.due_at == local_aware(
        add_working_minutes(local_naive(due_before), 480, cal)
    )
    assert task.leg.due_at == dossier.due_at
    services.forward(
        task, user=world.district.specialist, at=local(2025, 10, 28, 10, 0)
    )


def test_a_supplement_needs_the_list_of_papers(world, dossier):
    task = to_specialist(world, dossier)
    with pytest.raises(WorkflowError, match="papers"):
        services.request_supplement(
            task, user=world.district.specialist, reason="", items=[" "]
        )


def test_fees_pause_the_clock_until_the_desk_records_them(world, dossier):
    task = to_specialist(world, dossier)
    services.request_fees(
        task,
        user=world.district.specialist,
        amount=120000,
        reason="Lệ phí trước bạ",
        at=at(30),
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_FEES
    assert dossier.fee_due == 120000
    with pytest.raises(WorkflowError, match="amount"):
        services.record_fees(dossier, user=world.district.desk, amount=0)
    services.record_fees(dossier, user=world.district.desk, amount=120000, at=at(90))
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    assert dossier.fee_paid == 120000
    assert open_task(dossier).due_at is not None


def test_recording_a_supplement_that_nobody_asked_for_is_refused(world, dossier):
    with pytest.raises(WorkflowError, match="not waiting"):
        services.record_supplement(dossier, user=world.district.desk)


def test_forward_with_branches_needs_the_next_step(world, version, dossier):
    from motcua.workflow.models import ProcessStep

    step = ProcessStep.objects.get(
        process__procedure_version=version, process__kind="main", key="appraise"
    )
    step.routes = [{"to": "approve", "label": ""}, {"to": "sign", "label": "Rút gọn"}]
    step.save()
    task = to_specialist(world, dossier)
    with pytest.raises(WorkflowError, match="next step"):
        services.forward(task, user=world.district.specialist)
    with pytest.raises(WorkflowError, match="does not lead"):
        services.forward(task, user=world.district.specialist, to="issue")
    assert (
        services.forward(task, user=world.district.specialist, to="sign").step.key
        == "sign"
    )


def test_forwarding_to_a_named_colleague(world, dossier):
    task = to_specialist(world, dossier)
    with pytest.raises(WorkflowError, match="does not hold"):
        services.forward(
            task, user=world.district.specialist, assignee=world.district.clerk
        )
    nxt = services.forward(
        task, user=world.district.specialist, assignee=world.district.leader, at=at(20)
    )
    assert nxt.assignee == world.district.leader
    assert nxt.claimed_at is None


def _colleague(world):
    from motcua.accounts.models import RoleAssignment
    from motcua.accounts.tests.factories import UserFactory

    user = UserFactory(username="specialist.two")
    RoleAssignment.objects.create(
        user=user, agency=world.district.agency, role="specialist"
    )
    return user


def test_an_amount_that_is_not_a_number_is_refused(world, dossier):
    task = to_specialist(world, dossier)
    with pytest.raises(WorkflowError, match="amount"):
        services.request_fees(
            task, user=world.district.specialist, amount="abc", reason=""
        )
