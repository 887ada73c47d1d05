from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import Agency
from motcua.results.services.pki import CertificateUnavailable, import_pkcs12


class Command(BaseCommand):
    help = (
        "Make a PKCS#12 file (.p12/.pfx) the signing certificate of an agency. "
        "The password is read from the environment variable named by "
        "--password-env (MOTCUA_PKI_PASSPHRASE when omitted) and never stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("agency", help="Agency identifier, e.g. 000.00.25.H39")
        parser.add_argument("file", help="Path of the .p12 file (kept where it is)")
        parser.add_argument("--password-env", default="")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"Unknown agency {options['agency']}")
        try:
            record = import_pkcs12(
                agency, options["file"], password_env=options["password_env"]
            )
        except CertificateUnavailable as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{agency.code}: {record.subject}, serial {record.serial}, "
            f"valid until {record.valid_to:%d/%m/%Y}"
        )
