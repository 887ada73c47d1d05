"""The account page: notice preferences, organisations and acting for one."""

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

import pytest

from motcua.citizens.models import CitizenProfile, Representation
from motcua.citizens.services import ACTING_KEY, acting_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(django_user_model):
    user = django_user_model.objects.create_user("cd-an", password=None)
    CitizenProfile.objects.create(
        user=user,
        full_name="Nguyễn Văn An",
        personal_id="080090001234",
        phone="0912345678",
        email="an@example.vn",
    )
    return user


@pytest.fixture
def signed_in(client, an):
    client.force_login(an)
    return client


def _company(tax_code="0312345678", name="Công ty TNHH Sen Vàng"):
    return CitizenProfile.objects.create(
        kind="organisation", full_name=name, tax_code=tax_code
    )


def _represent(user, company, *, verified=True, **dates):
    return Representation.objects.create(
        citizen=user.citizen_profile,
        organisation=company,
        role="owner",
        valid_from=dates.get("valid_from", dt.date(2026, 1, 1)),
        valid_to=dates.get("valid_to"),
        verified=verified,
    )


# -- preferences ---------------------------------------------------------------


def test_the_page_shows_the_preferences_checked(signed_in):
    html = signed_in.get("/tai-khoan/").content.decode()
    assert 'name="notify_sms" id="id_notify_sms" checked' in html
    assert 'name="notify_email" id="id_notify_email" checked' in html
    assert '<option value="vi" selected>' in html


def test_saving_preferences(signed_in, an):
    response = signed_in.post(
        "/tai-khoan/thong-bao/", {"notify_email": "on", "language": "en"}
    )
    assert response.status_code == 302
    profile = CitizenProfile.objects.get(user=an)
    assert (profile.notify_sms, profile.notify_email, profile.language) == (
        False,
        True,
        "en",
    )
    page = signed_in.get("/tai-khoan/").content.decode()
    assert "Đã lưu lựa chọn nhận thông báo của bạn." in page
    assert 'name="notify_sms" id="id_notify_sms">' in page


