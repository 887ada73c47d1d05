from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.services.audit import verify_all

PROBLEMS = {
    "hash": "event edited (its hash no longer matches its content)",
    "link": "event does not follow the one before it",
    "gap": "event missing (deleted)",
    "head": "last events missing (deleted)",
}


class Command(BaseCommand):
    help = "Check every dossier's hash-chained events; exit 1 if any was edited or deleted."

    def handle(self, *args, **options):
        problems = 0
        for problem in verify_all():
            problems += 1
            self.stdout.write(
                f"{problem.dossier_code} #{problem.sequence}: "
                f"{PROBLEMS[problem.problem]}"
            )
        if problems:
            raise CommandError(f"{problems} audit problem(s) found.", returncode=1)
        self.stdout.write("Audit trail intact.")
