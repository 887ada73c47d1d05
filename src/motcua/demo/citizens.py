"""Demo citizens with local accounts, and an online dossier waiting at the desk.

The citizens are people of the demo population registry, so the e-forms
prefill from it; they sign in at /dang-nhap/tai-khoan/ with their phone
number and the demo password. One of them has filed a birth registration
online that the commune's desk has not answered yet (its 8-working-hour
clock shows in the desk's online queue).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.citizens.domain import Kind
from motcua.citizens.models import CitizenProfile
from motcua.registry.models import RegistryPerson

# (registry name, phone): a young couple of the registry's first household.
DEMO_CITIZENS = [
    ("Nguyễn Văn Tâm", "0912000001"),
    ("Trần Thị Ngọc Hân", "0912000002"),
]


@dataclass(frozen=True)
class DemoCitizen:
    full_name: str
    phone: str
    personal_id: str


def load_citizens(password: str) -> list[DemoCitizen]:
    """Create the demo citizens' accounts (once); return them for the console."""
    users = get_user_model()
    made = []
    for name, phone in DEMO_CITIZENS:
        person = RegistryPerson.objects.filter(full_name=name).first()
        if person is None:
            continue
        profile = CitizenProfile.objects.filter(
            kind=Kind.PERSON, personal_id=person.personal_id
        ).first()
        if profile is None:
            with transaction.atomic():
                user = users.objects.create_user(
                    username=f"cd-{person.personal_id}",
                    password=password,
                    full_name=name,
                    phone=phone,
                )
                CitizenProfile.objects.create(
                    user=user,
                    kind=Kind.PERSON,
                    full_name=name,
                    personal_id=person.personal_id,
                    date_of_birth=person.birth_date,
                    phone=phone,
                    address=person.current_address,
                    phone_verified=True,
                )
        made.append(DemoCitizen(name, phone, person.personal_id))
    return made


def demo_pdf(title: str) -> bytes:
    """Return a one-page PDF standing for a scanned paper."""
    from motcua.documents.pdf import render_pdf

    return render_pdf(f"<h1>{title}</h1><p>Bản chụp minh họa cho dữ liệu mẫu.</p>")


def load_online_dossier(agency: Agency) -> str | None:
    """File one birth registration online for the second demo citizen.

    Goes through the citizen's own path (a draft, then ``submit``); skipped
    once that citizen has any dossier. Returns its code.
    """
    from motcua.catalog.queries import procedure_in_force
    from motcua.filing.models import Draft, DraftFile
    from motcua.filing.services import submit

    _name, phone = DEMO_CITIZENS[1]
    profile = CitizenProfile.objects.filter(phone=phone, user__isnull=False).first()
    if profile is None or profile.dossiers.exists():
        return None
    version = procedure_in_force("1.001193", on=timezone.localdate())
    if version is None:
        return None
    husband = RegistryPerson.objects.filter(full_name=DEMO_CITIZENS[0][0]).first()
    form = {
        "requester_name": profile.full_name,
        "requester_personal_id": profile.personal_id,
        "requester_residence": profile.address,
        "requester_phone": profile.phone,
        "relation": "Mẹ",
        "child_name": "Nguyễn Trần Bảo An",
        "child_birth_date": (timezone.localdate().replace(day=1)).isoformat(),
        "child_sex": "female",
        "child_ethnicity": "Kinh",
        "child_nationality": "Việt Nam",
        "child_birth_place": "Trung tâm Y tế huyện Tân Thạnh, tỉnh Long An",
        "child_hometown": "Tân Thạnh, Long An",
        "mother_name": profile.full_name,
        "mother_birth_date": profile.date_of_birth.isoformat(),
        "mother_ethnicity": "Kinh",
        "mother_nationality": "Việt Nam",
        "mother_residence": profile.address,
        "mother_personal_id": profile.personal_id,
    }
    if husband is not None:
        form.update(
            father_name=husband.full_name,
            father_birth_date=husband.birth_date.isoformat(),
            father_ethnicity="Kinh",
            father_nationality="Việt Nam",
            father_residence=husband.current_address,
            father_personal_id=husband.personal_id,
        )
    from motcua.eforms.services import eform_of
    from motcua.filing.domain import parse_questions

    eform = eform_of(version)
    questions = parse_questions((eform.layout if eform else {}).get("eligibility"))
    with transaction.atomic():
        draft = Draft.objects.create(
            user=profile.user,
            owner=profile,
            procedure_version=version,
            agency=agency,
            step="review",
            eligibility={q.key: q.expected for q in questions},
            form_data=form,
            fee_exemption="Đăng ký khai sinh đúng hạn (khoản 1 Điều 11 Luật Hộ tịch)",
        )
        for document in version.documents.all():
            content = demo_pdf(document.name)
            attached = DraftFile(
                draft=draft,
                required_document=document,
                original_name="ban-chup.pdf",
                content_type="application/pdf",
                size=len(content),
                sha256="",
                uploaded_at=timezone.now(),
            )
            attached.file.save("ban-chup.pdf", ContentFile(content), save=False)
            attached.save()
        dossier = submit(draft, user=profile.user)
    return dossier.code