def test_both_channels_off_is_refused_next_to_the_field(signed_in, an):
    response = signed_in.post("/tai-khoan/thong-bao/", {"language": "vi"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy giữ ít nhất một cách nhận thông báo" in html
    assert 'href="#id_notify_sms"' in html
    assert CitizenProfile.objects.get(user=an).notify_sms is True


def test_a_forged_language_is_refused(signed_in):
    response = signed_in.post(
        "/tai-khoan/thong-bao/", {"notify_sms": "on", "language": "xx"}
    )
    assert response.status_code == 400
    assert "Hãy chọn tiếng Việt hoặc tiếng Anh." in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    for url in ("/tai-khoan/", "/tai-khoan/to-chuc/them/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")
    assert client.post("/tai-khoan/thong-bao/", {"notify_sms": "on"}).status_code == 302
    assert client.post("/tai-khoan/dai-dien/", {"organisation": "1"}).status_code == 302


def test_a_user_without_profile_sees_a_notice(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password=None)
    client.force_login(user)
    page = client.get("/tai-khoan/")
    assert page.status_code == 200
    assert "không có hồ sơ công dân" in page.content.decode()
    assert client.post("/tai-khoan/thong-bao/", {"notify_sms": "on"}).status_code == 404


# -- organisations ---------------------------------------------------------------


def test_declaring_an_organisation_makes_an_unverified_representation(signed_in, an):
    response = signed_in.post(
        "/tai-khoan/to-chuc/them/",
        {"tax_code": "0312 345 678", "name": "Công ty TNHH Sen Vàng", "role": "owner"},
    )
    assert response.status_code == 302
    row = Representation.objects.get()
    assert row.citizen.user == an
    assert row.organisation.tax_code == "0312345678"
    assert row.organisation.kind == "organisation"
    assert row.verified is False
    assert row.valid_from == timezone.localdate()
    page = signed_in.get("/tai-khoan/").content.decode()
    assert "Công ty TNHH Sen Vàng" in page
    assert "Chờ cán bộ xác minh" in page
    assert f'value="{row.organisation.pk}"' not in page  # cannot act for it yet


def test_declaring_reuses_a_known_organisation_and_refuses_twice(signed_in):
    company = _company()
    data = {"tax_code": "0312345678", "name": "Tên khác", "role": "authorised"}
    assert signed_in.post("/tai-khoan/to-chuc/them/", data).status_code == 302
    assert Representation.objects.get().organisation == company
    again = signed_in.post("/tai-khoan/to-chuc/them/", data)
    assert again.status_code == 400
    assert "Bạn đã khai báo tổ chức này rồi." in again.content.decode()
    assert CitizenProfile.objects.filter(kind="organisation").count() == 1


@pytest.mark.parametrize("tax_code", ["", "123", "03123456789", "0312345678-01", "abc"])
def test_a_bad_tax_code_is_refused_in_vietnamese(signed_in, tax_code):
    response = signed_in.post(
        "/tai-khoan/to-chuc/them/",
        {"tax_code": tax_code, "name": "Công ty", "role": "owner"},
    )
    assert response.status_code == 400
    assert not Representation.objects.exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_branch_tax_code_is_kept_with_its_dash(signed_in):
    signed_in.post(
        "/tai-khoan/to-chuc/them/",
        {"tax_code": "0312345678001", "name": "Chi nhánh", "role": "authorised"},
    )
    assert Representation.objects.get().organisation.tax_code == "0312345678-001"


def test_a_forged_role_is_refused(signed_in):
    response = signed_in.post(
        "/tai-khoan/to-chuc/them/",
        {"tax_code": "0312345678", "name": "Công ty", "role": "boss"},
    )
    assert response.status_code == 400
    assert "Hãy chọn vai trò của bạn trong tổ chức." in response.content.decode()


# -- acting for an organisation --------------------------------------------------


def test_acting_for_a_verified_organisation_and_back(signed_in, an):
    company = _company()
    _represent(an, company)
    page = signed_in.get("/tai-khoan/").content.decode()
    assert f'value="{company.pk}"' in page
    response = signed_in.post("/tai-khoan/dai-dien/", {"organisation": company.pk})
    assert response.status_code == 302
    assert signed_in.session[ACTING_KEY] == company.pk
    page = signed_in.get("/tai-khoan/").content.decode()
    assert "Bạn đang thực hiện thay cho" in page
    signed_in.post("/tai-khoan/dai-dien/", {"organisation": ""})
    assert ACTING_KEY not in signed_in.session


def test_an_unverified_or_foreign_organisation_cannot_be_chosen(signed_in, an):
    mine = _company()
    _represent(an, mine, verified=False)
    foreign = _company("0398765432", "Công ty Khác")
    for target in (mine.pk, foreign.pk, "abc", 999999):
        response = signed_in.post("/tai-khoan/dai-dien/", {"organisation": target})
        assert response.status_code == 400
        assert "chưa được xác minh" in response.content.decode()
        assert ACTING_KEY not in signed_in.session


def test_acting_profile_is_the_person_by_default(an):
    session = SessionStore()
    assert acting_profile(an, session) == an.citizen_profile


def test_acting_profile_checks_the_representation_on_every_use(an):
    company = _company()
    row = _represent(an, company)
    session = SessionStore()
    session[ACTING_KEY] = company.pk
    assert acting_profile(an, session) == company
    row.valid_to = timezone.localdate() - dt.timedelta(days=1)
    row.save()
    assert acting_profile(an, session) == an.citizen_profile
    assert ACTING_KEY not in session


def test_acting_profile_drops_a_representation_unverified_later(an):
    company = _company()
    row = _represent(an, company)
    session = {ACTING_KEY: company.pk}
    row.verified = False
    row.save()
    assert acting_profile(an, session) == an.citizen_profile


def test_acting_profile_of_anonymous_or_profileless_is_none(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert acting_profile(AnonymousUser(), {}) is None
    user = django_user_model.objects.create_user("nobody", password=None)
    assert acting_profile(user, {}) is None


def test_a_future_representation_is_not_current(signed_in, an):
    company = _company()
    _represent(an, company, valid_from=timezone.localdate() + dt.timedelta(days=3))
    response = signed_in.post("/tai-khoan/dai-dien/", {"organisation": company.pk})
    assert response.status_code == 400


def test_admin_lists_representations_with_their_verification(admin_client, an):
    company = _company()
    row = _represent(an, company, verified=False)
    page = admin_client.get("/admin/citizens/representation/?verified__exact=0")
    assert page.status_code == 200
    assert "Công ty TNHH Sen Vàng" in page.content.decode()
    response = admin_client.post(
        "/admin/citizens/representation/",
        {"action": "mark_verified", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.verified
