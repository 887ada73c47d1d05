"""Count what a client gets wrong and make it wait when it errs too often.

Anyone may look a dossier up by its code, so codes must not be guessed by
trying many of them: a client whose lookups miss too often (unknown or
malformed codes) is refused every lookup until its window has passed.

The counts live in Django's cache, so every worker process of the server
sees the same numbers; the installation uses the database cache, which
needs no other service. Reading and writing a count are two statements, so
two misses at the very same moment may count once: a limiter, not a lock.
"""

import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches


def _networks(entries) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]


def _parse_ip(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request) -> str:
    """Return the address of the client that sent ``request``.

    The peer (REMOTE_ADDR) is the client unless it is one of the reverse
    proxies listed in ``MOTCUA_TRUSTED_PROXIES`` (addresses or networks).
    Only then is X-Forwarded-For read, from the right: each proxy appends
    the address it received the request from, so the first address that is
    not a trusted proxy is the client. Anything a client wrote further left
    is not believed, since a client can send any header it likes.
    """
    peer = request.META.get("REMOTE_ADDR", "") or ""
    trusted = _networks(getattr(settings, "MOTCUA_TRUSTED_PROXIES", ()))
    address = _parse_ip(peer)
    if address is None or not any(address in network for network in trusted):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        hop_address = _parse_ip(hop)
        if hop_address is None:
            return peer  # a proxy would not write this: trust nothing more
        if not any(hop_address in network for network in trusted):
            return str(hop_address)
    return peer


@dataclass(frozen=True)
class MissLimit:
    """At most ``limit`` misses per client in a window of ``window`` seconds.

    The window opens at a client's first miss. Once the client reaches the
    limit, ``retry_after`` says how many seconds remain until the window
    closes; then the count starts again from zero.
    """

    scope: str
    limit: int
    window: int
    cache_alias: str = "default"
    clock: Callable[[], float] = field(default=time.time, compare=False)

    def _key(self, client: str) -> str:
        return f"motcua:misses:{self.scope}:{client}"

    def _state(self, client: str, now: float) -> tuple[float, int]:
        state = caches[self.cache_alias].get(self._key(client))
        if not state:
            return now, 0
        started, count = state
        if now - started >= self.window:
            return now, 0
        return started, count

    def retry_after(self, client: str) -> int | None:
        """Return the seconds ``client`` must wait, or None if it may go on."""
        now = self.clock()
        started, count = self._state(client, now)
        if count < self.limit:
            return None
        return max(1, math.ceil(started + self.window - now))

    def record_miss(self, client: str) -> int:
        """Count one miss of ``client`` and return its misses in the window."""
        now = self.clock()
        started, count = self._state(client, now)
        remaining = max(1, math.ceil(started + self.window - now))
        caches[self.cache_alias].set(
            self._key(client), (started, count + 1), timeout=remaining
        )
        return count + 1


def tracking_misses() -> MissLimit:
    """Return the limit on failed dossier lookups (page and API share it).

    Ten misses in ten minutes by default: enough for a citizen who mistypes
    a code a few times, far too few to walk through the codes of a day.
    """
    return MissLimit(
        scope="tracking",
        limit=getattr(settings, "MOTCUA_TRACKING_MISS_LIMIT", 10),
        window=getattr(settings, "MOTCUA_TRACKING_MISS_WINDOW", 600),
    )
