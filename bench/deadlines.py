"""Due-date computations per second with the real Vietnamese calendar."""

import random
import time
from datetime import datetime, timedelta

import holidays

from motcua.deadlines.domain import TimeUnit, WorkingCalendar, due_at


def vietnam_calendar() -> WorkingCalendar:
    vn = holidays.country_holidays("VN", years=range(2024, 2029))
    return WorkingCalendar(
        days_off=frozenset(vn.keys()), extra_working_days=frozenset(vn.weekend_workdays)
    )


def run(count: int = 50_000) -> dict:
    calendar = vietnam_calendar()
    rng = random.Random(7)
    start = datetime(2025, 1, 1)  # noqa: DTZ001 - the legal clock counts in local time
    cases = [
        (
            start + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60)),
            rng.choice([0, 1, 3, 5, 10, 15, 20, 30]),
            rng.choice(list(TimeUnit)),
        )
        for _ in range(count)
    ]
    began = time.perf_counter()
    for received, amount, unit in cases:
        due_at(received, amount, unit, calendar)
    elapsed = time.perf_counter() - began
    return {"count": count, "seconds": elapsed, "per_second": count / elapsed}


def report(result: dict) -> None:
    print(
        f"{'due-date computations (mixed units, 0-30)':<44} "
        f"{result['per_second']:,.0f}/s  ({result['count']:,} in {result['seconds']:.2f} s)"
    )
