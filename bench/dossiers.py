"""Fill a benchmark database with synthetic dossiers (``python -m bench.dossiers N``).

Each dossier is received at a commune or district People's Committee of
the demo province for a seeded procedure, with a due time from the real
calendar and one hash-chained reception event, so tracking and the audit
check see realistic rows. ``--sample K`` prints K existing codes.

The dossiers span the last year of working days, oldest first, so the
recent ones are still open: each has a finishing point drawn as a share
of its legal time (most on time, some late, a few long overdue), and is
returned, resolved or still in progress depending on where that point
falls against now. A few agencies are much busier than the rest (the demo
district's People's Committee takes 15 %) and work through a backlog
(slower, late more often), so one officer's inbox holds thousands of
waiting dossiers. ``bench/workflow.py`` then adds the legs and tasks of the process.
"""

import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from motcua.accounts.models import Agency  # noqa: E402
from motcua.core.text import search_document  # noqa: E402
from motcua.deadlines.domain import due_at  # noqa: E402
from motcua.deadlines.services import calendar_for, local_aware  # noqa: E402
from motcua.dossiers.domain import EventFacts, Status, event_hash, format_dossier_code  # noqa: E402
from motcua.dossiers.models import Dossier, RuleSet  # noqa: E402
from motcua.dossiers.services.audit import iso_utc  # noqa: E402

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Võ",
    "Phan",
    "Trương",
    "Bùi",
    "Đặng",
    "Đỗ",
]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Thu", "Quốc", "Hoài"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
]
BATCH = 20000
SPAN_DAYS = 365
NUMBER_OFFSET = 5000  # demo dossiers received today take the low numbers
DEMO_DISTRICT = "799"
# Busy agencies: (function, district unit code or "", share of all dossiers).
BUSY = [("district_pc", DEMO_DISTRICT, 0.15), ("district_pc", "", 0.04)]


def prepare_catalog() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not Agency.objects.exists():
        from motcua.demo.seed import load_demo

        load_demo(province_code="80")


def generate(total: int) -> None:
    """Write the dossiers up to ``total``, then their legs and tasks."""
    prepare_catalog()
    have = Dossier.objects.count()
    if have >= total:
        print(f"bench database already has {have:,} dossiers")
    else:
        _dossiers(have, total)
    from bench.workflow import fill

    fill()


