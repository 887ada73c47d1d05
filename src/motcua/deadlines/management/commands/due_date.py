from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import Agency
from motcua.deadlines.domain import CalendarError, TimeUnit, due_at
from motcua.deadlines.services import calendar_for


class Command(BaseCommand):
    help = "Print the due time of a dossier received at a moment, with the working calendar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--received", required=True, help='"YYYY-MM-DD HH:MM", local time'
        )
        parser.add_argument("--amount", required=True, type=float)
        parser.add_argument(
            "--unit", required=True, choices=[u.value for u in TimeUnit]
        )
        parser.add_argument("--agency", help="electronic identifier of the agency")
        parser.add_argument("--cutoff", default="15:00", help="same-day cut-off, HH:MM")

    def handle(self, *args, **options):
        # Local wall-clock time is what the legal clock counts in.
        try:
            received = datetime.strptime(options["received"], "%Y-%m-%d %H:%M")  # noqa: DTZ007
            cutoff = datetime.strptime(options["cutoff"], "%H:%M").time()  # noqa: DTZ007
        except ValueError as exc:
            raise CommandError(f"bad date or time: {exc}") from exc
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"no agency with identifier {options['agency']}")
        try:
            due = due_at(
                received,
                options["amount"],
                options["unit"],
                calendar_for(agency),
                cutoff=cutoff,
            )
        except CalendarError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{due:%Y-%m-%d %H:%M}")
