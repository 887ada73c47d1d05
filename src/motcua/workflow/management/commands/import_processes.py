from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.workflow.exchange import ProcessImportFailed, import_processes


class Command(BaseCommand):
    help = "Import internal processes from JSON; nothing is saved if any is wrong."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            content = Path(options["file"]).read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            report = import_processes(content)
        except ProcessImportFailed as failure:
            raise CommandError(
                "Nothing imported:\n" + "\n".join(f"  - {e}" for e in failure.errors)
            ) from failure
        self.stdout.write(
            f"New processes: {report.created} "
            f"(replacing {report.replaced}); unchanged: {report.unchanged}"
        )
