"""The draft's steps: start, eligibility, prefilled form, papers, delivery."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

import pytest

from motcua.accounts.tests.factories import AgencyFactory
from motcua.dossiers.domain import Reuse
from motcua.dossiers.models import DossierDocument
from motcua.dossiers.tests.factories import ApplicantFactory, DossierFactory
from motcua.filing.domain import Step
from motcua.filing.models import Draft
from motcua.filing.services import drafts
from motcua.filing.services.drafts import DraftRefused
from motcua.registry.models import PopulationLookup, RegistryPerson
from motcua.registry.tests.test_reuse import attach as attach_held

from .factories import BIRTH_FORM, PDF, citizen, online_setup

PERSONAL_ID = "080090000123"


@pytest.fixture(autouse=True)
def vietnamese(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("vi"):
        yield


@pytest.fixture
def setup(db):
    return online_setup()


@pytest.fixture
def registry_person(db):
    return RegistryPerson.objects.create(
        personal_id=PERSONAL_ID,
        full_name="Nguyễn Văn An",
        birth_date=date(1990, 5, 17),
        sex="male",
        birth_place="Xã Tân Thành, huyện Tân Thạnh, tỉnh Long An",
        current_address="Ấp 3, thị trấn Tân Thạnh, huyện Tân Thạnh, tỉnh Long An",
        permanent_address="Ấp 3, thị trấn Tân Thạnh, huyện Tân Thạnh, tỉnh Long An",
    )


def start(setup, user=None):
    user = user or setup.citizen
    return drafts.start_draft(user, owner=user.citizen_profile, version=setup.version)


def test_starting_twice_resumes_the_same_draft_with_the_only_agency_chosen(setup):
    first = start(setup)
    again = start(setup)
    assert again.pk == first.pk
    assert first.agency == setup.agency
    assert first.step == Step.ELIGIBILITY


def test_a_procedure_not_online_cannot_be_started(setup):
    setup.version.online_level = "none"
    setup.version.save()
    with pytest.raises(DraftRefused) as refused:
        start(setup)
    assert "không được cung cấp trực tuyến" in str(refused.value.errors["__all__"])


def test_officers_are_no_citizens_and_drafts_are_their_users_only(setup):
    draft = start(setup)
    other = citizen(personal_id="080090000999", phone="0987654321")
    assert drafts.draft_of(setup.citizen, draft.public_id) == draft
    assert drafts.draft_of(other, draft.public_id) is None
    assert drafts.draft_of(other, "not-a-uuid") is None
    assert drafts.citizen_profile(setup.desk) is None


def test_a_wrong_eligibility_answer_shows_its_explanation_and_blocks(setup):
    draft = start(setup)
    questions = drafts.eligibility_questions(draft)
    assert questions[0].text == "Trẻ được sinh ra tại Việt Nam?"
    answers = {q.key: q.expected for q in questions}
    answers["born_in_vietnam"] = False
    with pytest.raises(DraftRefused) as refused:
        drafts.answer_eligibility(draft, agency=None, answers=answers)
    assert "2.000528" in refused.value.errors["born_in_vietnam"][0]
    draft.refresh_from_db()
    assert draft.step == Step.ELIGIBILITY
    assert draft.eligibility["born_in_vietnam"] is False  # saved anyway

    answers["born_in_vietnam"] = True
    drafts.answer_eligibility(draft, agency=None, answers=answers)
    assert Draft.objects.get(pk=draft.pk).step == Step.FORM


def test_an_agency_not_implementing_the_procedure_is_refused(setup):
    draft = start(setup)
    elsewhere = AgencyFactory(kind="district_pc", function="district_pc")
    answers = {q.key: q.expected for q in drafts.eligibility_questions(draft)}
    with pytest.raises(DraftRefused) as refused:
        drafts.answer_eligibility(draft, agency=elsewhere, answers=answers)
    assert "agency" in refused.value.errors


def test_the_form_is_prefilled_once_and_the_lookup_recorded(setup, registry_person):
    draft = start(setup)
    drafts.ensure_prefill(draft, user=setup.citizen)
    drafts.ensure_prefill(draft, user=setup.citizen)
    draft.refresh_from_db()
    assert draft.prefilled["requester_name"] == "Nguyễn Văn An"
    assert draft.form_data["requester_personal_id"] == PERSONAL_ID
    lookup = PopulationLookup.objects.get()
    assert lookup.subject_ref == str(draft.public_id)
    assert lookup.user == setup.citizen


def test_prefilled_values_stay_unless_corrected(setup, registry_person):
    draft = start(setup)
    drafts.ensure_prefill(draft, user=setup.citizen)
    data = {**BIRTH_FORM, "requester_name": "Tên Khác", "requester_residence": "X"}
    errors = drafts.save_form(draft, data, corrected=["requester_residence"])
    draft.refresh_from_db()
    assert draft.form_data["requester_name"] == "Nguyễn Văn An"  # locked
    assert draft.form_data["requester_residence"] == "X"  # corrected
    assert draft.corrected == ["requester_residence"]
    assert "requester_residence" in errors  # too short: Vietnamese message
    assert draft.step == Step.ELIGIBILITY


def test_a_valid_form_completes_the_step_and_autosave_checks_nothing(setup):
    draft = start(setup)
    draft.step = Step.FORM
    assert drafts.save_form(draft, {"child_name": "A"}, complete=False) == {}
    assert Draft.objects.get(pk=draft.pk).form_data == {"child_name": "A"}
    assert drafts.save_form(draft, dict(BIRTH_FORM)) == {}
    assert Draft.objects.get(pk=draft.pk).step == Step.DOCUMENTS


def test_uploads_are_checked_like_the_desk_and_required_papers_needed(setup):
    draft = start(setup)
    document = setup.version.documents.first()
    fake = SimpleUploadedFile("giay.pdf", b"MZ not a pdf")
    with pytest.raises(DraftRefused) as refused:
        drafts.attach_upload(draft, document_id=document.pk, upload=fake)
    assert "không phải" in refused.value.errors["file"][0]
    with pytest.raises(DraftRefused) as refused:
        drafts.complete_documents(draft)
    assert len(refused.value.errors["documents"]) == 2

    for paper in setup.version.documents.all():
        item = drafts.attach_upload(
            draft,
            document_id=paper.pk,
            upload=SimpleUploadedFile("scan.png.pdf", PDF),
        )
    assert item.content_type == "application/pdf"
    drafts.complete_documents(draft)
    assert draft.step == Step.DELIVERY
    drafts.remove_file(draft, item.pk)
    assert draft.files.count() == 1


def test_a_document_of_an_earlier_dossier_is_reused_without_upload(setup):
    draft = start(setup)
    applicant = ApplicantFactory(personal_id=draft.owner.personal_id)
    earlier = DossierFactory(in_progress=True, applicant=applicant)
    held = attach_held(earlier, "cccd.pdf", PDF, document_name="Căn cước")
    offers = drafts.reuse_offers(draft)
    assert [o.token for o in offers] == [f"file:{held.pk}"]
    document = setup.version.documents.first()
    item = drafts.attach_reuse(draft, document_id=document.pk, offer=offers[0].token)
    assert item.reuse == Reuse.DOCUMENT
    assert item.reused_from == earlier.code
    assert item.source_path == held.file.name
    assert not item.file
    assert DossierDocument.objects.filter(dossier=earlier).count() == 1


def test_someone_elses_document_cannot_be_reused(setup):
    draft = start(setup)
    stranger = DossierFactory(in_progress=True)
    held = attach_held(stranger, "theirs.pdf", PDF)
    with pytest.raises(DraftRefused):
        drafts.attach_reuse(
            draft,
            document_id=setup.version.documents.first().pk,
            offer=f"file:{held.pk}",
        )


def test_delivery_by_post_needs_an_address_and_electronic_a_full_service(setup):
    draft = start(setup)
    with pytest.raises(DraftRefused) as refused:
        drafts.save_delivery(draft, method="post", address="")
    assert "delivery_address" in refused.value.errors
    with pytest.raises(DraftRefused):
        drafts.save_delivery(draft, method="electronic")
    drafts.save_delivery(draft, method="post", address="Ấp 3, thị trấn Tân Thạnh")
    assert draft.delivery_method == "post"
    setup.version.online_level = "full"
    assert "electronic" in drafts.delivery_methods(setup.version)


def test_deleting_a_draft_removes_its_uploads(setup):
    draft = start(setup)
    item = drafts.attach_upload(
        draft,
        document_id=setup.version.documents.first().pk,
        upload=SimpleUploadedFile("a.pdf", PDF),
    )
    storage, name = item.file.storage, item.file.name
    drafts.delete_draft(draft)
    assert not Draft.objects.exists()
    assert not storage.exists(name)
