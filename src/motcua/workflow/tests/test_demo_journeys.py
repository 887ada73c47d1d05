"""The demo's accounts and default processes carry the issue's three journeys."""

from datetime import date

from django.utils import timezone

import pytest

from motcua.accounts.models import User
from motcua.catalog.queries import procedure_in_force
from motcua.demo.seed import load_demo
from motcua.dossiers.domain import Status
from motcua.dossiers.services.reception import ApplicantData, DocumentReceipt
from motcua.results import services as results
from motcua.workflow import services
from motcua.workflow.models import DossierTask


@pytest.fixture(autouse=True)
def pki(settings, tmp_path):
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_DEV_PKI = True
    settings.MOTCUA_PKI_TRUST_ROOTS = []
    settings.MEDIA_ROOT = tmp_path / "media"


def person(name):
    return User.objects.get(username=name)


def receive(desk_name, code, at):
    desk = person(desk_name)
    agency = desk.roles.get(role="desk_officer").agency
    version = procedure_in_force(code, on=timezone.localdate())
    return services.receive(
        officer=desk,
        agency=agency,
        procedure_version=version,
        applicant=ApplicantData(
            full_name="Nguyễn Văn Bình",
            personal_id="080090000999",
            date_of_birth=date(1990, 1, 1),
            address="Khu phố 1, thị trấn Tân Thạnh",
            phone="0912345678",
        ),
        documents=[
            DocumentReceipt(required_document_id=d.pk, originals=1)
            for d in version.documents.all()
        ],
        received_at=at,
    )


def open_task(dossier):
    return DossierTask.objects.get(dossier=dossier, state="open")


@pytest.mark.django_db
def test_the_demo_journeys():
    load_demo(province_code="80")
    now = timezone.now()
    # 1. A district procedure: desk → specialist → leader approves and signs →
    #    clerk → desk.
    dossier = receive("motcua.tanthanh", "1.001612", now)
    task = services.forward(open_task(dossier), user=person("motcua.tanthanh"))
    task = services.forward(task, user=person("chuyenvien.tanthanh"))
    task = services.approve(task, user=person("lanhdao.tanthanh"))
    task = services.sign(task, user=person("lanhdao.tanthanh"))
    task = services.issue(task, user=person("vanthu.tanthanh"))
    services.return_result(
        task,
        user=person("motcua.tanthanh"),
        delivery=results.DeliveryData(
            method="desk",
            receiver_name="Nguyễn Văn Bình",
            receiver_personal_id="080090000999",
            id_checked=True,
        ),
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    # 2. A commune procedure transferred to the district and back.
    dossier = receive("motcua.xa", "1.004859", now)
    task = services.forward(open_task(dossier), user=person("motcua.xa"))
    district = person("motcua.tanthanh").roles.get().agency
    assert services.transfer_targets(task)[0] == district
    task = services.transfer(task, user=person("motcua.xa"), to_agency=district)
    task = services.forward(task, user=person("chuyenvien.tanthanh"))
    task = services.complete_transfer(task, user=person("lanhdao.tanthanh"))
    assert task.agency.unit.name == "Tân Thạnh"
    assert task.assignee == person("motcua.xa")
    task = services.forward(task, user=person("motcua.xa"))
    task = services.sign(task, user=person("lanhdao.xa"))
    task = services.issue(task, user=person("vanthu.xa"))
    assert task.step.key == "return"
    # 3. A supplement requested and resumed.
    dossier = receive("motcua.tanthanh", "2.000720", now)
    task = services.forward(open_task(dossier), user=person("motcua.tanthanh"))
    services.request_supplement(
        task, user=person("chuyenvien.tanthanh"), reason="", items=["Bản sao CCCD"]
    )
    services.record_supplement(dossier, user=person("motcua.tanthanh"))
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    # "4 on the spot" at the commune.
    version = procedure_in_force("1.001193", on=timezone.localdate())
    officer = person("taicho.xa")
    agency = officer.roles.filter(role="desk_officer").get().agency
    done = services.on_the_spot(
        officer=officer,
        agency=agency,
        procedure_version=version,
        applicant=ApplicantData(
            full_name="Nguyễn Văn Bình",
            personal_id="080090000999",
            date_of_birth=date(1990, 1, 1),
        ),
        documents=[
            DocumentReceipt(required_document_id=d.pk, originals=1)
            for d in version.documents.all()
        ],
        received_at=now,
    )
    assert done.status == Status.RETURNED
    # the demo's own dossiers wait at the commune desk
    assert (
        DossierTask.objects.filter(
            state="open", step__key="receive", agency=agency
        ).count()
        >= 3
    )
