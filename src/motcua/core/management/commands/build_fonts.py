from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.core.fonts import build_webfonts


class Command(BaseCommand):
    help = "Subset the Be Vietnam Pro fonts to Vietnamese and write them as WOFF2."
    # It makes the directory the static files check looks for.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Rebuild existing files."
        )

    def handle(self, *args, **options):
        written = build_webfonts(settings.WEBFONTS_DIR, force=options["force"])
        if written:
            self.stdout.write(
                f"Built {len(written)} web fonts in {settings.WEBFONTS_DIR}"
            )
