from datetime import timedelta
from html import unescape

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

URL = "/tra-cuu/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def received():
    """Return a dossier received at the desk through the reception service."""
    agency, officer = desk()
    version = five_day_procedure(agency)
    return receive(
        agency,
        officer,
        version,
        at=local(2025, 10, 27, 9, 32),
        applicant=applicant(
            full_name="Trần Thị Mai",
            personal_id="080190000456",
            date_of_birth=None,
            address="Số 12 đường Nguyễn Huệ, ấp Bình Hòa",
            phone="0987654321",
            email="mai.tran@example.vn",
        ),
    )


class Clock:
    def __init__(self):
        self.now = 2_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(
        "motcua.portal.views.tracking.tracking_misses",
        lambda: MissLimit("tracking", limit=10, window=600, clock=clock),
    )
    return clock


def text(response) -> str:
    return unescape(response.content.decode())


def test_page_without_a_code_shows_only_the_form(client):
    response = client.get(URL)

    assert response.status_code == 200
    html = text(response)
    assert "Tra cứu hồ sơ" in html
    assert 'name="ma"' in html
    assert "000.00.25.H39-251122-0001" in html  # the example of the format
    assert 'class="notice"' not in html


def test_code_shows_the_state_dates_agency_and_masked_applicant(client, received):
    response = client.get(URL, {"ma": received.code})

    assert response.status_code == 200
    html = text(response)
    due = timezone.localtime(received.due_at).strftime("%d/%m/%Y %H:%M")
    assert received.code in html
    assert "Được tiếp nhận" in html
    assert "mã trạng thái 2" in html
    assert "Chứng thực bản sao từ bản chính" in html
    assert "27/10/2025 09:32" in html
    assert due in html
    assert "Ủy ban nhân dân huyện Tân Thạnh" in html
    assert "T*** T** M" in html
    assert "Tiếp nhận hồ sơ" in html  # the first step of the timeline


def test_page_shows_nothing_personal_of_the_applicant(client, received):
    html = text(client.get(URL, {"ma": received.code}))

    for secret in (
        "Trần Thị Mai",
        "080190000456",
        "0987654321",
        "098 765 4321",
        "Nguyễn Huệ",
        "Bình Hòa",
        "mai.tran@example.vn",
        "Mai",
    ):
        assert secret not in html


def test_the_address_of_the_receipts_qr_code_lands_on_the_dossier(
    client, received, settings
):
    url = f"{settings.MOTCUA_PUBLIC_URL}/tra-cuu/?ma={received.code}"

    response = client.get(url.removeprefix(settings.MOTCUA_PUBLIC_URL))

    assert response.status_code == 200
    assert "Được tiếp nhận" in text(response)


def test_code_typed_in_lower_case_with_blanks_is_found(client, received):
    response = client.get(URL, {"ma": f"  {received.code.lower()} "})

    assert received.code in text(response)
    assert "Được tiếp nhận" in text(response)


def test_timeline_lists_only_the_public_steps(client):
    dossier = DossierFactory(in_progress=True)
    transition(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        actor=dossier.received_by,
        reason="Ghi chú nội bộ",
        public=False,
    )

    html = text(client.get(URL, {"ma": dossier.code}))

    assert "Chuyển xử lý" in html
    assert "Yêu cầu bổ sung giấy tờ" in html  # the status, not a step
    assert "Ghi chú nội bộ" not in html
    assert "tạm dừng" in html  # the due date is paused


def test_a_dossier_past_its_due_time_is_shown_late(client):
    dossier = DossierFactory(
        in_progress=True, due_at=timezone.now() - timedelta(hours=1)
    )

    html = text(client.get(URL, {"ma": dossier.code}))

    assert "Quá hạn" in html


def test_a_dossier_within_its_due_time_is_shown_on_time(client):
    dossier = DossierFactory(
        in_progress=True, due_at=timezone.now() + timedelta(days=2)
    )

    html = text(client.get(URL, {"ma": dossier.code}))

    assert "Trong hạn" in html
    assert "Quá hạn" not in html


