"""Serve the demo identity provider (OpenID Connect) beside ``make run``.

The login page lists the people of the demo population registry; the
one picked signs in to the portal with their personal ID number, so that
e-forms prefill from the registry. Development and demonstration only.
"""

import contextlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from motcua.citizens.demo_oidc import OidcProvider, person_claims


def demo_claims() -> list[dict]:
    """Return the claims of the registry's people (the demo list if empty)."""
    from motcua.registry.demo_people import demo_people
    from motcua.registry.models import RegistryPerson

    try:
        rows = list(
            RegistryPerson.objects.order_by("household_code", "birth_date").values(
                "personal_id", "full_name", "birth_date", "current_address"
            )
        )
    except DatabaseError:  # not migrated yet: the people as they would be
        rows = []
    return [person_claims(row) for row in rows or demo_people()]


class Command(BaseCommand):
    help = "Serve the demo OpenID Connect provider on 127.0.0.1 (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8890)
        parser.add_argument(
            "--client-id", default=settings.MOTCUA_OIDC_CLIENT_ID or "motcua-portal"
        )
        parser.add_argument(
            "--client-secret",
            default=settings.MOTCUA_OIDC_CLIENT_SECRET or "demo-secret",
        )
        parser.add_argument(
            "--only-if-configured",
            action="store_true",
            help="Do nothing unless MOTCUA_OIDC_ISSUER names this provider.",
        )

    def handle(self, *args, **options):
        provider = OidcProvider(
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            people=demo_claims(),
            auto_approve=False,
            host=options["host"],
            port=options["port"],
        )
        if options["only_if_configured"] and (
            settings.MOTCUA_OIDC_ISSUER.rstrip("/") != provider.issuer
        ):
            return
        self.stdout.write(
            f"Demo identity provider on {provider.issuer} "
            f"({len(provider.people)} people to pick from)"
        )
        with contextlib.suppress(KeyboardInterrupt):
            provider.serve_forever()
