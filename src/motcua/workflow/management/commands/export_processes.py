from pathlib import Path

from django.core.management.base import BaseCommand

from motcua.workflow.exchange import dumps, export_processes


class Command(BaseCommand):
    help = "Write the active internal processes as JSON (to a file or stdout)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write; stdout if omitted.")

    def handle(self, *args, **options):
        text = dumps(export_processes())
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {options['output']}")
        else:
            self.stdout.write(text)
