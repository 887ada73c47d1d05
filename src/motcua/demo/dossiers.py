"""A few dossiers received at the demo commune's desk, so tracking has something to show."""

from datetime import date

from django.utils import timezone

from motcua.accounts.models import Agency, User

from .seed import DEMO_COMMUNE_NAME, DEMO_DISTRICT

DEMO_APPLICANTS = [
    ("Nguyễn Văn An", "080090000123", date(1990, 5, 17), "0912345678"),
    ("Trần Thị Bích", "080195001234", date(1995, 3, 2), "0987654321"),
    ("Lê Hoàng Nam", "080088004567", date(1988, 11, 20), "0903111222"),
]


def load_demo_dossiers() -> list[str]:
    """Receive a few dossiers at the demo commune so tracking has something to show.

    They go through the desk's own reception service, with the demo desk
    officer, the real calendar and the hash-chained audit trail; nothing
    is written around it. Skipped once the commune has any dossier.
    """
    from motcua.catalog.queries import procedure_in_force
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services.reception import (
        ApplicantData,
        DeliveryData,
        DocumentReceipt,
    )

    town = Agency.objects.get(
        function="commune_pc",
        unit__parent__code=DEMO_DISTRICT,
        unit__name=DEMO_COMMUNE_NAME,
    )
    existing = list(
        Dossier.objects.filter(receiving_agency=town)
        .order_by("code")
        .values_list("code", flat=True)
    )
    if existing:
        return existing[:3]
    from motcua.workflow.services import receive as receive_dossier

    officer = User.objects.get(username="motcua.xa")
    version = procedure_in_force("1.001193", on=timezone.localdate())
    codes = []
    for name, personal_id, born, phone in DEMO_APPLICANTS:
        dossier = receive_dossier(
            officer=officer,
            agency=town,
            procedure_version=version,
            applicant=ApplicantData(
                full_name=name,
                personal_id=personal_id,
                date_of_birth=born,
                address="Khu phố 1, thị trấn Tân Thạnh, huyện Tân Thạnh, tỉnh Long An",
                phone=phone,
            ),
            documents=[
                DocumentReceipt(
                    required_document_id=document.pk,
                    name=document.name,
                    originals=max(document.originals, 1),
                    copies=document.copies,
                )
                for document in version.documents.all()
            ],
            delivery=DeliveryData(method="desk"),
        )
        codes.append(dossier.code)
    return codes
