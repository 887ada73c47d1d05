from django.core.management.base import BaseCommand

from motcua.workflow.services import seed_processes


class Command(BaseCommand):
    help = "Give every published procedure version its default internal processes."

    def handle(self, *args, **options):
        created = seed_processes()
        self.stdout.write(f"New processes: {created}")
