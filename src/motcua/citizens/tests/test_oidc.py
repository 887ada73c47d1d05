"""The whole authorization-code flow with PKCE against a real local provider."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from motcua.citizens.models import CitizenProfile

from .fake_oidc import s256

pytestmark = pytest.mark.django_db

UNVERIFIED = "Không xác minh được việc đăng nhập"
UNREACHABLE = "Không kết nối được với hệ thống định danh quốc gia"


def _start(client, query=""):
    response = client.get(f"/dang-nhap/oidc/{query}")
    assert response.status_code == 302, response.content
    return response["Location"]


def _authorize(url):
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def _callback(client, location, **changes):
    parts = urlsplit(location)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return client.get(parts.path, query)


def _sign_in(client, query=""):
    return _callback(client, _authorize(_start(client, query)))


def test_full_flow_signs_the_citizen_in_and_fills_the_profile(client, provider):
    location = _start(client)
    params = parse_qs(urlsplit(location).query)
    assert params["code_challenge_method"] == ["S256"]
    assert params["nonce"][0]
    assert params["state"][0]

    response = _callback(client, _authorize(location))
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/"
    profile = CitizenProfile.objects.get()
    assert profile.subject == "vneid-000123"
    assert profile.identity_provider == provider.issuer
    assert profile.personal_id == "080090001234"
    assert profile.full_name == "Nguyễn Văn An"
    assert str(profile.date_of_birth) == "1990-05-17"
    assert profile.identity_verified
    assert profile.email_verified
    assert profile.address.startswith("Ấp 1")

    page = client.get("/tai-khoan/")
    assert page.status_code == 200
    assert "Nguyễn Văn An" in page.content.decode()
    assert "080090001234" in page.content.decode()


def test_second_sign_in_finds_the_same_citizen(client, provider):
    _sign_in(client)
    client.post("/dang-xuat/")
    _sign_in(client)
    assert CitizenProfile.objects.count() == 1
    assert client.get("/tai-khoan/").status_code == 200


def test_known_personal_id_is_linked_to_the_provider(
    client, provider, django_user_model
):
    user = django_user_model.objects.create_user("an", password=None)
    CitizenProfile.objects.create(user=user, full_name="An", personal_id="080090001234")
    _sign_in(client)
    profile = CitizenProfile.objects.get()
    assert profile.user == user
    assert profile.subject == "vneid-000123"


def test_next_is_followed_only_within_the_site(client, provider):
    assert _sign_in(client, "?next=/tra-cuu/")["Location"] == "/tra-cuu/"
    client.post("/dang-xuat/")
    assert _sign_in(client, "?next=https://evil.example/")["Location"] == "/tai-khoan/"


def test_wrong_state_is_refused(client, provider):
    response = _callback(client, _authorize(_start(client)), state="forged")
    assert response.status_code == 400
    assert UNVERIFIED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not CitizenProfile.objects.exists()


def test_wrong_nonce_is_refused(client, provider):
    provider.nonce_override = "another-nonce"
    response = _sign_in(client)
    assert response.status_code == 400
    assert UNVERIFIED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_issuer_is_refused(client, provider):
    provider.issuer_override = "http://127.0.0.1:1"
    response = _sign_in(client)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_wrong_code_verifier_is_refused_by_the_provider(client, provider):
    location = _authorize(_start(client))
    session = client.session
    for key, value in session.items():
        if key.startswith("_state_"):
            value["data"]["code_verifier"] = "x" * 64
            session[key] = value
    session.save()
    response = _callback(client, location)
    assert response.status_code == 400
    assert provider.token_errors == ["invalid_grant"]
    assert "_auth_user_id" not in client.session


def test_provider_checks_the_verifier_against_the_challenge(provider):
    verifier = "v" * 50
    authorize = requests.get(
        f"{provider.issuer}/authorize",
        params={
            "client_id": provider.client_id,
            "response_type": "code",
            "redirect_uri": "http://testserver/cb",
            "state": "s",
            "code_challenge": s256(verifier),
            "code_challenge_method": "S256",
        },
        allow_redirects=False,
        timeout=5,
    )
    code = parse_qs(urlsplit(authorize.headers["Location"]).query)["code"][0]
    auth = (provider.client_id, provider.client_secret)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": "http://testserver/cb",
        "code_verifier": "w" * 50,
    }
    refused = requests.post(f"{provider.issuer}/token", data=form, auth=auth, timeout=5)
    assert refused.status_code == 400


def test_cancelled_at_the_provider(client, provider):
    response = client.get("/dang-nhap/oidc/callback/", {"error": "access_denied"})
    assert response.status_code == 400
    assert "đã bị hủy" in response.content.decode()


def test_provider_down_before_sign_in(client, provider):
    provider.stop()
    response = client.get("/dang-nhap/oidc/")
    assert response.status_code == 503
    assert UNREACHABLE in response.content.decode()


def test_provider_down_on_return(client, provider):
    location = _authorize(_start(client))
    provider.stop()
    response = _callback(client, location)
    assert response.status_code == 503
    assert UNREACHABLE in response.content.decode()


def test_without_configuration_only_the_notice_shows(client, settings):
    settings.MOTCUA_OIDC_ISSUER = ""
    page = client.get("/dang-nhap/")
    assert page.status_code == 200
    assert "/dang-nhap/oidc/" not in page.content.decode()
    assert client.get("/dang-nhap/oidc/").status_code == 404


def test_profile_needs_sign_in(client):
    response = client.get("/tai-khoan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


def test_sign_out_also_ends_the_session_at_the_provider(client, provider):
    _sign_in(client)
    response = client.post("/dang-xuat/")
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{provider.issuer}/logout"
    )
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["post_logout_redirect_uri"] == "http://testserver/"
    assert query["client_id"] == provider.client_id
    assert query["id_token_hint"].count(".") == 2

    back = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    assert back.headers["Location"] == "http://testserver/"
    assert provider.logouts == [
        {
            "sub": "vneid-000123",
            "post_logout_redirect_uri": "http://testserver/",
            "client_id": provider.client_id,
        }
    ]


def test_the_provider_refuses_a_forged_id_token_hint(provider):
    answer = requests.get(
        f"{provider.issuer}/logout",
        params={"id_token_hint": "a.b.c", "post_logout_redirect_uri": "http://x/"},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 400
    assert provider.logouts == []


def test_sign_out_stays_local_when_the_provider_has_no_end_session(client, provider):
    provider.end_session = False
    _sign_in(client)
    response = client.post("/dang-xuat/")
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_a_local_account_signs_out_locally(client, provider, django_user_model):
    user = django_user_model.objects.create_user("cd-binh", password=None)
    CitizenProfile.objects.create(user=user, full_name="Trần Thị Bình")
    client.force_login(user)
    response = client.post("/dang-xuat/")
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_sign_out_by_get_only_shows_the_button(client, provider):
    _sign_in(client)
    page = client.get("/dang-xuat/")
    assert page.status_code == 200
    assert "_auth_user_id" in client.session
