from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.catalog.exchange.exporting import FORMATS, export_catalog


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date such as 2025-07-01") from None


class Command(BaseCommand):
    help = "Export the procedures in force as national JSON (LayThuTuc) or Excel."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument(
            "--on", type=_date, help="day the catalog is read on (default: today)"
        )

    def handle(self, *args, **options):
        on = options["on"] or timezone.localdate()
        exported = export_catalog(options["format"], on=on)
        path = Path(options["output"])
        try:
            path.write_bytes(exported.content)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {path} ({len(exported.content)} bytes).")
        )
