"""The demo identity provider: pick a registry person, sign in as them."""

import io
import re
from urllib.parse import parse_qs, urlsplit

from django.core.management import call_command

import pytest
import requests

from motcua.citizens.demo_oidc import OidcProvider
from motcua.citizens.management.commands.run_demo_oidc import demo_claims
from motcua.citizens.models import CitizenProfile
from motcua.registry.demo_people import load_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    load_people()
    server = OidcProvider(
        client_id="motcua-portal",
        client_secret="demo-secret",
        people=demo_claims(),
        auto_approve=False,
    ).start()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


def test_demo_claims_name_the_registry_people():
    load_people()
    claims = demo_claims()
    assert len(claims) == 34
    first = claims[0]
    assert first["sub"] == f"demo-{first['personal_id']}"
    assert re.fullmatch(r"\d{12}", first["personal_id"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first["birthdate"])


def test_demo_claims_without_a_loaded_registry_use_the_demo_list():
    assert len(demo_claims()) == 34


def test_the_login_page_lists_the_people_and_signs_in_the_one_picked(client, demo):
    start = client.get("/dang-nhap/oidc/")
    page = requests.get(start["Location"], timeout=5)
    assert page.status_code == 200
    assert "Lê Văn Phúc" in page.text
    assert "Võ Thành Nhân" in page.text
    chosen = next(p for p in demo.people if p["name"] == "Võ Thành Nhân")
    form = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    form["sub"] = chosen["sub"]
    picked = requests.post(
        f"{demo.issuer}/authorize", data=form, allow_redirects=False, timeout=5
    )
    assert picked.status_code == 302
    parts = urlsplit(picked.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    answer = client.get(parts.path, query)
    assert answer.status_code == 302
    profile = CitizenProfile.objects.get()
    assert profile.full_name == "Võ Thành Nhân"
    assert profile.personal_id == chosen["personal_id"]
    assert profile.identity_verified


def test_an_unknown_person_is_refused(demo):
    answer = requests.post(
        f"{demo.issuer}/authorize",
        data={
            "client_id": "motcua-portal",
            "response_type": "code",
            "redirect_uri": "http://testserver/cb",
            "code_challenge": "x" * 43,
            "code_challenge_method": "S256",
            "sub": "demo-000000000000",
        },
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 400


def test_the_command_stays_quiet_when_another_provider_is_configured(settings):
    settings.MOTCUA_OIDC_ISSUER = "https://sso.dichvucong.gov.vn"
    out = io.StringIO()
    call_command("run_demo_oidc", "--port", "0", "--only-if-configured", stdout=out)
    assert out.getvalue() == ""
