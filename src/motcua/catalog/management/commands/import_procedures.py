from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.catalog.exchange.importing import import_file
from motcua.catalog.exchange.validation import ImportFailed
from motcua.catalog.services import Decision


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date such as 2025-07-01") from None


class Command(BaseCommand):
    help = (
        "Import procedures from a national JSON (LayThuTuc) or Excel (.xlsx) "
        "file and publish them under one decision; nothing is saved if any "
        "row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .json or .xlsx file")
        parser.add_argument(
            "--effective",
            type=_date,
            help="day the versions take effect, YYYY-MM-DD (default: today)",
        )
        parser.add_argument("--decision", default="", help="decision number")
        parser.add_argument(
            "--decision-date", type=_date, help="day the decision was signed"
        )
        parser.add_argument("--issuer", default="", help="who issued the decision")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        decision = Decision(
            effective_from=options["effective"] or timezone.localdate(),
            number=options["decision"],
            signed_on=options["decision_date"],
            issuer=options["issuer"],
        )
        try:
            result = import_file(content, decision=decision)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{path}: {len(failure.errors)} error(s); nothing was imported"
            ) from None
        counts = result.as_dict()
        self.stdout.write(
            self.style.SUCCESS(
                "Imported {created} new, {amended} amended, {unchanged} unchanged, "
                "{skipped} skipped; {fields_created} new fields.".format(**counts)
            )
        )
