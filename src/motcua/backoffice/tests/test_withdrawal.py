"""The agency's answer, in the back office, to a citizen's request to withdraw."""

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.tests.factories import AgencyFactory
from motcua.dossiers.domain import Action, Status
from motcua.dossiers.tests.factories import desk_officer, staff_member
from motcua.filing.services import request_withdrawal
from motcua.filing.tests.factories import citizen, online_dossier, online_setup
from motcua.workflow.models import DossierTask
from motcua.workflow.services.intake import accept_online

pytestmark = pytest.mark.django_db

REASON = "Tôi nộp nhầm thủ tục, xin rút để nộp lại."


@pytest.fixture
def setup(db):
    return online_setup()


@pytest.fixture
def dossier(setup):
    dossier = online_dossier(setup)
    accept_online(dossier, officer=setup.desk)
    request_withdrawal(dossier, user=setup.citizen, reason=REASON)
    return dossier


@pytest.fixture
def desk(client, setup):
    client.force_login(setup.desk)
    return client


def page(dossier):
    return f"/can-bo/ho-so/{dossier.code}/rut-ho-so/"


def test_the_dossier_page_shows_the_reason_and_the_two_answers(desk, dossier):
    html = desk.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()

    assert "Công dân yêu cầu rút hồ sơ" in html
    assert REASON in html
    assert f'action="{page(dossier)}"' in html
    assert 'value="accept"' in html
    assert ">Chấp nhận</button>" in html
    assert 'value="refuse"' in html
    assert ">Từ chối</button>" in html


def test_an_officer_who_may_not_answer_sees_the_request_without_buttons(
    client, setup, dossier
):
    specialist = staff_member(setup.agency, Role.SPECIALIST, username="cv.tan")
    client.force_login(specialist)

    html = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert REASON in html
    assert 'value="accept"' not in html

    response = client.post(page(dossier), {"decision": "accept"})
    assert response.status_code == 400
    assert "Chỉ cán bộ đang giữ hồ sơ hoặc lãnh đạo" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWAL_REQUESTED


def test_a_leader_of_the_handling_agency_may_answer(client, setup, dossier):
    leader = staff_member(setup.agency, Role.LEADER, username="ld.tan")
    client.force_login(leader)

    html = client.get(page(dossier)).content.decode()
    assert REASON in html
    assert 'value="accept"' in html


def test_accepting_stops_the_dossier(desk, dossier):
    response = desk.post(page(dossier), {"decision": "accept"}, follow=True)

    assert response.redirect_chain[-1][0] == f"/can-bo/ho-so/{dossier.code}/"
    assert "Đã chấp nhận yêu cầu rút hồ sơ" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.STOPPED
    assert not DossierTask.objects.filter(dossier=dossier, state="open").exists()
    assert dossier.events.filter(action=Action.ACCEPT_WITHDRAWAL).exists()


def test_refusing_without_reasons_is_refused_on_the_page(desk, dossier):
    response = desk.post(page(dossier), {"decision": "refuse", "note": "   "})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nêu lý do từ chối" in html
    assert REASON in html  # the request is still shown with the form
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWAL_REQUESTED


def test_refusing_with_reasons_puts_the_dossier_back_in_processing(desk, dossier):
    response = desk.post(
        page(dossier), {"decision": "refuse", "note": "Kết quả đã được ký."}
    )

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    event = dossier.events.get(action=Action.REJECT_WITHDRAWAL)
    assert event.reason == "Kết quả đã được ký."
    assert DossierTask.objects.filter(dossier=dossier, state="open").exists()


def test_a_second_answer_gets_a_message_not_an_error_page(desk, dossier):
    desk.post(page(dossier), {"decision": "accept"})
    response = desk.post(page(dossier), {"decision": "refuse", "note": "Muộn"})

    assert response.status_code == 400
    assert "chưa yêu cầu rút" in response.content.decode()
    assert "Chưa có yêu cầu rút hồ sơ nào" in response.content.decode()


def test_a_post_without_a_decision_asks_for_one(desk, dossier):
    response = desk.post(page(dossier), {"note": "?"})

    assert response.status_code == 400
    assert "Chọn chấp nhận hoặc từ chối" in response.content.decode()


def test_the_page_without_a_request_says_so(desk, setup):
    dossier = online_dossier(setup)
    accept_online(dossier, officer=setup.desk)

    response = desk.get(page(dossier))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chưa có yêu cầu rút hồ sơ nào" in html
    assert 'value="accept"' not in html
    assert (
        "Công dân yêu cầu rút hồ sơ"
        not in desk.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    )


def test_officers_of_another_agency_get_404(client, dossier):
    other = desk_officer(AgencyFactory(code="000.02.25.H39"), username="desk.other")
    client.force_login(other)

    assert client.get(page(dossier)).status_code == 404
    assert client.post(page(dossier), {"decision": "accept"}).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWAL_REQUESTED


def test_anonymous_users_and_citizens_are_kept_out(client, setup, dossier):
    response = client.post(page(dossier), {"decision": "accept"})
    assert response.status_code == 302
    assert "/can-bo/dang-nhap/" in response["Location"]

    client.force_login(citizen(personal_id="080195000456", full_name="Lê Thị Cúc"))
    assert client.post(page(dossier), {"decision": "accept"}).status_code == 403
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWAL_REQUESTED


def test_the_inbox_flags_a_dossier_whose_applicant_asks_to_withdraw(desk, dossier):
    html = desk.get("/can-bo/viec-can-lam/").content.decode()

    assert dossier.code in html
    assert "Xin rút hồ sơ" in html
    assert page(dossier) in html
