from django.core.management.base import BaseCommand

from motcua.deadlines.services import seed_holidays


class Command(BaseCommand):
    help = "Add the Vietnamese public holidays and swapped working days of some years."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="+", type=int)

    def handle(self, *args, **options):
        added = seed_holidays(options["years"])
        self.stdout.write(f"Added {added} calendar days.")
