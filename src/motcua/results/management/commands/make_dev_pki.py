from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.domain import Role
from motcua.accounts.models import Agency, RoleAssignment
from motcua.results.models import SigningCertificate
from motcua.results.services.pki import ca_paths, ensure_dev_ca, issue_dev_certificate


class Command(BaseCommand):
    help = (
        "Create the development CA under MOTCUA_PKI_DIR and a signing certificate "
        "for every agency with a leader (or the agencies named). Not for production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--agency", action="append", default=[], help="Agency identifier."
        )
        parser.add_argument(
            "--renew", action="store_true", help="Issue new certificates."
        )

    def handle(self, *args, **options):
        if not settings.MOTCUA_DEV_PKI:
            raise CommandError(
                "MOTCUA_DEV_PKI is off: import real certificates with "
                "import_signing_certificate instead."
            )
        ensure_dev_ca()
        if options["agency"]:
            agencies = list(Agency.objects.filter(code__in=options["agency"]))
            missing = set(options["agency"]) - {a.code for a in agencies}
            if missing:
                raise CommandError(f"Unknown agencies: {', '.join(sorted(missing))}")
        else:
            leaders = RoleAssignment.objects.filter(role=Role.LEADER).values(
                "agency_id"
            )
            agencies = list(Agency.objects.filter(pk__in=leaders).order_by("code"))
        made = 0
        for agency in agencies:
            has = SigningCertificate.objects.filter(agency=agency, active=True).exists()
            if has and not options["renew"]:
                continue
            issue_dev_certificate(agency)
            made += 1
        self.stdout.write(
            f"Development CA: {ca_paths()[0]}; new signing certificates: {made}"
        )
