"""Print the benchmark figures of motcua (``make bench``).

Runs against its own database (var/bench.sqlite3 by default, or
``BENCH_DATABASE_URL`` for PostgreSQL) so the demo data stay untouched.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.dev")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.generate import generate_catalog  # noqa: E402
from motcua.accounts.services import ensure_levels  # noqa: E402
from motcua.catalog.models import ProcedureVersion  # noqa: E402
from motcua.catalog.queries import CatalogFilter, catalog_search  # noqa: E402
from motcua.demo.seed import load_catalog  # noqa: E402

PROCEDURES = int(os.environ.get("BENCH_PROCEDURES", "2000"))
QUERIES = [
    "dang ky khai sinh",
    "Đăng ký khai sinh",
    "khai sinh",
    "giay phep",
    "cấp lại",
    "chung chi hanh nghe",
    "ho kinh doanh",
    "thuong tru",
    "xay dung",
    "9.0012",
]
ROUNDS = 30


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(label, samples_ms):
    print(
        f"{label:<44} p50 {statistics.median(samples_ms):7.2f} ms   "
        f"p99 {percentile(samples_ms, 99):7.2f} ms   n={len(samples_ms)}"
    )


def prepare():
    call_command("migrate", verbosity=0)
    call_command("build_fonts")
    call_command(
        "collectstatic",
        interactive=False,
        verbosity=0,
        ignore_patterns=["redoc"],
    )
    ensure_levels()
    have = ProcedureVersion.objects.count()
    if have < PROCEDURES:
        started = time.perf_counter()
        data = generate_catalog(PROCEDURES)
        data["procedures"] = data["procedures"][have:]
        load_catalog(data)
        print(
            f"generated {PROCEDURES - have} procedures in {time.perf_counter() - started:.1f} s"
        )


def timed(fn):
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def main():
    prepare()
    today = timezone.localdate()
    in_force = catalog_search(CatalogFilter(), on=today).count()
    print(f"catalog: {in_force} procedures in force ({django.db.connection.vendor})")

    def first_page(query):
        found = catalog_search(CatalogFilter(search=query), on=today)
        found.count()
        list(found[:20])

    client = Client()
    for query in QUERIES:  # warm up caches and connections
        first_page(query)
        client.get("/", {"q": query})
    query_ms = [
        timed(lambda q=q: first_page(q)) for _ in range(ROUNDS) for q in QUERIES
    ]
    page_ms = [
        timed(lambda q=q: client.get("/", {"q": q}))
        for _ in range(ROUNDS)
        for q in QUERIES
    ]
    api_ms = [
        timed(lambda q=q: client.get("/api/v1/procedures", {"search": q}))
        for _ in range(ROUNDS)
        for q in QUERIES
    ]
    report("catalog search query (count + first 20)", query_ms)
    report("catalog search page GET /?q= (in-process)", page_ms)
    report("catalog search API GET /api/v1/procedures", api_ms)


if __name__ == "__main__":
    main()
