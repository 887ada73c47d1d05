"""The desk's queue of online dossiers: scope, order, clock, filters, badge."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

import pytest
import time_machine

from motcua.accounts.domain import Role
from motcua.accounts.tests.factories import AgencyFactory
from motcua.dossiers.tests.factories import desk_officer, staff_member
from motcua.filing.models import SupplementRound
from motcua.filing.tests.online_factories import submit

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
QUEUE = "/can-bo/truc-tuyen/"


def at(*args):
    return datetime(*args, tzinfo=HCM)


def rows(html: str) -> list[str]:
    return re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", html, re.S)


@pytest.fixture
def friday(agency, version):
    """Two dossiers submitted on Friday 4/12/2026 (due Monday 10:00 and 14:00)."""
    return [
        submit(agency, version, at=at(2026, 12, 4, 10, 0), full_name="Nguyễn Văn Bình"),
        submit(agency, version, at=at(2026, 12, 4, 14, 0), full_name="Lê Thị Hoa"),
    ]


def test_queue_lists_the_desks_online_dossiers_most_urgent_first(desk_client, friday):
    with time_machine.travel(at(2026, 12, 7, 7, 40), tick=False):
        response = desk_client.get(QUEUE)

    assert response.status_code == 200
    html = response.content.decode()
    found = rows(html)
    assert [friday[0].code in found[0], friday[1].code in found[1]] == [True, True]
    assert "Nguyễn Văn Bình" in found[0]
    assert "Đăng ký khai sinh" in found[0]
    assert "04/12/2026 10:00" in found[0]
    # Monday 7:40: 2 h 20 min left of the first (due 10:00); the second (due
    # 14:00) has 3 h 50 min before lunch and 1 h after it.
    assert "Còn 2 giờ 20 phút" in found[0]
    assert "Còn 4 giờ 50 phút" in found[1]
    assert "8.000 đ" in found[0]


def test_an_overdue_dossier_is_shown_late_in_red(desk_client, friday):
    with time_machine.travel(at(2026, 12, 7, 11, 5), tick=False):
        html = desk_client.get(QUEUE).content.decode()

    first = rows(html)[0]
    assert "Quá hạn 1 giờ 5 phút" in first
    assert 'class="badge badge--late"' in first


def test_other_agencies_and_answered_dossiers_are_not_in_the_queue(
    desk_client, agency, version, friday
):
    other = AgencyFactory(code="000.06.25.H39", function="commune_pc")
    version.agencies.add(other)
    elsewhere = submit(other, version, at=at(2026, 12, 4, 9, 0))
    html = desk_client.get(QUEUE).content.decode()

    assert elsewhere.code not in html
    assert friday[0].code in html
    assert desk_client.get(f"{QUEUE}{elsewhere.code}/").status_code == 404


def test_search_ignores_diacritics_and_the_agency_filter_narrows(desk_client, friday):
    html = desk_client.get(QUEUE, {"q": "le thi hoa"}).content.decode()
    assert friday[1].code in html
    assert friday[0].code not in html
    html = desk_client.get(QUEUE, {"q": friday[0].code}).content.decode()
    assert friday[0].code in html
    assert friday[1].code not in html


def test_agency_filter_is_offered_to_an_officer_of_several_desks(
    client, agency, version, friday
):
    other = AgencyFactory(code="000.06.25.H39", function="commune_pc")
    version.agencies.add(other)
    elsewhere = submit(other, version, at=at(2026, 12, 4, 9, 0))
    officer = desk_officer(agency)
    staff_member(other, Role.DESK_OFFICER, username="hai.noi")
    from motcua.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=officer, agency=other, role=Role.DESK_OFFICER)
    client.force_login(officer)

    html = client.get(QUEUE).content.decode()
    assert len(rows(html)) == 3
    assert 'name="agency"' in html
    html = client.get(QUEUE, {"agency": other.code}).content.decode()
    assert [elsewhere.code in r for r in rows(html)] == [True]
    html = client.get(QUEUE, {"agency": "000.99.99.H39"}).content.decode()
    assert "không phải cán bộ một cửa của cơ quan này." in html


def test_queue_is_paginated(desk_client, agency, version):
    for minute in range(26):
        submit(agency, version, at=at(2026, 12, 4, 8, minute))
    first = desk_client.get(QUEUE).content.decode()
    second = desk_client.get(QUEUE, {"trang": 2}).content.decode()

    assert len(rows(first)) == 25
    assert len(rows(second)) == 1
    assert "trang=2" in first


def test_a_resubmitted_supplement_is_marked(desk_client, friday, officer):
    SupplementRound.objects.create(
        dossier=friday[1],
        number=1,
        submitted_by=friday[1].submitted_by,
        submitted_at=timezone.now(),
    )
    found = rows(desk_client.get(QUEUE).content.decode())
    assert "Bổ sung lần 1" in found[1]
    assert "Bổ sung lần" not in found[0]


def test_an_exemption_claimed_is_shown(desk_client, agency, version):
    submit(agency, version, at=at(2026, 12, 4, 9, 0), fee_exemption="Hộ nghèo")
    assert "Đề nghị miễn phí" in rows(desk_client.get(QUEUE).content.decode())[0]


def test_the_navigation_counts_the_waiting_dossiers(desk_client, friday):
    html = desk_client.get("/can-bo/ho-so/").content.decode()
    link = re.search(r'<a href="/can-bo/truc-tuyen/"[^>]*>(.*?)</a>', html, re.S)
    assert link
    assert "Hồ sơ trực tuyến" in link.group(1)
    assert '<span class="nav-count">2' in link.group(1)


def test_only_desk_officers_see_the_queue(client, agency, friday):
    assert client.get(QUEUE).status_code == 302  # to the sign-in page
    client.force_login(staff_member(agency))
    assert client.get(QUEUE).status_code == 403
    assert client.get(f"{QUEUE}{friday[0].code}/").status_code == 404
    assert Client().get(f"{QUEUE}{friday[0].code}/").status_code == 302