def _dossiers(have: int, total: int) -> None:
    from bench.workflow import skip_reference_checks

    skip_reference_checks()
    rng = random.Random(2026 + have)
    agencies = list(
        Agency.objects.filter(function__in=["commune_pc", "district_pc"])
        .select_related("unit")
        .prefetch_related("procedure_versions__channels")
        .order_by("code")
    )
    offers = {
        agency.pk: [
            (version, channel)
            for version in agency.procedure_versions.all()
            for channel in version.channels.all()
            if channel.channel == "desk"
        ]
        for agency in agencies
    }
    agencies = [a for a in agencies if offers[a.pk]]
    pick = _agency_picker(agencies)
    calendar = calendar_for()
    now = timezone.now()
    today = timezone.localdate()
    days = [
        day
        for day in (today - timedelta(days=n) for n in range(SPAN_DAYS, 0, -1))
        if calendar.is_working_day(day)
    ]
    # Codes are numbered per agency and day: replay the earlier rows.
    counters: dict = {}
    for index in range(have):
        key = (pick(index).pk, days[index * len(days) // total])
        counters[key] = counters.get(key, 0) + 1
    plan = Plan(total, days, pick, offers, calendar, now, counters)
    rule_set = RuleSet.objects.get(code="nd118-2025")
    older_rules = RuleSet.objects.get(code="nd61-2018")
    started = time.perf_counter()
    for first in range(have, total, BATCH):
        last = min(total, first + BATCH)
        _batch(first, last, rng, plan, rule_set, older_rules)
        if (last // BATCH) % 20 == 0:
            rate = (last - have) / (time.perf_counter() - started)
            print(f"  {last:,} dossiers ({rate:,.0f}/s)", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
    print(
        f"generated {total - have:,} dossiers in {time.perf_counter() - started:.0f} s"
    )


def _agency_picker(agencies):
    """Return index -> agency, busy agencies first, the rest evenly.

    A pure function of the index (a multiplicative hash), so a resumed run
    numbers its codes after the rows already written.
    """
    busy = []
    rest = list(agencies)
    for function, district, share in BUSY:
        for agency in rest:
            unit = agency.unit
            if agency.function == function and (
                not district or (unit and unit.code == district)
            ):
                busy.append((agency, share))
                rest.remove(agency)
                break
    edges, acc = [], 0.0
    for agency, share in busy:
        acc += share
        edges.append((acc, agency))

    def pick(index: int):
        spot = ((index * 2654435761) % 4294967296) / 4294967296
        for edge, agency in edges:
            if spot < edge:
                return agency
        return rest[int((spot - acc) / (1 - acc) * len(rest)) % len(rest)]

    pick.busy = {agency.pk for agency, _share in busy}
    return pick


class Plan:
    """What the batches share: days, agencies, offers, calendar and counters."""

    def __init__(self, total, days, pick, offers, calendar, now, counters):
        self.total = total
        self.days = days
        self.pick = pick
        self.busy = pick.busy
        self.offers = offers
        self.calendar = calendar
        self.now = now
        self.counters = counters

    def number(self, agency, day) -> int:
        key = (agency.pk, day)
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key] + NUMBER_OFFSET


def _finish_share(rng, busy: bool) -> float:
    """Return how much of its legal time a dossier takes.

    Most finish on time, some late, a few long overdue; a busy agency
    works through a backlog, so it is slower and late more often.
    """
    draw = rng.random()
    if busy:
        if draw < 0.4:
            return rng.uniform(0.5, 0.99)
        if draw < 0.75:
            return rng.uniform(1.0, 3.0)
        return rng.uniform(3.0, 10.0)
    if draw < 0.86:
        return rng.uniform(0.25, 0.97)
    if draw < 0.96:
        return rng.uniform(1.0, 1.6)
    return rng.uniform(1.6, 4.0)


def _outcome(received, due, rng, now, busy):
    """Return (status, resolved_at, returned_at) of a dossier at ``now``."""
    if due is None:
        return Status.IN_PROGRESS, None, None
    finish = received + (due - received) * _finish_share(rng, busy)
    if finish > now:
        started = (now - received) < (finish - received) / 6
        return (Status.RECEIVED if started else Status.IN_PROGRESS), None, None
    returned = finish + timedelta(hours=rng.choice([1, 4, 24, 48, 72]))
    if returned > now:
        return Status.RESOLVED, finish, None
    return Status.RETURNED, finish, returned


APPLICANT_COLUMNS = (
    "id",
    "kind",
    "full_name",
    "personal_id",
    "tax_code",
    "address",
    "phone",
    "email",
    "search_text",
    "created_at",
    "updated_at",
)
DOSSIER_COLUMNS = (
    "id",
    "code",
    "applicant_snapshot",
    "submitter_name",
    "submitter_personal_id",
    "submitter_phone",
    "channel",
    "status",
    "delivery_method",
    "delivery_address",
    "sets",
    "note",
    "submitted_at",
    "received_at",
    "due_at",
    "resolved_at",
    "returned_at",
    "time_amount",
    "time_unit",
    "cutoff_hour",
    "fee_due",
    "fee_paid",
    "supplement_requests",
    "audit_head",
    "search_text",
    "created_at",
    "updated_at",
    "applicant_id",
    "handling_agency_id",
    "procedure_version_id",
    "receiving_agency_id",
    "rule_set_id",
)
EVENT_COLUMNS = (
    "id",
    "sequence",
    "action",
    "from_status",
    "to_status",
    "actor_name",
    "at",
    "reason",
    "payload",
    "public",
    "previous_hash",
    "hash",
    "dossier_id",
)


def _ids(cursor, table: str, count: int) -> list[int]:
    cursor.execute(
        f"SELECT nextval('{table}_id_seq') FROM generate_series(1, %s)", [count]
    )
    return [row[0] for row in cursor.fetchall()]


@transaction.atomic
def _batch(first, last, rng, plan, rule_set, older_rules):
    """Write one batch with COPY: Django's bulk_create managed ~2,000 rows/s here."""
    now = datetime.now(tz=UTC)
    calendar = plan.calendar
    applicants, dossiers, events = [], [], []
    with connection.cursor() as cursor:
        applicant_ids = _ids(cursor, "dossiers_applicant", last - first)
        dossier_ids = _ids(cursor, "dossiers_dossier", last - first)
        event_ids = _ids(cursor, "dossiers_dossierevent", last - first)
    for offset, index in enumerate(range(first, last)):
        agency = plan.pick(index)
        day = plan.days[index * len(plan.days) // plan.total]
        number = plan.number(agency, day)
        choices = plan.offers[agency.pk]
        version, channel = choices[rng.randrange(len(choices))]
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        personal_id = f"080{index:09d}"
        minute = rng.randrange(0, 480)  # office time: 7:30-11:30, 13:00-17:00
        received = datetime.combine(day, datetime.min.time()) + timedelta(
            hours=7, minutes=30 + minute + (90 if minute >= 240 else 0)
        )
        due = due_at(
            received,
            channel.time_amount,
            channel.time_unit,
            calendar,
            cutoff=_cutoff(channel.cutoff_hour),
        )
        received, due = local_aware(received), local_aware(due)
        status, resolved, returned = _outcome(
            received, due, rng, plan.now, agency.pk in plan.busy
        )
        code = format_dossier_code(agency.code, day, number)
        digest = event_hash(
            EventFacts(
                dossier_code=code,
                sequence=1,
                action="receive",
                from_status="",
                to_status=Status.RECEIVED.value,
                actor_id=None,
                at=iso_utc(received),
                reason="",
                payload={},
                previous_hash="",
            )
        )
        applicants.append(
            (
                applicant_ids[offset],
                "person",
                name,
                personal_id,
                "",
                "",
                "",
                "",
                search_document(name, personal_id),
                now,
                now,
            )
        )
        dossiers.append(
            (
                dossier_ids[offset],
                code,
                json.dumps({"full_name": name, "personal_id": personal_id}),
                "",
                "",
                "",
                1,
                status.value,
                "desk",
                "",
                1,
                "",
                received,
                received,
                due,
                resolved,
                returned,
                channel.time_amount,
                channel.time_unit,
                channel.cutoff_hour,
                0,
                0,
                0,
                digest,
                search_document(code, name, personal_id),
                now,
                now,
                applicant_ids[offset],
                agency.pk,
                version.pk,
                agency.pk,
                rule_set.pk if day >= rule_set.effective_from else older_rules.pk,
            )
        )
        events.append(
            (
                event_ids[offset],
                1,
                "receive",
                "",
                Status.RECEIVED.value,
                "",
                received,
                "",
                "{}",
                True,
                "",
                digest,
                dossier_ids[offset],
            )
        )
    with connection.cursor() as cursor:
        for table, columns, rows in (
            ("dossiers_applicant", APPLICANT_COLUMNS, applicants),
            ("dossiers_dossier", DOSSIER_COLUMNS, dossiers),
            ("dossiers_dossierevent", EVENT_COLUMNS, events),
        ):
            with cursor.cursor.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)


def _cutoff(hour):
    from datetime import time as clock

    return clock(hour or 15, 0)


def sample(count: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code FROM dossiers_dossier TABLESAMPLE SYSTEM (1) LIMIT %s"
            if connection.vendor == "postgresql"
            else "SELECT code FROM dossiers_dossier ORDER BY random() LIMIT %s",
            [count],
        )
        print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--sample"]:
        sample(int(sys.argv[2]))
    else:
        generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
