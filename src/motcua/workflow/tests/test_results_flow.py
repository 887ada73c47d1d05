"""The whole path with results: sign, issue, return; and “4 on the spot”."""

import pytest

from motcua.accounts.models import RoleAssignment
from motcua.dossiers.domain import Status
from motcua.dossiers.models import DossierEvent
from motcua.results import services as results
from motcua.workflow import services
from motcua.workflow.models import DossierTask
from motcua.workflow.services import WorkflowError

from .world import local, procedure, reception_kwargs


@pytest.fixture(autouse=True)
def pki(settings, tmp_path):
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_DEV_PKI = True
    settings.MOTCUA_PKI_TRUST_ROOTS = []
    settings.MEDIA_ROOT = tmp_path / "media"


def open_task(dossier):
    return DossierTask.objects.get(dossier=dossier, state="open")


def at(hour, minute=0, day=27):
    return local(2025, 10, day, hour, minute)


def desk_delivery():
    return results.DeliveryData(
        method="desk",
        receiver_name="Nguyễn Văn An",
        receiver_personal_id="080090000123",
        id_checked=True,
    )


def test_desk_specialist_leader_clerk_desk(world):
    office = world.district
    dossier = services.receive(**reception_kwargs(office, procedure()))
    task = services.forward(open_task(dossier), user=office.desk, at=at(9, 10))
    task = services.forward(task, user=office.specialist, at=at(10))
    task = services.approve(task, user=office.leader, note="Đồng ý", at=at(11))
    assert task.step.key == "sign"
    task = services.sign(task, user=office.leader, at=at(14))
    assert task.step.key == "issue"
    result = results.latest_result(dossier)
    assert result.state == "signed"
    task = services.issue(task, user=office.clerk, at=at(15))
    dossier.refresh_from_db()
    assert dossier.status == Status.RESOLVED
    assert task.step.key == "return"
    assert task.agency == office.agency
    assert results.latest_result(dossier).code == f"{dossier.code}-KQ1"
    with pytest.raises(WorkflowError):
        services.return_result(task, user=office.specialist, delivery=desk_delivery())
    services.return_result(task, user=office.desk, delivery=desk_delivery(), at=at(16))
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    assert not DossierTask.objects.filter(dossier=dossier, state="open").exists()
    leg = dossier.legs.get()
    assert leg.outcome == "done"
    assert leg.used_minutes == 330  # 9:00-11:30 and 13:00-16:00
    actions = list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "receive",
        "start_processing",
        "forward",
        "forward",
        "approve",
        "sign",
        "issue",
        "resolve",
        "return_result",
    ]


def test_only_a_leader_signs(world):
    office = world.district
    dossier = services.receive(**reception_kwargs(office, procedure()))
    task = services.forward(open_task(dossier), user=office.desk, at=at(9, 10))
    task = services.forward(task, user=office.specialist, at=at(10))
    task = services.approve(task, user=office.leader, at=at(11))
    with pytest.raises(WorkflowError):
        services.sign(task, user=office.clerk, at=at(12))
    assert results.latest_result(dossier) is None  # nothing half-done


def test_four_on_the_spot(world):
    office = world.commune
    version = procedure(
        "1.001193",
        level="commune",
        functions=("commune_pc",),
        amount=0,
        unit="same_day",
        on_the_spot=True,
    )
    with pytest.raises(WorkflowError, match="roles"):
        services.on_the_spot(**reception_kwargs(office, version, at=at(9)))
    RoleAssignment.objects.create(user=office.desk, agency=office.agency, role="leader")
    dossier = services.on_the_spot(**reception_kwargs(office, version, at=at(9)))
    assert dossier.status == Status.RETURNED
    result = results.latest_result(dossier)
    assert result.state == "issued"
    assert not DossierTask.objects.filter(dossier=dossier, state="open").exists()
    assert dossier.legs.get().outcome == "done"
    actions = list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["receive", "sign", "issue", "resolve", "return_result"]


def test_on_the_spot_only_for_flagged_procedures(world):
    office = world.district
    RoleAssignment.objects.create(user=office.desk, agency=office.agency, role="leader")
    with pytest.raises(WorkflowError, match="not decided on the spot"):
        services.on_the_spot(**reception_kwargs(office, procedure(), at=at(9)))
