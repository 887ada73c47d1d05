import json
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

import pytest

from motcua.core.ratelimit import MissLimit
from motcua.dossiers.domain import Action
from motcua.dossiers.services.lifecycle import transition
from motcua.dossiers.tests.factories import DossierFactory
from motcua.dossiers.tests.helpers import (
    applicant,
    desk,
    five_day_procedure,
    local,
    receive,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class Clock:
    def __init__(self):
        self.now = 3_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(
        "motcua.api.v1.tracking.tracking_misses",
        lambda: MissLimit("tracking", limit=10, window=600, clock=clock),
    )
    return clock


@pytest.fixture
def received():
    agency, officer = desk()
    version = five_day_procedure(agency)
    return receive(
        agency,
        officer,
        version,
        at=local(2025, 10, 27, 9, 32),
        applicant=applicant(
            full_name="Nguyễn Văn An",
            personal_id="080090000777",
            address="Ấp 3, thị trấn Tân Thạnh",
            phone="0912345678",
            email="an@example.vn",
        ),
    )


def url(code):
    return f"/api/v1/tracking/{code}"


def test_tracking_answers_the_public_facts(client, received):
    response = client.get(url(received.code))

    assert response.status_code == 200
    body = response.json()
    due = timezone.localtime(received.due_at).isoformat()
    assert body["code"] == received.code
    assert (body["status"], body["status_code"], body["status_label"]) == (
        "received",
        2,
        "Được tiếp nhận",
    )
    assert body["procedure"] == {
        "code": received.procedure_version.procedure.code,
        "name": "Chứng thực bản sao từ bản chính",
    }
    assert body["received_at"] == "2025-10-27T09:32:00+07:00"
    assert body["due_at"] == due
    assert due.endswith("+07:00")
    assert body["late"] is True  # the appointment of 2025 has passed
    assert body["agency"] == {
        "code": received.handling_agency.code,
        "name": "Ủy ban nhân dân huyện Tân Thạnh",
    }
    assert body["applicant_name"] == "N*** V** A"
    assert body["timeline"] == [
        {"at": "2025-10-27T09:32:00+07:00", "label": "Tiếp nhận hồ sơ"}
    ]


def test_tracking_reveals_nothing_personal(client, received):
    raw = json.dumps(client.get(url(received.code)).json(), ensure_ascii=False)

    for secret in (
        "Nguyễn Văn An",
        "080090000777",
        "0912345678",
        "Ấp 3",
        "an@example.vn",
        "1990",
    ):
        assert secret not in raw


def test_tracking_shows_only_public_steps_and_a_pause(client):
    dossier = DossierFactory(in_progress=True)
    transition(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        actor=dossier.received_by,
        reason="Thiếu giấy tờ",
        public=False,
    )

    body = client.get(url(dossier.code)).json()

    assert [step["label"] for step in body["timeline"]] == [
        "Tiếp nhận hồ sơ",
        "Chuyển xử lý",
    ]
    assert body["status_code"] == 5
    assert body["due_at"] is None
    assert body["late"] is None


def test_a_dossier_within_its_time_is_not_late(client):
    dossier = DossierFactory(due_at=timezone.now() + timedelta(days=3))

    assert client.get(url(dossier.code)).json()["late"] is False


def test_tracking_accepts_a_lower_case_code(client, received):
    response = client.get(url(received.code.lower()))

    assert response.json()["code"] == received.code


def test_unknown_code_is_404_naming_it(client, received):
    response = client.get(url("000.00.25.H39-251027-0999"))

    assert response.status_code == 404
    assert response.json() == {
        "detail": "Không tìm thấy hồ sơ có mã 000.00.25.H39-251027-0999."
    }


@pytest.mark.parametrize("code", ["abc", "000.00.25.H39-251340-0001", "x" * 300])
def test_malformed_code_is_400_naming_the_code(client, code):
    response = client.get(url(code))

    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["code"]
    assert body["errors"]["code"][0].startswith(f"“{code[:60]}” không phải là mã hồ sơ")
    assert "000.00.25.H39-251122-0001" in body["errors"]["code"][0]


def test_messages_are_english_when_asked(client):
    response = client.get(url("000.00.25.H39-251027-0999"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.json() == {
        "detail": "No dossier was found with the code 000.00.25.H39-251027-0999."
    }


def test_tracking_needs_no_credentials_even_with_a_bad_password(client, received):
    response = client.get(
        url(received.code), HTTP_AUTHORIZATION="Basic bm9ib2R5Om5vdGhpbmc="
    )

    assert response.status_code == 200


def test_ten_misses_give_429_to_every_lookup_until_the_window_passes(
    client, received, clock
):
    for number in range(5):
        client.get(url(f"000.00.25.H39-251027-{number + 100:04d}"))
        client.get(url("abc"))
        clock.now += 30

    blocked = client.get(url(received.code))

    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "450"
    assert blocked.json() == {
        "detail": "Có quá nhiều lượt tra cứu mã hồ sơ không tồn tại từ kết nối "
        "của bạn. Thử lại sau 8 phút."
    }
    clock.now += 450
    assert client.get(url(received.code)).status_code == 200


def test_hits_do_not_count_and_other_clients_are_not_blocked(client, received, clock):
    for _ in range(15):
        assert client.get(url(received.code)).status_code == 200
    for _ in range(10):
        client.get(url("abc"), REMOTE_ADDR="198.51.100.1")

    assert client.get(url(received.code), REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get(url(received.code), REMOTE_ADDR="198.51.100.2").status_code == 200


def test_page_and_api_share_the_count_of_misses(client, received, clock, monkeypatch):
    monkeypatch.setattr(
        "motcua.portal.views.tracking.tracking_misses",
        lambda: MissLimit("tracking", limit=10, window=600, clock=clock),
    )
    for _ in range(10):
        client.get("/tra-cuu/", {"ma": "abc"})

    assert client.get(url(received.code)).status_code == 429