def test_a_result_ready_before_its_due_time_was_on_time(client):
    dossier = DossierFactory(resolved=True)

    html = text(client.get(URL, {"ma": dossier.code}))

    assert "Đã xử lý xong" in html
    assert "Giải quyết đúng hạn" in html


def test_unknown_code_says_no_dossier_was_found(client, received):
    response = client.get(URL, {"ma": "000.00.25.H39-251027-0999"})

    assert response.status_code == 200
    html = text(response)
    assert "Không tìm thấy hồ sơ có mã 000.00.25.H39-251027-0999" in html
    assert "Được tiếp nhận" not in html


@pytest.mark.parametrize(
    "code",
    ["abc", "000.00.25.H39-251340-0001", "'; DROP TABLE x; --", "\x00", "9" * 500],
)
def test_malformed_code_explains_the_format(client, code):
    response = client.get(URL, {"ma": code})

    assert response.status_code == 200
    html = text(response)
    assert "không phải là mã hồ sơ" in html
    assert "ví dụ 000.00.25.H39-251122-0001" in html


def test_empty_code_asks_for_one(client):
    response = client.get(URL, {"ma": "  "})

    assert response.status_code == 200
    assert "Nhập mã hồ sơ" in text(response)


def test_page_speaks_english_when_chosen(client, received, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = text(client.get(URL, {"ma": received.code}))

    assert "Track a dossier" in html
    assert "Received" in html
    assert "status no. 2" in html


def test_htmx_lookup_answers_only_the_result(client, received):
    response = client.get(URL, {"ma": received.code}, HTTP_HX_REQUEST="true")

    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert received.code in html
    assert "HX-Request" in response["Vary"]


def test_tracking_pages_are_neither_cached_nor_indexed(client, received):
    response = client.get(URL, {"ma": received.code})

    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_ten_misses_block_every_lookup_until_the_window_passes(client, received, clock):
    for number in range(10):
        client.get(URL, {"ma": f"000.00.25.H39-251027-{number + 100:04d}"})
        clock.now += 5

    blocked = client.get(URL, {"ma": received.code})

    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "550"
    html = text(blocked)
    assert "Thử lại sau 10 phút" in html
    assert "Được tiếp nhận" not in html

    clock.now += 550
    assert client.get(URL, {"ma": received.code}).status_code == 200


def test_found_codes_and_the_empty_form_do_not_count_as_misses(client, received, clock):
    for _ in range(12):
        client.get(URL, {"ma": received.code})
        client.get(URL)

    assert client.get(URL, {"ma": received.code}).status_code == 200


def test_malformed_codes_count_as_misses(client, clock):
    for _ in range(10):
        client.get(URL, {"ma": "không-phải-mã"})

    assert client.get(URL, {"ma": "abc"}).status_code == 429


def test_the_limit_is_per_client_and_ignores_forged_forwarding(
    client, received, clock, settings
):
    settings.MOTCUA_TRUSTED_PROXIES = []
    for number in range(10):
        client.get(
            URL,
            {"ma": f"000.00.25.H39-251027-{number + 100:04d}"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )

    forged = client.get(
        URL,
        {"ma": received.code},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.200",
    )
    other = client.get(URL, {"ma": received.code}, REMOTE_ADDR="198.51.100.8")

    assert forged.status_code == 429
    assert other.status_code == 200


def test_behind_a_trusted_proxy_each_forwarded_client_is_counted(
    client, received, clock, settings
):
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for number in range(10):
        client.get(
            URL,
            {"ma": f"000.00.25.H39-251027-{number + 100:04d}"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            **proxy,
        )

    guesser = client.get(
        URL, {"ma": received.code}, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
    )
    neighbour = client.get(
        URL, {"ma": received.code}, HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy
    )

    assert guesser.status_code == 429
    assert neighbour.status_code == 200


def test_a_blocked_htmx_lookup_reloads_the_whole_page(client, clock):
    for _ in range(10):
        client.get(URL, {"ma": "abc"})

    response = client.get(URL, {"ma": "abc"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 429
    assert response["HX-Redirect"] == "/tra-cuu/?ma=abc"
    assert response["Retry-After"]
