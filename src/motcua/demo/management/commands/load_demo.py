from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.demo.seed import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo province: organisation tree, agencies, staff and catalog."

    def add_arguments(self, parser):
        parser.add_argument("--province", default=settings.MOTCUA_PROVINCE_CODE)
        parser.add_argument(
            "--two-tier",
            action="store_true",
            help="Communes directly under the province (organisation since 1/7/2025).",
        )

    def handle(self, *args, **options):
        result = load_demo(
            province_code=options["province"], two_tier=options["two_tier"]
        )
        tree = result["tree"]
        self.stdout.write(
            f"Units: {tree.provinces} province, {tree.districts} districts, "
            f"{tree.communes} communes; agencies: {result['agencies']}; "
            f"new procedures: {result['procedures']}; "
            f"new calendar days: {result['calendar_days']}; "
            f"new processes: {result.get('processes', 0)}; "
            f"new e-forms: {result.get('eforms', 0)}"
        )
        if result["accounts"]:
            self.stdout.write(f"\nDemo accounts (password: {DEMO_PASSWORD})")
            for account in result["accounts"]:
                roles = ", ".join(
                    f"{role.value}@{code}" for code, role in account.roles
                )
                self.stdout.write(
                    f"  {account.username:<22} {account.full_name:<18} {roles}"
                )
        if result.get("citizens"):
            self.stdout.write(
                f"\nDemo citizens (portal /dang-nhap/tai-khoan/, password: "
                f"{DEMO_PASSWORD})"
            )
            for citizen in result["citizens"]:
                self.stdout.write(f"  {citizen.phone:<12} {citizen.full_name}")
        if result.get("online_dossier"):
            self.stdout.write(
                f"\nSubmitted online, waiting at the desk: {result['online_dossier']}"
            )
        if result["dossiers"]:
            self.stdout.write("\nDemo dossiers (track them at /tra-cuu/):")
            for code in result["dossiers"]:
                self.stdout.write(f"  {code}")
