from django.core.cache import cache
from django.test import RequestFactory

import pytest

from motcua.core.ratelimit import MissLimit, client_ip, tracking_misses

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/tra-cuu/", **extra)


def test_client_is_the_peer_when_no_proxy_is_trusted(settings):
    settings.MOTCUA_TRUSTED_PROXIES = []

    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_client_is_the_peer_when_the_peer_is_not_a_trusted_proxy(settings):
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.1"]

    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_a_trusted_proxy_passes_on_the_address_it_received_from(settings):
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.0/8"]

    # the client forged the first entry; the proxy appended the real one
    request = request_from("10.0.0.1", "1.2.3.4, 198.51.100.1")

    assert client_ip(request) == "198.51.100.1"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings):
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.1", "10.0.0.2"]

    request = request_from("10.0.0.1", "198.51.100.1, 10.0.0.2")

    assert client_ip(request) == "198.51.100.1"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "   "])
def test_a_trusted_proxy_without_a_usable_forwarded_header_is_the_client(
    settings, forwarded
):
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.1"]

    assert client_ip(request_from("10.0.0.1", forwarded)) == "10.0.0.1"


def test_misses_under_the_limit_are_let_through():
    limit = MissLimit("test", limit=3, window=60, clock=Clock())

    counts = [limit.record_miss("198.51.100.1") for _ in range(2)]

    assert counts == [1, 2]
    assert limit.retry_after("198.51.100.1") is None


def test_reaching_the_limit_blocks_until_the_window_passes():
    clock = Clock()
    limit = MissLimit("test", limit=3, window=600, clock=clock)
    for _ in range(3):
        limit.record_miss("198.51.100.1")
        clock.now += 10

    assert limit.retry_after("198.51.100.1") == 570
    clock.now += 569
    assert limit.retry_after("198.51.100.1") == 1
    clock.now += 1
    assert limit.retry_after("198.51.100.1") is None
    assert limit.record_miss("198.51.100.1") == 1  # a new window


def test_each_client_and_scope_is_counted_apart():
    clock = Clock()
    tracking = MissLimit("tracking", limit=1, window=60, clock=clock)
    other = MissLimit("other", limit=1, window=60, clock=clock)

    tracking.record_miss("198.51.100.1")

    assert tracking.retry_after("198.51.100.1") == 60
    assert tracking.retry_after("198.51.100.2") is None
    assert other.retry_after("198.51.100.1") is None


def test_counts_are_kept_in_the_shared_cache_not_in_the_process():
    clock = Clock()
    MissLimit("tracking", limit=2, window=60, clock=clock).record_miss("2001:db8::1")

    # another worker process builds its own limiter and sees the same count
    again = MissLimit("tracking", limit=2, window=60, clock=clock)
    assert again.record_miss("2001:db8::1") == 2
    assert again.retry_after("2001:db8::1") == 60


def test_tracking_limit_is_read_from_the_settings(settings):
    settings.MOTCUA_TRACKING_MISS_LIMIT = 4
    settings.MOTCUA_TRACKING_MISS_WINDOW = 120

    limit = tracking_misses()

    assert (limit.scope, limit.limit, limit.window) == ("tracking", 4, 120)
