"""The control slip, the apology letter and the stop notice from real journeys."""

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from motcua.dossiers.services.forms import available_forms, form_pdf
from motcua.dossiers.tests.factories import DossierFactory
from motcua.workflow import services
from motcua.workflow.domain.lateness import HopOutcome
from motcua.workflow.models import DossierTask
from motcua.workflow.services.lateness import issue_apology
from motcua.workflow.services.slip import (
    control_slip_number,
    control_slip_pdf,
    control_slip_rows,
)

from .world import MONDAY, local, procedure, reception_kwargs

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def at(minutes):
    return MONDAY + timedelta(minutes=minutes)


def open_task(dossier):
    return DossierTask.objects.get(dossier=dossier, state="open")


@pytest.fixture
def journey(world):
    """Desk → specialist (claims, works a day and a half) → leader."""
    dossier = services.receive(**reception_kwargs(world.district, procedure()))
    services.forward(open_task(dossier), user=world.district.desk, at=at(10))
    task = services.claim(open_task(dossier), user=world.district.specialist, at=at(20))
    services.forward(task, user=world.district.specialist, at=local(2025, 10, 29, 9, 0))
    dossier.refresh_from_db()
    return dossier


def test_every_hand_over_is_a_row_with_giver_receiver_and_time(world, journey):
    rows = control_slip_rows(journey)
    assert [(r.giver.unit, r.receiver.unit) for r in rows] == [
        ("", rows[0].receiver.unit),
        (rows[0].receiver.unit, rows[1].receiver.unit),
        (rows[1].receiver.unit, rows[2].receiver.unit),
    ]
    assert rows[0].giver.person == "Nguyễn Văn An"  # the applicant hands it in
    assert rows[0].receiver.person == world.district.desk.full_name
    assert rows[1].giver.person == world.district.desk.full_name
    assert rows[2].giver.person == world.district.specialist.full_name
    assert {r.receiver.agency for r in rows} == {"UBND huyện Tân Thạnh"}
    assert [r.handed_at.strftime("%d/%m %H:%M") for r in rows] == [
        "27/10 09:00",
        "27/10 09:10",
        "29/10 09:00",
    ]


def test_each_giver_is_judged_against_its_budget(journey):
    rows = control_slip_rows(journey)
    desk, specialist = rows[1], rows[2]
    assert desk.used_minutes == 10
    assert desk.outcome is HopOutcome.EARLY
    assert specialist.used_minutes == 950  # Monday 9:10 to Wednesday 9:00
    assert specialist.allotted_minutes == 1320  # its share of the 5 days
    assert specialist.outcome is HopOutcome.EARLY


def test_the_slip_prints_as_form_06_under_circular_03_2025(journey):
    assert control_slip_number(journey) == "06"
    text = text_of(control_slip_pdf(journey))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Mẫu số 06" in text
    assert journey.code in text
    assert "Nguyễn Văn An" in text
    assert "Trước hạn" in text
    assert "UBND huyện Tân Thạnh" in text


def test_the_slip_is_form_05_under_circular_01_2018(db):
    dossier = DossierFactory(in_progress=True)
    dossier.rule_set = dossier.rule_set.__class__.objects.get(code="nd61-2018")
    dossier.save(update_fields=["rule_set"])
    assert control_slip_number(dossier) == "05"
    text = text_of(control_slip_pdf(dossier))
    assert "Mẫu số 05" in text
    assert "01/2018/TT-VPCP" in text
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text


def test_the_apology_letter_prints_the_reason_and_the_new_date(world, journey):
    issue_apology(
        journey,
        user=world.district.leader,
        reason="Chờ kết quả xác minh của Công an xã",
        new_due_at=local(2025, 11, 10, 17, 0),
        at=local(2025, 10, 30, 9, 0),
    )
    journey.refresh_from_db()
    assert "apology" in {f["key"] for f in available_forms(journey)}
    text = text_of(form_pdf(journey, "apology"))
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "Chờ kết quả xác minh của Công an xã" in text
    assert "10/11/2025" in text
    assert "Số: " + journey.code in text  # the letter's number
    slip = text_of(control_slip_pdf(journey))
    assert "10/11/2025" in slip  # the new appointment is on the slip too


def test_the_apology_of_a_2018_dossier_is_the_old_form(world):
    dossier = DossierFactory(in_progress=True, receiving_agency=world.district.agency)
    dossier.rule_set = dossier.rule_set.__class__.objects.get(code="nd61-2018")
    dossier.save(update_fields=["rule_set"])
    issue_apology(
        dossier,
        user=world.district.leader,
        reason="Hồ sơ cần xác minh thực địa",
        new_due_at=dossier.due_at + timedelta(days=7),
        at=dossier.received_at + timedelta(days=1),
    )
    text = text_of(form_pdf(dossier, "apology"))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Hồ sơ cần xác minh thực địa" in text


def test_the_stop_notice_prints_the_reasons_of_the_stop(world):
    dossier = services.receive(**reception_kwargs(world.district, procedure()))
    task = services.forward(open_task(dossier), user=world.district.desk, at=at(10))
    services.stop(
        task,
        user=world.district.specialist,
        reasons=["Người nộp không đủ điều kiện", "Giấy tờ không hợp lệ"],
        at=at(30),
    )
    dossier.refresh_from_db()
    assert "stop_notice" in {f["key"] for f in available_forms(dossier)}
    text = text_of(form_pdf(dossier, "stop_notice"))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert "Người nộp không đủ điều kiện" in text
    assert "Giấy tờ không hợp lệ" in text


def test_no_apology_or_stop_form_before_the_event(journey):
    keys = {f["key"] for f in available_forms(journey)}
    assert not keys & {"apology", "stop_notice"}


def test_a_step_that_overran_its_budget_is_late_on_the_slip(world, journey):
    leader_task = open_task(journey)
    services.approve(leader_task, user=world.district.leader, at=local(2025, 11, 5, 9))
    rows = control_slip_rows(journey)
    assert rows[3].giver.person == world.district.leader.full_name
    assert rows[3].used_minutes > rows[3].allotted_minutes
    assert rows[3].outcome is HopOutcome.LATE
