"""Local accounts: phone or e-mail + password, confirmed by a one-time code."""

import datetime as dt
import re

from django.core.cache import cache
from django.utils import timezone

import pytest
import time_machine

from motcua.citizens.models import CitizenProfile, OneTimeCode
from motcua.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
PASSWORD = "hoa-sen-2026"


@pytest.fixture(autouse=True)
def _clear_limits():
    cache.clear()
    yield
    cache.clear()


def _last_code(recipient):
    message = OutboxMessage.objects.filter(kind="otp", recipient=recipient).latest("id")
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def _register(client, contact="0912 345 678", password=PASSWORD):
    return client.post(
        "/dang-ky/",
        {
            "full_name": "Trần Thị Bình",
            "contact": contact,
            "password": password,
            "password2": password,
        },
    )


def test_register_by_phone_then_confirm_with_the_code(client):
    response = _register(client)
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/ma-xac-thuc/"
    profile = CitizenProfile.objects.get()
    assert profile.phone == "0912345678"
    assert not profile.user.is_active
    row = OneTimeCode.objects.get()
    code = _last_code("0912345678")
    assert code not in row.code_hash

    page = client.get("/dang-nhap/ma-xac-thuc/")
    assert "091****678" in page.content.decode()
    response = client.post("/dang-nhap/ma-xac-thuc/", {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/"
    profile.refresh_from_db()
    assert profile.phone_verified
    assert profile.user.is_active
    assert client.get("/tai-khoan/").status_code == 200


def test_sign_in_by_email_needs_password_and_code(client):
    _register(client, contact="Binh@Example.VN")
    client.post("/dang-nhap/ma-xac-thuc/", {"code": _last_code("binh@example.vn")})
    client.post("/dang-xuat/")

    wrong = client.post(
        "/dang-nhap/tai-khoan/", {"contact": "binh@example.vn", "password": "x"}
    )
    assert wrong.status_code == 400
    assert "không khớp" in wrong.content.decode()

    response = client.post(
        "/dang-nhap/tai-khoan/", {"contact": "binh@example.vn", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    client.post("/dang-nhap/ma-xac-thuc/", {"code": _last_code("binh@example.vn")})
    assert "_auth_user_id" in client.session


def test_wrong_codes_are_counted_and_the_code_dies(client):
    _register(client)
    code = _last_code("0912345678")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        response = client.post("/dang-nhap/ma-xac-thuc/", {"code": wrong})
        assert response.status_code == 400
    response = client.post("/dang-nhap/ma-xac-thuc/", {"code": code})
    assert response.status_code == 400
    assert "Nhập sai mã quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_code_expires_after_five_minutes(client):
    _register(client)
    code = _last_code("0912345678")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5, seconds=1)):
        response = client.post("/dang-nhap/ma-xac-thuc/", {"code": code})
    assert response.status_code == 400
    assert "Mã đã hết hạn" in response.content.decode()


def test_sending_codes_is_rate_limited(client):
    _register(client)
    client.post("/dang-nhap/ma-xac-thuc/", {"code": _last_code("0912345678")})
    client.post("/dang-xuat/")
    statuses = [
        client.post(
            "/dang-nhap/tai-khoan/", {"contact": "0912345678", "password": PASSWORD}
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [302, 302, 302, 302, 429]
    assert OutboxMessage.objects.filter(kind="otp").count() == 5


def test_wrong_passwords_are_rate_limited(client):
    for _ in range(10):
        client.post("/dang-nhap/tai-khoan/", {"contact": "0912345678", "password": "x"})
    response = client.post(
        "/dang-nhap/tai-khoan/", {"contact": "0912345678", "password": "x"}
    )
    assert response.status_code == 429


def test_form_errors_are_linked_to_their_fields(client):
    response = client.post(
        "/dang-ky/",
        {"full_name": "", "contact": "abc", "password": "1", "password2": "2"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_contact"' in html
    assert 'aria-describedby="id_contact_error"' in html
    assert 'aria-invalid="true"' in html


def test_an_existing_contact_cannot_register_again(client):
    _register(client)
    response = _register(client)
    assert response.status_code == 400
    assert CitizenProfile.objects.count() == 1
