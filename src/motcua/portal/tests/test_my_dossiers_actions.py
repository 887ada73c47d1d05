"""Supplement, withdrawal and rating from the citizen's dossier page."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from motcua.dossiers.domain import Action, Status
from motcua.dossiers.services.guidance import request_supplement
from motcua.dossiers.services.lifecycle import transition
from motcua.filing.models import Rating, SupplementRound
from motcua.filing.tests.factories import PDF, online_dossier, online_setup
from motcua.workflow.services.intake import accept_online

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def setup(client):
    setup = online_setup()
    client.force_login(setup.citizen)
    return setup


def _asked(setup, dossier, paper, note="Ảnh mờ, chụp lại"):
    request_supplement(dossier, officer=setup.desk, missing=[paper.pk], note=note)
    dossier.refresh_from_db()
    return dossier


def test_the_supplement_page_shows_what_was_asked_and_the_form(client, setup):
    dossier = online_dossier(setup)
    paper = setup.version.documents.first()
    _asked(setup, dossier, paper)

    page = client.get(f"/ho-so-cua-toi/{dossier.code}/bo-sung/").content.decode()
    with_form = client.get(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/?to-khai=1"
    ).content.decode()

    assert paper.name in page
    assert "Ảnh mờ, chụp lại" in page
    assert "được yêu cầu" in page
    # The e-form opens on request, with what was declared.
    assert 'value="Nguyễn Minh Khang"' not in page
    assert "?to-khai=1" in page
    assert 'value="Nguyễn Minh Khang"' in with_form
    assert 'value="20/10/2025"' in with_form


def test_a_supplement_with_a_file_and_a_corrected_form_keeps_both_versions(
    client, setup
):
    dossier = online_dossier(setup)
    paper = setup.version.documents.first()
    _asked(setup, dossier, paper)
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/bo-sung/?to-khai=1")
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data["to-khai"] = "1"
    data["child_hometown"] = "Thạnh Hóa, Long An"
    data["ghi_chu_bo_sung"] = "Đã chụp lại"
    data[f"giay_to_{paper.pk}"] = SimpleUploadedFile(
        "chup-lai.pdf", PDF, "application/pdf"
    )

    response = client.post(f"/ho-so-cua-toi/{dossier.code}/bo-sung/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    dossier.refresh_from_db()
    supplement = SupplementRound.objects.get(dossier=dossier)
    assert supplement.previous_form_data["child_hometown"] == "Tân Thạnh, Long An"
    # Only what the citizen changed, not the defaults the page filled in.
    before, after = supplement.previous_form_data, supplement.form_data
    assert {k for k in before | after if before.get(k) != after.get(k)} == {
        "child_hometown"
    }
    assert dossier.form_data["child_hometown"] == "Thạnh Hóa, Long An"
    assert dossier.files.filter(round=1).count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "Hồ sơ bổ sung đã được gửi" in detail
    assert "chup-lai.pdf" in detail
    assert "Tân Thạnh, Long An" in detail  # the value before
    assert "Thạnh Hóa, Long An" in detail  # and after
    assert "Chờ tiếp nhận" in detail  # the desk answers again


def test_a_supplement_with_nothing_in_it_is_refused_in_vietnamese(client, setup):
    dossier = online_dossier(setup)
    _asked(setup, dossier, setup.version.documents.first())

    response = client.post(f"/ho-so-cua-toi/{dossier.code}/bo-sung/", {})

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert "Attach" not in response.content.decode()  # said in Vietnamese
    assert not SupplementRound.objects.exists()


def test_a_bad_file_is_refused_and_nothing_kept(client, setup):
    dossier = online_dossier(setup)
    paper = setup.version.documents.first()
    _asked(setup, dossier, paper)
    data = {
        f"giay_to_{paper.pk}": SimpleUploadedFile(
            "virus.exe", b"MZ\x90\x00", "application/pdf"
        )
    }

    response = client.post(f"/ho-so-cua-toi/{dossier.code}/bo-sung/", data)

    assert response.status_code == 400
    assert not SupplementRound.objects.exists()


def test_the_supplement_page_is_closed_when_nothing_was_asked(client, setup):
    dossier = online_dossier(setup)

    response = client.get(f"/ho-so-cua-toi/{dossier.code}/bo-sung/")

    assert response.status_code == 409
    assert "không ở trạng thái chờ bổ sung" in response.content.decode()


def test_withdrawal_needs_a_reason_then_is_sent(client, setup):
    dossier = online_dossier(setup)
    accept_online(dossier, officer=setup.desk)
    address = f"/ho-so-cua-toi/{dossier.code}/rut-ho-so/"

    refused = client.post(address, {"reason": "  "})
    sent = client.post(address, {"reason": "Nộp nhầm thủ tục"})

    assert refused.status_code == 400
    assert "Vui lòng nêu lý do rút hồ sơ." in refused.content.decode()
    assert sent.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWAL_REQUESTED
    assert dossier.events.filter(action=Action.REQUEST_WITHDRAWAL).exists()


def test_withdrawal_is_not_offered_before_reception(client, setup):
    dossier = online_dossier(setup)

    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/rut-ho-so/", {"reason": "Nộp nhầm"}
    )

    assert response.status_code == 409
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


def _returned(setup, dossier):
    accept_online(dossier, officer=setup.desk)
    for action in (Action.RESOLVE, Action.RETURN_RESULT):
        transition(dossier, action, actor=setup.desk)
    return dossier


def test_rating_after_the_return(client, setup):
    dossier = _returned(setup, online_dossier(setup))
    address = f"/ho-so-cua-toi/{dossier.code}/danh-gia/"

    form = client.get(address).content.decode()
    missing = client.post(address, {"overall": "satisfied"})
    done = client.post(
        address,
        {
            "overall": "satisfied",
            "convenience": "very_satisfied",
            "staff": "satisfied",
            "comment": "Nhanh gọn",
        },
    )

    assert "Rất hài lòng" in form
    assert '<fieldset class="choices"' in form
    assert missing.status_code == 400
    assert "Vui lòng chọn một câu trả lời." in missing.content.decode()
    assert done.status_code == 302
    rating = Rating.objects.get(dossier=dossier)
    assert rating.comment == "Nhanh gọn"
    assert client.get(address).status_code == 409  # once only
    detail = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Cảm ơn bạn: đánh giá đã được ghi nhận." in detail


def test_rating_is_refused_before_the_return(client, setup):
    dossier = online_dossier(setup)

    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/danh-gia/",
        {"overall": "satisfied", "convenience": "satisfied", "staff": "satisfied"},
    )

    assert response.status_code == 409
    assert not Rating.objects.exists()
