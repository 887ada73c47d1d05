"""Enqueue the periodic tasks when they are due (``settings.MOTCUA_PERIODIC_TASKS``).

The database task backend has no schedule of its own; this small loop is
the clock. Each entry ``(dotted task path, seconds)`` is due once per slot
of ``seconds`` since the epoch. The slot is claimed with an atomic
``cache.add`` in the shared database cache, so a restarted scheduler, or
a second one started by mistake, never enqueues the same slot twice. The
tasks themselves (``db_worker``) are written to be safe to run again.
"""

import logging
import signal
import time
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("motcua.scheduler")
KEY_PREFIX = "motcua:scheduler"


def slot_key(path: str, seconds: int, now: datetime) -> str:
    return f"{KEY_PREFIX}:{path}:{int(now.timestamp() // seconds)}"


def last_run(path: str) -> datetime | None:
    """When ``path`` was last enqueued by a scheduler (for status pages)."""
    return cache.get(f"{KEY_PREFIX}:last:{path}")


def enqueue_due(now: datetime, entries=None) -> list[str]:
    """Enqueue each entry whose current slot nobody has claimed yet."""
    enqueued = []
    for path, seconds in entries or settings.MOTCUA_PERIODIC_TASKS:
        seconds = max(1, int(seconds))
        if not cache.add(slot_key(path, seconds, now), now, timeout=2 * seconds + 60):
            continue
        try:
            import_string(path).enqueue()
        except Exception:
            logger.exception("could not enqueue %s", path)
            continue
        cache.set(f"{KEY_PREFIX}:last:{path}", now, timeout=None)
        enqueued.append(path)
    return enqueued


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (MOTCUA_PERIODIC_TASKS) when they are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Check once, then exit (for tests)."
        )
        parser.add_argument(
            "--tick",
            type=float,
            default=None,
            help="Seconds between checks (default: MOTCUA_SCHEDULER_TICK_SECONDS).",
        )

    def handle(self, *args, once=False, tick=None, **options):
        tick = tick or settings.MOTCUA_SCHEDULER_TICK_SECONDS
        self.running = True
        if not once:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
            names = ", ".join(
                f"{path} every {seconds} s"
                for path, seconds in settings.MOTCUA_PERIODIC_TASKS
            )
            self.stdout.write(f"Scheduler started: {names}")
        while self.running:
            if not once:
                # A long-lived loop drops dead connections, as a request does.
                close_old_connections()
            try:
                for path in enqueue_due(timezone.now()):
                    if options["verbosity"] > 1 or once:
                        self.stdout.write(f"enqueued {path}")
            except Exception:
                # The database may be restarting; try again at the next tick.
                logger.exception("scheduler tick failed")
            if once:
                break
            time.sleep(tick)

    def stop(self, signum, frame):
        self.running = False
