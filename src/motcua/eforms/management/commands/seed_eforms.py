from django.core.management.base import BaseCommand

from motcua.eforms.services import seed_eforms


class Command(BaseCommand):
    help = "Give the seeded online procedures their e-forms (tờ khai điện tử)."

    def handle(self, *args, **options):
        self.stdout.write(f"New e-forms: {seed_eforms()}")
