"""Print the benchmark figures of motcua (``make bench``).

Runs against its own databases so the demo data stay untouched: catalog
figures on var/bench.sqlite3 (or ``BENCH_DATABASE_URL``), tracking and
officer inbox figures on PostgreSQL (``BENCH_PG_URL``, default the local
server) with one million synthetic dossiers.
``BENCH_ONLY=catalog,deadlines,tracking,inbox`` picks parts.
"""

import os
import sys
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

PARTS = os.environ.get("BENCH_ONLY", "catalog,deadlines,tracking,inbox").split(",")


def main() -> None:
    call_command("build_fonts")
    call_command(
        "collectstatic", interactive=False, verbosity=0, ignore_patterns=["redoc"]
    )
    print(f"motcua benchmarks on {os.cpu_count()} cores")
    if "catalog" in PARTS:
        from bench import catalog

        catalog.run()
    if "deadlines" in PARTS:
        from bench import deadlines

        deadlines.report(deadlines.run())
    if "tracking" in PARTS:
        from bench import tracking

        tracking.run()
    if "inbox" in PARTS:
        from bench import inbox

        inbox.run()


if __name__ == "__main__":
    main()
