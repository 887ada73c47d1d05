from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.dossiers.diagram import lifecycle_markdown


class Command(BaseCommand):
    help = "Write docs/lifecycle.md, the state diagram drawn from the lifecycle table."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "lifecycle.md"),
            help="Where to write the Markdown; '-' prints it.",
        )

    def handle(self, *args, output, **options):
        text = lifecycle_markdown()
        if output == "-":
            self.stdout.write(text, ending="")
            return
        Path(output).write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {output}")
