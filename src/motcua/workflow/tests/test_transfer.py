"""Inter-agency transfer: commune → district and back, with the time each used."""

import pytest

from motcua.deadlines.domain import add_working_minutes
from motcua.deadlines.services import calendar_for, local_aware, local_naive
from motcua.dossiers.models import DossierEvent
from motcua.workflow import services
from motcua.workflow.domain import StepAction
from motcua.workflow.models import DossierLeg, DossierTask
from motcua.workflow.services import WorkflowError

from .world import local, procedure, reception_kwargs


@pytest.fixture
def version(world):
    # A commune procedure whose appraisal may go to the district (1.004859).
    return procedure("1.004859", level="commune", functions=("commune_pc",))


@pytest.fixture
def appraisal(world, version):
    dossier = services.receive(**reception_kwargs(world.commune, version))
    desk = DossierTask.objects.get(dossier=dossier, state="open")
    return services.forward(
        desk, user=world.commune.desk, at=local(2025, 10, 27, 9, 10)
    )


def test_the_district_is_the_first_target_of_a_commune(world, appraisal):
    targets = services.transfer_targets(appraisal)
    assert targets[0] == world.district.agency
    assert world.commune.agency not in targets
    assert world.other_district.agency not in targets  # not above this commune


def test_transfer_to_the_district_and_back(world, appraisal):
    dossier = appraisal.dossier
    there = services.transfer(
        appraisal,
        user=world.commune.specialist,
        to_agency=world.district.agency,
        note="Đề nghị xác minh",
        at=local(2025, 10, 27, 10, 0),
    )
    leg = there.leg
    assert leg.sequence == 2
    assert leg.parent == appraisal.leg
    assert leg.agency == world.district.agency
    assert leg.process.kind == "transfer"
    assert leg.budget_minutes == appraisal.budget_minutes
    assert there.agency == world.district.agency
    assert there.role == "specialist"
    assert there.step.key == "appraise"
    assert DossierTask.objects.get(pk=appraisal.pk).outcome == StepAction.TRANSFER
    dossier.refresh_from_db()
    assert dossier.code.startswith(world.commune.agency.code)  # one code throughout
    # The district does its part.
    approve = services.forward(
        there, user=world.district.specialist, at=local(2025, 10, 27, 14, 0)
    )
    back = services.complete_transfer(
        approve,
        user=world.district.leader,
        note="Đã xác minh",
        at=local(2025, 10, 28, 8, 30),
    )
    leg.refresh_from_db()
    assert leg.outcome == "done"
    assert leg.finished_at == local(2025, 10, 28, 8, 30)
    # Monday 10:00-17:00 minus lunch (5 h 30) + Tuesday 7:30-8:30 (1 h)
    assert leg.used_minutes == 390
    assert back.agency == world.commune.agency
    assert back.step.key == "appraise"
    assert back.assignee == world.commune.specialist
    actions = list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == ["transfer", "forward", "transfer_done"]
    done = DossierEvent.objects.get(dossier=dossier, action="transfer_done")
    assert done.payload["used_minutes"] == 390
    assert done.payload["to_agency"] == world.commune.agency.code


def test_the_district_returns_it_with_reasons(world, appraisal):
    there = services.transfer(
        appraisal,
        user=world.commune.specialist,
        to_agency=world.district.agency,
        at=local(2025, 10, 27, 10, 0),
    )
    with pytest.raises(WorkflowError, match="reasons"):
        services.return_transfer(there, user=world.district.specialist, reason="")
    back = services.return_transfer(
        there,
        user=world.district.specialist,
        reason="Không thuộc thẩm quyền",
        at=local(2025, 10, 27, 11, 0),
    )
    leg = DossierLeg.objects.get(pk=there.leg_id)
    assert (leg.outcome, leg.reason) == ("returned", "Không thuộc thẩm quyền")
    assert leg.used_minutes == 60
    assert back.note == "Không thuộc thẩm quyền"
    assert back.leg.sequence == 1
    event = DossierEvent.objects.get(
        dossier=appraisal.dossier, action="transfer_returned"
    )
    assert event.reason == "Không thuộc thẩm quyền"


def test_only_the_target_agency_acts_there(world, appraisal):
    there = services.transfer(
        appraisal,
        user=world.commune.specialist,
        to_agency=world.district.agency,
        at=local(2025, 10, 27, 10, 0),
    )
    with pytest.raises(WorkflowError):
        services.forward(there, user=world.commune.specialist)


def test_transfer_to_an_agency_outside_the_targets_is_refused(world, appraisal):
    with pytest.raises(WorkflowError, match="cannot take part"):
        services.transfer(
            appraisal,
            user=world.commune.specialist,
            to_agency=world.other_district.agency,
        )


def test_a_main_leg_cannot_complete_a_transfer(world, appraisal):
    assert StepAction.COMPLETE_TRANSFER not in services.allowed_actions(
        appraisal, world.commune.specialist
    )
    with pytest.raises(WorkflowError, match="not allowed"):
        services.complete_transfer(appraisal, user=world.commune.specialist)


def test_the_transfer_budget_pauses_with_the_dossier(world, appraisal):
    there = services.transfer(
        appraisal,
        user=world.commune.specialist,
        to_agency=world.district.agency,
        at=local(2025, 10, 27, 10, 0),
    )
    leg_due = DossierLeg.objects.get(pk=there.leg_id).due_at
    services.request_supplement(
        there,
        user=world.district.specialist,
        reason="",
        items=["Giấy xác nhận"],
        at=local(2025, 10, 27, 10, 30),
    )
    assert DossierLeg.objects.get(pk=there.leg_id).due_at is None
    services.record_supplement(
        there.dossier, user=world.commune.desk, at=local(2025, 10, 27, 14, 30)
    )
    # 10:30-11:30 and 13:00-14:30: 150 office minutes paused.
    leg = DossierLeg.objects.get(pk=there.leg_id)
    cal = calendar_for(world.district.agency)
    assert leg.due_at == local_aware(
        add_working_minutes(local_naive(leg_due), 150, cal)
    )
