"""Sending the code again, and a new password through a code."""

import datetime as dt
import re

from django.core.cache import cache
from django.utils import timezone

import pytest
import time_machine

from motcua.citizens.models import CitizenProfile, OneTimeCode
from motcua.citizens.services import register_local
from motcua.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
PASSWORD = "hoa-sen-2026"
NEW_PASSWORD = "sen-hong-2027"


@pytest.fixture(autouse=True)
def _clear_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def binh():
    user = register_local(
        full_name="Trần Thị Bình", kind="phone", value="0912345678", password=PASSWORD
    )
    user.is_active = True
    user.save()
    return user


def _codes(recipient="0912345678"):
    return [
        re.search(r"\b(\d{6})\b", body).group(1)
        for body in OutboxMessage.objects.filter(kind="otp", recipient=recipient)
        .order_by("id")
        .values_list("body", flat=True)
    ]


def _sign_in(client):
    return client.post(
        "/dang-nhap/tai-khoan/", {"contact": "0912345678", "password": PASSWORD}
    )


# -- resending -------------------------------------------------------------


def test_a_new_code_replaces_the_old_one_after_a_minute(client, binh):
    _sign_in(client)
    first = _codes()[-1]
    refused = client.post("/dang-nhap/gui-lai-ma/")
    assert refused.status_code == 429
    assert "chưa đến một phút" in refused.content.decode()
    assert len(_codes()) == 1

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        response = client.post("/dang-nhap/gui-lai-ma/")
        assert response.status_code == 302
        assert response["Location"] == "/dang-nhap/ma-xac-thuc/"
        page = client.get("/dang-nhap/ma-xac-thuc/")
        assert "Đã gửi mã xác thực mới." in page.content.decode()
        second = _codes()[-1]
        if first != second:  # the old code no longer works
            old = client.post("/dang-nhap/ma-xac-thuc/", {"code": first})
            assert old.status_code == 400
            assert "Mã không đúng" in old.content.decode()
        response = client.post("/dang-nhap/ma-xac-thuc/", {"code": second})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_at_most_five_codes_an_hour_per_user(client, binh):
    start = timezone.now()
    _sign_in(client)
    statuses = []
    for minute in range(1, 7):
        later = dt.timedelta(minutes=minute, seconds=5 * minute)
        with time_machine.travel(start + later):
            statuses.append(client.post("/dang-nhap/gui-lai-ma/").status_code)
    assert statuses == [302, 302, 302, 302, 429, 429]
    assert OneTimeCode.objects.filter(user=binh).count() == 5
    with time_machine.travel(start + dt.timedelta(minutes=6)):
        refused = client.post("/dang-nhap/gui-lai-ma/")
    assert "5 lần trong một giờ" in refused.content.decode()
    assert re.search(r"thử lại sau 5[45] phút", refused.content.decode())
    with time_machine.travel(start + dt.timedelta(minutes=61)):
        assert client.post("/dang-nhap/gui-lai-ma/").status_code == 302


def test_resend_needs_a_pending_code(client):
    response = client.post("/dang-nhap/gui-lai-ma/")
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/"
    assert client.get("/dang-nhap/gui-lai-ma/").status_code == 405


# -- password reset ----------------------------------------------------------


def _ask_reset(client, contact="0912345678"):
    return client.post("/dang-nhap/quen-mat-khau/", {"contact": contact})


def test_reset_by_code_sets_a_new_password_and_signs_in(client, binh):
    response = _ask_reset(client, "0912 345 678")
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/ma-xac-thuc/"
    page = client.get("/dang-nhap/ma-xac-thuc/").content.decode()
    assert "Nếu có tài khoản dùng 091****678" in page
    assert OneTimeCode.objects.get().purpose == "reset"

    response = client.post("/dang-nhap/ma-xac-thuc/", {"code": _codes()[-1]})
    assert response["Location"] == "/dang-nhap/mat-khau-moi/"
    assert "_auth_user_id" not in client.session
    mismatch = client.post(
        "/dang-nhap/mat-khau-moi/", {"password": NEW_PASSWORD, "password2": "x"}
    )
    assert mismatch.status_code == 400
    response = client.post(
        "/dang-nhap/mat-khau-moi/",
        {"password": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/"
    assert "_auth_user_id" in client.session
    binh.refresh_from_db()
    assert binh.check_password(NEW_PASSWORD)
    assert not binh.check_password(PASSWORD)
    # The grant is used once.
    assert client.get("/dang-nhap/mat-khau-moi/").status_code == 400


def test_reset_for_an_unknown_contact_looks_the_same(client, binh):
    known = _ask_reset(client, "0912345678")
    known_page = client.get("/dang-nhap/ma-xac-thuc/").content.decode()
    other = client.__class__()
    unknown = _ask_reset(other, "0987654321")
    unknown_page = other.get("/dang-nhap/ma-xac-thuc/").content.decode()
    assert (known.status_code, known["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )

    def strip(html):
        html = re.sub(r"\d{3}\*{4}\d{3}", "", html)
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert strip(known_page) == strip(unknown_page)
    assert not OutboxMessage.objects.filter(recipient="0987654321").exists()
    wrong = other.post("/dang-nhap/ma-xac-thuc/", {"code": "123456"})
    assert wrong.status_code == 400
    assert "Mã không đúng" in wrong.content.decode()
    assert "_auth_user_id" not in other.session
    assert other.post("/dang-nhap/gui-lai-ma/").status_code == 429


def test_reset_codes_die_after_five_wrong_tries_even_without_account(client):
    _ask_reset(client, "0987654321")
    for _ in range(5):
        client.post("/dang-nhap/ma-xac-thuc/", {"code": "123456"})
    response = client.post("/dang-nhap/ma-xac-thuc/", {"code": "123456"})
    assert "Nhập sai mã quá nhiều lần" in response.content.decode()


def test_the_new_password_page_expires(client, binh):
    _ask_reset(client)
    client.post("/dang-nhap/ma-xac-thuc/", {"code": _codes()[-1]})
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        response = client.post(
            "/dang-nhap/mat-khau-moi/",
            {"password": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    assert response.status_code == 400
    assert "Đã hết thời gian đặt mật khẩu mới" in response.content.decode()
    binh.refresh_from_db()
    assert binh.check_password(PASSWORD)


def test_the_new_password_page_needs_a_confirmed_code(client, binh):
    _ask_reset(client)
    response = client.get("/dang-nhap/mat-khau-moi/")
    assert response.status_code == 400


def test_a_weak_new_password_is_refused(client, binh):
    _ask_reset(client)
    client.post("/dang-nhap/ma-xac-thuc/", {"code": _codes()[-1]})
    response = client.post(
        "/dang-nhap/mat-khau-moi/", {"password": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_reset_requests_are_rate_limited_per_contact(client):
    statuses = [_ask_reset(client, "0987654321").status_code for _ in range(6)]
    assert statuses == [302, 302, 302, 302, 302, 429]


def test_a_bad_contact_is_told_in_vietnamese(client):
    response = _ask_reset(client, "abc")
    assert response.status_code == 400
    assert "Hãy nhập số điện thoại di động" in response.content.decode() or (
        "số điện thoại" in response.content.decode()
    )
    assert CitizenProfile.objects.count() == 0
