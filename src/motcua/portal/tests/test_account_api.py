"""GET/PATCH /api/v1/me/profile: the citizen's own profile, nobody else's."""

import pytest
from rest_framework.test import APIClient

from motcua.accounts.models import RoleAssignment
from motcua.accounts.tests.factories import AgencyFactory
from motcua.citizens.models import CitizenProfile

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/profile"


@pytest.fixture
def citizen(django_user_model):
    user = django_user_model.objects.create_user("cd-an", password=None)
    CitizenProfile.objects.create(
        user=user,
        full_name="Nguyễn Văn An",
        personal_id="080090001234",
        phone="0912345678",
        email="an@example.vn",
    )
    return user


def _client(user=None, **kwargs):
    client = APIClient(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def test_a_citizen_reads_their_profile(citizen):
    answer = _client(citizen).get(URL)
    assert answer.status_code == 200
    body = answer.json()
    assert body["full_name"] == "Nguyễn Văn An"
    assert body["personal_id"] == "080090001234"
    assert body["notify_sms"] is True
    assert body["notify_email"] is True
    assert body["language"] == "vi"


def test_a_citizen_changes_preferences_but_not_identity(citizen):
    answer = _client(citizen).patch(
        URL,
        {"notify_sms": False, "language": "en", "full_name": "Kẻ Khác"},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    profile = CitizenProfile.objects.get(user=citizen)
    assert (profile.notify_sms, profile.notify_email, profile.language) == (
        False,
        True,
        "en",
    )
    assert profile.full_name == "Nguyễn Văn An"
    assert answer.json()["notify_sms"] is False


def test_turning_off_both_channels_is_refused_in_vietnamese(citizen):
    answer = _client(citizen).patch(
        URL, {"notify_sms": False, "notify_email": False}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["notify_sms"] == [
        "Hãy giữ ít nhất một cách nhận thông báo (tin nhắn SMS hoặc thư điện tử)."
    ]
    assert CitizenProfile.objects.get(user=citizen).notify_sms is True


def test_a_bad_language_is_refused(citizen):
    answer = _client(citizen).patch(URL, {"language": "fr"}, format="json")
    assert answer.status_code == 400
    assert "language" in answer.json()["errors"]


def test_anonymous_is_refused():
    assert _client().get(URL).status_code == 403
    assert _client().patch(URL, {"notify_sms": False}, format="json").status_code == 403


def test_an_officer_is_refused_even_with_a_profile(citizen, django_user_model):
    officer = django_user_model.objects.create_user("can-bo", password="x")
    RoleAssignment.objects.create(
        user=officer, agency=AgencyFactory(), role="desk_officer"
    )
    CitizenProfile.objects.create(user=officer, full_name="Cán bộ")
    answer = _client(officer).get(URL)
    assert answer.status_code == 403
    staff = django_user_model.objects.create_user("admin2", is_staff=True)
    assert _client(staff).get(URL).status_code == 403


def test_basic_auth_is_not_accepted(citizen):
    citizen.set_password("hoa-sen-2026")
    citizen.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic Y2QtYW46aG9hLXNlbi0yMDI2")
    assert client.get(URL).status_code == 403


def test_patch_needs_the_csrf_token(citizen):
    client = _client(citizen, enforce_csrf_checks=True)
    answer = client.patch(URL, {"notify_sms": False}, format="json")
    assert answer.status_code == 403
    assert CitizenProfile.objects.get(user=citizen).notify_sms is True


def test_the_schema_documents_the_endpoint(client):
    schema = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    operations = schema["paths"]["/api/v1/me/profile"]
    assert {"get", "patch"} <= set(operations)
    assert "403" in operations["patch"]["responses"]
    assert "400" in operations["patch"]["responses"]
