"""Catalog search p50/p99 at 2,000 procedures (query, page and API)."""

import os
import time

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from bench.generate import generate_catalog
from bench.stats import report_latencies, timed
from motcua.accounts.services import ensure_levels
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.queries import CatalogFilter, catalog_search
from motcua.demo.seed import load_catalog

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


def prepare() -> None:
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


def run() -> None:
    call_command("migrate", verbosity=0)
    prepare()
    today = timezone.localdate()
    print(
        f"catalog: {catalog_search(CatalogFilter(), on=today).count()} procedures in force"
    )

    def first_page(query):
        found = catalog_search(CatalogFilter(search=query), on=today)
        found.count()
        list(found[:20])

    client = Client()
    for query in QUERIES:  # warm up caches and connections
        first_page(query)
        client.get("/", {"q": query})
    report_latencies(
        "catalog search query (count + first 20)",
        [timed(lambda q=q: first_page(q)) for _ in range(ROUNDS) for q in QUERIES],
    )
    report_latencies(
        "catalog search page GET /?q= (in-process)",
        [
            timed(lambda q=q: client.get("/", {"q": q}))
            for _ in range(ROUNDS)
            for q in QUERIES
        ],
    )
    report_latencies(
        "catalog search API GET /api/v1/procedures",
        [
            timed(lambda q=q: client.get("/api/v1/procedures", {"search": q}))
            for _ in range(ROUNDS)
            for q in QUERIES
        ],
    )
