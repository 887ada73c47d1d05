"""Reviewing an online dossier at the desk and the desk's decisions."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.tests.factories import AgencyFactory
from motcua.dossiers.domain import Action, Activity, Status
from motcua.dossiers.models import Dossier, ReceptionGuidance
from motcua.dossiers.services.guidance import refuse_dossier
from motcua.dossiers.services.lifecycle import ConcurrentChange
from motcua.dossiers.tests.factories import desk_officer, staff_member
from motcua.filing.models import SupplementRound
from motcua.filing.tests.online_factories import birth_eform, submit

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def review_url(dossier):
    return f"/can-bo/truc-tuyen/{dossier.code}/"


def decide_url(dossier, action):
    return f"/can-bo/truc-tuyen/{dossier.code}/{action}/"


@pytest.fixture
def dossier(agency, version):
    birth_eform(version)
    return submit(agency, version, at=datetime(2026, 12, 4, 10, 0, tzinfo=HCM))


def post(client, dossier, action, seen=None, **data):
    payload = {f"{action}-seen": seen or dossier.status}
    payload.update({f"{action}-{k}": v for k, v in data.items()})
    return client.post(decide_url(dossier, action), payload)


def test_review_shows_the_eform_with_its_labels_and_the_reused_papers(
    desk_client, dossier
):
    response = desk_client.get(review_url(dossier))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Họ, chữ đệm, tên người được khai sinh" in html
    assert "Nguyễn Minh Khôi" in html
    assert "20/11/2026" in html  # the ISO date shown as dd/mm/yyyy
    assert "<dd>Nam</dd>" in html
    assert "<dd>Không</dd>" in html
    assert "Tái sử dụng" in html
    assert "lấy từ giấy tờ của hồ sơ 000.05.25.H39-260101-0001" in html
    assert "Nộp lần đầu" in html
    first = dossier.files.order_by("pk").first()
    link = f"/can-bo/ho-so/{dossier.code}/tep/{first.pk}/"
    assert link in html
    assert desk_client.get(link).status_code == 200
    assert "Hạn trả lời 8 giờ" not in html  # no leftover
    assert "Tiếp nhận" in html
    assert "Yêu cầu bổ sung" in html


def test_the_dossier_page_shows_the_online_parts_and_the_rounds(desk_client, dossier):
    SupplementRound.objects.create(
        dossier=dossier,
        number=1,
        submitted_by=dossier.submitted_by,
        submitted_at=dossier.submitted_at,
        previous_form_data={"child_name": "Nguyen Minh Khoi"},
        form_data=dossier.form_data,
        note="Đã bổ sung giấy chứng sinh bản rõ nét.",
    )
    html = desk_client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()

    assert "Nguyễn Minh Khôi" in html
    assert "Tái sử dụng" in html
    assert "Đã bổ sung giấy chứng sinh bản rõ nét." in html
    assert review_url(dossier) in html


def test_accepting_receives_the_dossier_and_opens_its_processing(
    desk_client, dossier, officer
):
    response = post(desk_client, dossier, "accept")

    assert response.status_code == 302
    assert response["Location"] == f"/can-bo/ho-so/{dossier.code}/"
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert dossier.reception_due_at is None
    assert dossier.received_by == officer
    assert dossier.legs.exists()
    assert desk_client.get(review_url(dossier)).status_code == 404


def test_with_several_competent_agencies_the_officer_chooses_one(
    desk_client, dossier, monkeypatch
):
    from motcua.backoffice.views import online
    from motcua.workflow.services import intake

    district = AgencyFactory(code="000.00.15.H39", name="UBND huyện Tân Thạnh")
    choices = [dossier.receiving_agency, district]
    monkeypatch.setattr(online, "competent_agencies", lambda dossier: choices)
    calls = []
    monkeypatch.setattr(
        intake,
        "accept_online",
        lambda dossier, *, officer, handling_agency=None: calls.append(handling_agency),
    )

    refused = post(desk_client, dossier, "accept")
    assert refused.status_code == 400
    assert "Chọn cơ quan giải quyết." in refused.content.decode()
    assert calls == []

    assert (
        post(desk_client, dossier, "accept", handling_agency=district.code).status_code
        == 302
    )
    assert calls == [district]


def test_asking_for_a_supplement_names_the_papers_the_citizen_sees(
    desk_client, dossier, version
):
    paper = version.documents.order_by("position").last()
    response = post(
        desk_client,
        dossier,
        "supplement",
        missing=[str(paper.pk)],
        other="Bản sao sổ hộ khẩu",
        note="Ảnh chụp giấy chứng sinh bị mờ.",
    )

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_SUPPLEMENT
    assert dossier.reception_due_at is None
    guidance = ReceptionGuidance.objects.get(dossier=dossier)
    assert guidance.missing == [paper.name, "Bản sao sổ hộ khẩu"]
    assert guidance.note == "Ảnh chụp giấy chứng sinh bị mờ."


def test_a_supplement_request_without_papers_is_refused_in_vietnamese(
    desk_client, dossier
):
    response = post(desk_client, dossier, "supplement", note="Thiếu giấy tờ")

    assert response.status_code == 400
    assert "Đánh dấu các giấy tờ người nộp cần bổ sung." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


def test_refusing_needs_reasons_and_ends_the_wait(desk_client, dossier):
    empty = post(desk_client, dossier, "refuse", reasons="  ")
    assert empty.status_code == 400
    assert "Hãy nêu lý do từ chối." in empty.content.decode()

    response = post(
        desk_client, dossier, "refuse", reasons="Không thuộc thẩm quyền của xã."
    )
    assert response.status_code == 302
    assert response["Location"] == "/can-bo/truc-tuyen/"
    dossier.refresh_from_db()
    assert dossier.status == Status.NOT_ACCEPTED
    assert dossier.reception_due_at is None
    event = dossier.events.get(action=Action.REFUSE)
    assert event.reason == "Không thuộc thẩm quyền của xã."


def test_a_decision_on_a_dossier_another_officer_answered_is_refused_clearly(
    desk_client, dossier, agency
):
    colleague = desk_officer(agency, username="dong.nghiep")
    seen = dossier.status
    refuse_dossier(
        Dossier.objects.get(pk=dossier.pk), officer=colleague, reasons="Sai thủ tục"
    )

    response = post(desk_client, dossier, "accept", seen=seen)

    assert response.status_code == 302
    follow = desk_client.get(response["Location"]).content.decode()
    assert "vừa được cán bộ khác xử lý" in follow
    dossier.refresh_from_db()
    assert dossier.status == Status.NOT_ACCEPTED


def test_a_race_lost_inside_the_transaction_is_refused_clearly(
    desk_client, dossier, monkeypatch
):
    from motcua.backoffice.views import online

    def lose(*args, **kwargs):
        raise ConcurrentChange(Status.NEW, Status.NOT_ACCEPTED, Action.REFUSE)

    monkeypatch.setattr(online, "refuse_dossier", lose)
    response = post(desk_client, dossier, "refuse", reasons="Sai thủ tục")

    assert response.status_code == 302
    follow = desk_client.get(response["Location"]).content.decode()
    assert "vừa được cán bộ khác xử lý" in follow


def test_a_transition_the_lifecycle_forbids_is_a_message_not_an_error(
    desk_client, dossier, monkeypatch
):
    from motcua.backoffice.views import online
    from motcua.dossiers.domain import IllegalTransition

    def forbid(*args, **kwargs):
        raise IllegalTransition(Status.AWAITING_SUPPLEMENT, Action.REQUEST_SUPPLEMENT)

    monkeypatch.setattr(online, "request_supplement", forbid)
    response = post(desk_client, dossier, "supplement", other="Giấy chứng sinh")

    assert response.status_code == 409
    assert "Không thể" in response.content.decode()


def test_an_unknown_decision_or_another_agencys_dossier_is_not_found(
    client, desk_client, dossier
):
    assert post(desk_client, dossier, "approve").status_code == 404
    other = AgencyFactory(code="000.07.25.H39", function="commune_pc")
    client.force_login(desk_officer(other, username="xa.khac"))
    assert post(client, dossier, "refuse", reasons="x").status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


def test_a_specialist_of_the_agency_may_not_decide(client, dossier, agency):
    client.force_login(staff_member(agency))
    assert post(client, dossier, "refuse", reasons="x").status_code == 403
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


@pytest.fixture
def exempt(agency, version):
    return submit(
        agency,
        version,
        at=datetime(2026, 12, 4, 10, 0, tzinfo=HCM),
        fee_exemption="Trẻ em thuộc hộ nghèo",
    )


def test_an_exemption_not_verified_makes_the_fees_due(desk_client, exempt):
    page = desk_client.get(review_url(exempt)).content.decode()
    assert "Trẻ em thuộc hộ nghèo" in page
    assert "Xác minh miễn phí" in page

    response = post(
        desk_client,
        exempt,
        "exemption",
        verified="no",
        note="Không có tên trong danh sách",
    )

    assert response.status_code == 302
    exempt.refresh_from_db()
    assert exempt.fee_exemption == ""
    assert exempt.status == Status.NEW
    note = exempt.events.get(action=Activity.NOTE)
    assert note.payload == {
        "exemption_verified": False,
        "exemption": "Trẻ em thuộc hộ nghèo",
    }
    assert "Không có tên trong danh sách" in note.reason
    page = desk_client.get(review_url(exempt)).content.decode()
    assert "Không được xác nhận: phải nộp phí" in page
    assert "Xác minh miễn phí" not in page


def test_an_exemption_verified_stays_claimed(desk_client, exempt):
    assert post(desk_client, exempt, "exemption", verified="yes").status_code == 302
    exempt.refresh_from_db()
    assert exempt.fee_exemption == "Trẻ em thuộc hộ nghèo"
    assert exempt.events.get(action=Activity.NOTE).payload["exemption_verified"]
    assert (
        "Đã được một cửa xác nhận"
        in desk_client.get(review_url(exempt)).content.decode()
    )


def test_the_exemption_form_needs_an_answer_and_a_claim(desk_client, exempt, dossier):
    response = post(desk_client, exempt, "exemption")
    assert response.status_code == 400
    assert "Cho biết việc miễn phí có được xác nhận không." in response.content.decode()

    response = post(desk_client, dossier, "exemption", verified="no")
    assert response.status_code == 400
    assert "Người nộp không đề nghị miễn phí." in response.content.decode()


def test_a_resubmitted_supplement_comes_back_with_both_versions_and_is_received(
    desk_client, dossier, version
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.filing.services import resubmit
    from motcua.filing.tests.online_factories import FORM_DATA, PDF

    paper = version.documents.order_by("position").last()
    post(desk_client, dossier, "supplement", missing=[str(paper.pk)], note="Mờ")
    dossier.refresh_from_db()
    corrected = {**FORM_DATA, "child_name": "Nguyễn Minh Khang"}
    resubmit(
        dossier,
        user=dossier.submitted_by,
        form_data=corrected,
        files={
            paper.pk: [SimpleUploadedFile("chung-sinh-ro.pdf", PDF, "application/pdf")]
        },
        note="Đã chụp lại giấy chứng sinh.",
    )

    queue_html = desk_client.get("/can-bo/truc-tuyen/").content.decode()
    assert dossier.code in queue_html
    assert "Bổ sung lần 1 (đã nộp lại)" in queue_html
    page = desk_client.get(review_url(dossier)).content.decode()
    assert "Nộp lần đầu" in page
    assert "chung-sinh-ro.pdf" in page
    assert "Đã chụp lại giấy chứng sinh." in page
    assert "<del>Nguyễn Minh Khôi</del> → <ins>Nguyễn Minh Khang</ins>" in page

    dossier.refresh_from_db()
    assert post(desk_client, dossier, "accept").status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_bad_input_is_refused_on_the_page_never_a_500(desk_client, dossier):
    foreign = post(desk_client, dossier, "supplement", missing=["999999", "abc"])
    assert foreign.status_code == 400
    assert 'role="alert"' in foreign.content.decode()
    too_long = post(desk_client, dossier, "refuse", reasons="x" * 5000)
    assert too_long.status_code == 400
    assert desk_client.get(review_url(dossier) + "accept/").status_code == 405
    assert desk_client.get("/can-bo/truc-tuyen/khong-phai-ma/").status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW
    # One competent agency: a stray choice is ignored, the dossier is received.
    accepted = post(desk_client, dossier, "accept", handling_agency="x" * 500)
    assert accepted.status_code == 302
