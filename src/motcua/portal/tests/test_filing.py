"""The online filing pages: the whole walk, locks, other people's drafts."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from motcua.filing.models import Draft
from motcua.filing.tests.factories import BIRTH_FORM, PDF, citizen, online_setup
from motcua.registry.models import RegistryPerson

PERSONAL_ID = "080090000123"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def setup(db):
    RegistryPerson.objects.create(
        personal_id=PERSONAL_ID,
        full_name="Nguyễn Văn An",
        birth_date=date(1990, 5, 17),
        sex="male",
        birth_place="Xã Tân Thành, huyện Tân Thạnh, tỉnh Long An",
        current_address="Ấp 3, thị trấn Tân Thạnh, huyện Tân Thạnh, tỉnh Long An",
    )
    return online_setup(fee=8000)


@pytest.fixture
def browser(client, setup):
    client.force_login(setup.citizen)
    return client


def step(draft, slug):
    return reverse("portal:draft_step", args=[draft.public_id, slug])


def form_post(extra=None) -> dict:
    data = {key: value for key, value in BIRTH_FORM.items()}
    for key in ("child_birth_date", "mother_birth_date"):
        year, month, day = data[key].split("-")
        data[key] = f"{day}/{month}/{year}"
    data.update(extra or {})
    return data


def test_the_procedure_page_offers_online_filing(client, setup):
    page = client.get(reverse("portal:procedure", args=["1.001193"]))
    assert reverse("portal:filing_start", args=["1.001193"]) in page.content.decode()


def test_starting_asks_the_anonymous_to_sign_in_and_refuses_officers(client, setup):
    url = reverse("portal:filing_start", args=["1.001193"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
    client.force_login(setup.desk)
    assert client.get(url).status_code == 403
    assert client.get(reverse("portal:drafts")).status_code == 403


def test_a_citizen_walks_from_the_procedure_to_the_receipt(browser, setup):
    # given a citizen starting from the procedure page
    response = browser.get(reverse("portal:filing_start", args=["1.001193"]))
    draft = Draft.objects.get()
    assert response["Location"] == step(draft, "dieu-kien")
    page = browser.get(step(draft, "dieu-kien"))
    assert 'aria-current="step"' in page.content.decode()
    assert "Trẻ được sinh ra tại Việt Nam?" in page.content.decode()

    # a later step cannot be opened yet
    assert browser.get(step(draft, "xem-lai"))["Location"] == step(draft, "dieu-kien")

    # eligibility
    answers = {"q_born_in_vietnam": "yes", "q_parents_vietnamese": "yes"}
    answers["q_already_registered"] = "no"
    response = browser.post(
        step(draft, "dieu-kien"), {**answers, "agency": setup.agency.pk}
    )
    assert response["Location"] == step(draft, "to-khai")

    # the form: prefilled and locked, then filled
    page = browser.get(step(draft, "to-khai")).content.decode()
    assert "Nguyễn Văn An" in page
    assert "readonly" in page
    response = browser.post(step(draft, "to-khai"), form_post())
    assert response["Location"] == step(draft, "giay-to")

    # documents
    for document in setup.version.documents.all():
        browser.post(
            step(draft, "giay-to"),
            {
                "action": "upload",
                "document": document.pk,
                "file": SimpleUploadedFile("scan.pdf", PDF),
            },
        )
    response = browser.post(step(draft, "giay-to"), {"action": "continue"})
    assert response["Location"] == step(draft, "nhan-ket-qua")

    # delivery by post shows the postal fee
    page = browser.get(step(draft, "nhan-ket-qua")).content.decode()
    assert "30.000 đ" in page
    response = browser.post(
        step(draft, "nhan-ket-qua"),
        {"delivery_method": "post", "delivery_address": "Ấp 3, thị trấn Tân Thạnh"},
    )
    assert response["Location"] == step(draft, "le-phi")

    # payment at the desk
    page = browser.get(step(draft, "le-phi")).content.decode()
    assert "38.000 đ" in page
    response = browser.post(step(draft, "le-phi"), {"how": "desk"})
    assert response["Location"] == step(draft, "xem-lai")

    # review: the declaration is required, then submit
    page = browser.get(step(draft, "xem-lai")).content.decode()
    assert "Nguyễn Minh Khang" in page
    assert browser.post(step(draft, "xem-lai"), {}).status_code == 400
    response = browser.post(step(draft, "xem-lai"), {"confirm": "on"})
    draft.refresh_from_db()
    code = draft.dossier.code
    assert response["Location"] == reverse("portal:filing_receipt", args=[code])
    page = browser.get(response["Location"]).content.decode()
    assert code in page
    pdf = browser.get(reverse("portal:filing_receipt_pdf", args=[code]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_wrong_eligibility_answer_blocks_with_its_explanation(browser, setup):
    browser.get(reverse("portal:filing_start", args=["1.001193"]))
    draft = Draft.objects.get()
    response = browser.post(
        step(draft, "dieu-kien"),
        {
            "agency": setup.agency.pk,
            "q_born_in_vietnam": "no",
            "q_parents_vietnamese": "yes",
            "q_already_registered": "no",
        },
    )
    assert response.status_code == 400
    assert "2.000528" in response.content.decode()
    assert Draft.objects.get().step == "eligibility"


def test_autosave_stores_without_checking(browser, setup):
    browser.get(reverse("portal:filing_start", args=["1.001193"]))
    draft = Draft.objects.get()
    draft.step = "form"
    draft.save()
    response = browser.post(
        reverse("portal:draft_autosave", args=[draft.public_id]), {"child_name": "K"}
    )
    assert response.status_code == 200
    assert "Đã lưu lúc" in response.content.decode()
    assert Draft.objects.get().form_data["child_name"] == "K"


def test_another_citizens_draft_is_not_found(client, setup):
    owner_client = client
    owner_client.force_login(setup.citizen)
    owner_client.get(reverse("portal:filing_start", args=["1.001193"]))
    draft = Draft.objects.get()
    intruder = citizen(personal_id="080090000999", phone="0987654321")
    client.force_login(intruder)
    for slug in ("dieu-kien", "to-khai", "giay-to", "xem-lai"):
        assert client.get(step(draft, slug)).status_code == 404
        assert client.post(step(draft, slug), {}).status_code == 404
    assert (
        client.get(reverse("portal:draft", args=[draft.public_id])).status_code == 404
    )
    delete = reverse("portal:draft_delete", args=[draft.public_id])
    assert client.post(delete).status_code == 404
    autosave = reverse("portal:draft_autosave", args=[draft.public_id])
    assert client.post(autosave, {"child_name": "X"}).status_code == 404
    assert Draft.objects.get().form_data.get("child_name") is None
    assert (
        draft.procedure_version.name
        not in client.get(reverse("portal:drafts")).content.decode()
    )


def test_another_citizens_receipt_is_not_found(client, setup):
    from motcua.filing.tests.factories import online_dossier

    dossier = online_dossier(setup, pay_at_desk=True)
    client.force_login(citizen(personal_id="080090000999", phone="0987654321"))
    assert (
        client.get(reverse("portal:filing_receipt", args=[dossier.code])).status_code
        == 404
    )
    pdf = reverse("portal:filing_receipt_pdf", args=[dossier.code])
    assert client.get(pdf).status_code == 404


@pytest.fixture
def gateway(settings):
    from motcua.integrations.fake_vnpay import FakeVnpay

    fake = FakeVnpay().start()
    settings.MOTCUA_VNPAY = fake.settings()
    yield fake
    fake.stop()


def test_paying_online_sends_the_citizen_back_to_the_review(browser, setup, gateway):
    import urllib.parse

    from motcua.filing.tests.factories import filled_draft

    draft = filled_draft(setup)  # step reached: review
    response = browser.post(step(draft, "le-phi"), {"how": "online"})
    assert response.status_code == 302
    payment = draft.payments.get()
    assert payment.amount == 8000
    assert payment.dossier is None
    parts = urllib.parse.urlsplit(response["Location"])
    gateway.pay(parts.path, dict(urllib.parse.parse_qsl(parts.query)))
    params = gateway.ipn_params(payment.txn_ref)
    browser.get(reverse("portal:vnpay_ipn"), params)
    back = browser.get(reverse("portal:vnpay_return"), params)
    assert back["Location"] == step(draft, "xem-lai") + "?thanh_toan=paid"
    page = browser.get(back["Location"]).content.decode()
    assert "Đã nhận thanh toán" in page
    response = browser.post(step(draft, "xem-lai"), {"confirm": "on"})
    draft.refresh_from_db()
    assert draft.dossier.fee_paid == 8000


def test_a_refused_submission_links_to_the_step_and_keeps_the_draft(browser, setup):
    from motcua.filing.tests.factories import filled_draft

    draft = filled_draft(setup)  # 8 000 đ due, no choice made
    response = browser.post(step(draft, "xem-lai"), {"confirm": "on"})
    assert response.status_code == 400
    page = response.content.decode()
    assert step(draft, "le-phi") in page
    assert Draft.objects.get(pk=draft.pk).dossier is None


def test_a_prefilled_field_is_corrected_only_when_asked(browser, setup):
    browser.get(reverse("portal:filing_start", args=["1.001193"]))
    draft = Draft.objects.get()
    draft.step = "form"
    draft.save()
    browser.get(step(draft, "to-khai"))  # prefills from the registry
    changed = form_post({"requester_residence": "Ấp 5, xã Tân Hòa, Tân Thạnh"})
    browser.post(step(draft, "to-khai"), changed)
    draft.refresh_from_db()
    assert draft.form_data["requester_residence"].startswith("Ấp 3")  # locked
    response = browser.post(
        step(draft, "to-khai"), {**changed, "requester_residence__correct": "on"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.form_data["requester_residence"] == "Ấp 5, xã Tân Hòa, Tân Thạnh"
    assert draft.corrected == ["requester_residence"]
    page = browser.get(step(draft, "to-khai")).content.decode()
    assert 'value="Ấp 5, xã Tân Hòa, Tân Thạnh"' in page


def test_a_reused_document_shows_its_badge(browser, setup):
    from motcua.dossiers.tests.factories import ApplicantFactory, DossierFactory
    from motcua.registry.tests.test_reuse import attach as attach_held

    browser.get(reverse("portal:filing_start", args=["1.001193"]))
    draft = Draft.objects.get()
    draft.step = "documents"
    draft.save()
    earlier = DossierFactory(
        in_progress=True, applicant=ApplicantFactory(personal_id=PERSONAL_ID)
    )
    held = attach_held(earlier, "cccd.pdf", PDF, document_name="Căn cước")
    document = setup.version.documents.first()
    page = browser.get(step(draft, "giay-to")).content.decode()
    assert f"file:{held.pk}" in page
    browser.post(
        step(draft, "giay-to"),
        {"action": "reuse", "document": document.pk, "offer": f"file:{held.pk}"},
    )
    page = browser.get(step(draft, "giay-to")).content.decode()
    assert "Tái sử dụng" in page
    assert earlier.code in page


def test_a_submitted_drafts_pages_lead_to_its_receipt(client, setup):
    from motcua.filing.tests.factories import online_dossier

    dossier = online_dossier(setup, pay_at_desk=True)
    draft = Draft.objects.get(dossier=dossier)
    client.force_login(setup.citizen)
    response = client.get(step(draft, "xem-lai"))
    assert response["Location"] == reverse("portal:filing_receipt", args=[dossier.code])
    client.force_login(citizen(personal_id="080090000999", phone="0987654321"))
    assert client.get(step(draft, "xem-lai")).status_code == 404
