"""Citizens, drafts and online dossiers for tests of online filing.

``online_setup()`` gives a commune with a desk officer, the birth
registration procedure (with its seeded e-form) implemented there, and a
citizen; ``filled_draft()`` a draft ready to submit; ``online_dossier()``
a dossier submitted online (status NEW).
"""

from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.accounts.tests.factories import AgencyFactory, UserFactory
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure
from motcua.citizens.domain import Kind
from motcua.citizens.models import CitizenProfile
from motcua.eforms.services import eform_of, seed_eforms

from ..domain import parse_questions
from ..models import Draft, DraftFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

BIRTH_FORM = {
    "requester_name": "Nguyễn Văn An",
    "requester_personal_id": "080090000123",
    "requester_residence": "Ấp 3, thị trấn Tân Thạnh, huyện Tân Thạnh, Long An",
    "requester_phone": "0912345678",
    "relation": "Cha",
    "child_name": "Nguyễn Minh Khang",
    "child_birth_date": "2025-10-20",
    "child_sex": "male",
    "child_ethnicity": "Kinh",
    "child_nationality": "Việt Nam",
    "child_birth_place": "Trung tâm Y tế huyện Tân Thạnh, Long An",
    "child_hometown": "Tân Thạnh, Long An",
    "mother_name": "Trần Thị Bình",
    "mother_birth_date": "1993-03-08",
    "mother_ethnicity": "Kinh",
    "mother_nationality": "Việt Nam",
    "mother_residence": "Ấp 3, thị trấn Tân Thạnh, huyện Tân Thạnh, Long An",
}


@dataclass
class OnlineSetup:
    agency: object
    desk: object
    version: object
    citizen: object  # a user with a citizen profile


def citizen(
    *,
    full_name="Nguyễn Văn An",
    personal_id="080090000123",
    phone="0912345678",
    email="an@example.vn",
    username=None,
):
    """Return a user with a verified person's profile."""
    user = UserFactory(username=username or f"cd-{personal_id}", full_name=full_name)
    CitizenProfile.objects.create(
        user=user,
        kind=Kind.PERSON,
        full_name=full_name,
        personal_id=personal_id,
        date_of_birth=date(1990, 5, 17),
        phone=phone,
        email=email,
        address="Ấp 3, thị trấn Tân Thạnh, huyện Tân Thạnh, Long An",
        identity_verified=True,
    )
    return user


def online_procedure(fee: int = 0, *, online_level: str = "partial"):
    """Publish birth registration with its e-form; ``fee`` VND online."""
    spec = birth_registration_spec()
    online = {
        "channel": "online",
        "time_amount": 3,
        "time_unit": "working_days",
        "fees": [{"name": "Lệ phí đăng ký khai sinh", "amount": fee}] if fee else [],
    }
    spec.channels = [spec.channels[0], online]
    spec.attributes = {**spec.attributes, "online_level": online_level}
    version = published_procedure(spec, effective_from=date(2024, 1, 1))
    seed_eforms()
    return version


def online_setup(fee: int = 0, **kwargs) -> OnlineSetup:
    agency = AgencyFactory(
        code="000.01.25.H39",
        name="UBND thị trấn Tân Thạnh",
        kind="commune_pc",
        function="commune_pc",
    )
    desk = UserFactory(username="desk.commune", full_name="Lê Văn Tâm")
    RoleAssignment.objects.create(user=desk, agency=agency, role=Role.DESK_OFFICER)
    version = online_procedure(fee, **kwargs)
    return OnlineSetup(agency=agency, desk=desk, version=version, citizen=citizen())


def attach(draft: Draft, document, *, name="giay-chung-sinh.pdf", content=PDF):
    """Attach a stored PDF to ``draft`` for the listed paper ``document``."""
    attached = DraftFile(
        draft=draft,
        required_document=document,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
        uploaded_at=timezone.now(),
    )
    attached.file.save(name, ContentFile(content), save=False)
    attached.save()
    return attached


def filled_draft(setup: OnlineSetup, *, user=None, owner=None, **fields) -> Draft:
    """Return a draft with every step done (no fees to pay unless set)."""
    user = user or setup.citizen
    eform = eform_of(setup.version)
    questions = parse_questions((eform.layout if eform else {}).get("eligibility"))
    draft = Draft.objects.create(
        user=user,
        owner=owner or user.citizen_profile,
        procedure_version=setup.version,
        agency=setup.agency,
        step="review",
        eligibility=fields.pop("eligibility", {q.key: q.expected for q in questions}),
        form_data=fields.pop("form_data", dict(BIRTH_FORM)),
        **fields,
    )
    for document in setup.version.documents.all():
        attach(draft, document)
    return draft


def online_dossier(setup: OnlineSetup, *, user=None, **fields):
    """Return a dossier submitted online from a filled draft (status NEW)."""
    from ..services import submit

    draft = filled_draft(setup, user=user, **fields)
    return submit(draft, user=draft.user)
