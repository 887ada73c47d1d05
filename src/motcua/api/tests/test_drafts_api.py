"""/api/v1/me/drafts: the citizen's drafts, step by step, then submission."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import pytest

from motcua.dossiers.domain import Status
from motcua.filing.models import Draft
from motcua.filing.tests.factories import BIRTH_FORM, PDF, citizen, online_setup

LIST = "/api/v1/me/drafts"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def setup(db):
    return online_setup()


def signed_in(user, language="vi") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def url(draft_id, tail=""):
    return f"{LIST}/{draft_id}{tail}"


def test_a_citizen_files_through_the_api_from_start_to_submission(setup):
    api = signed_in(setup.citizen)
    created = api.post(LIST, {"procedure": "1.001193"}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    draft_id = body["public_id"]
    assert body["agency"] == setup.agency.code  # the only one, chosen
    assert [q["key"] for q in body["questions"]][0] == "born_in_vietnam"
    assert api.get(LIST).json()[0]["public_id"] == draft_id

    # a later step is refused before the earlier ones
    early = api.patch(
        url(draft_id), {"form_data": BIRTH_FORM}, content_type="application/json"
    )
    assert early.status_code == 400
    assert "form_data" in early.json()["errors"]

    answers = {q["key"]: True for q in body["questions"]}
    answers["already_registered"] = False
    step = api.patch(
        url(draft_id), {"eligibility": answers}, content_type="application/json"
    )
    assert step.json()["step"] == "form"

    bad = api.patch(
        url(draft_id),
        {"form_data": {**BIRTH_FORM, "requester_phone": "12"}},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert any("requester_phone" in m for m in bad.json()["errors"]["form_data"])
    good = api.patch(
        url(draft_id), {"form_data": BIRTH_FORM}, content_type="application/json"
    )
    assert good.json()["step"] == "documents"

    for document in good.json()["documents"]:
        attached = api.post(
            url(draft_id, "/files"),
            {"document": document["id"], "file": SimpleUploadedFile("a.pdf", PDF)},
        )
        assert attached.status_code == 201
    refused_file = api.post(
        url(draft_id, "/files"),
        {"document": document["id"], "file": SimpleUploadedFile("x.pdf", b"GIF89a")},
    )
    assert refused_file.status_code == 400
    assert "PDF" in refused_file.json()["errors"]["file"][0]

    done = api.patch(
        url(draft_id),
        {
            "documents_complete": True,
            "delivery_method": "desk",
            "pay_at_desk": True,
        },
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["step"] == "review"
    assert done.json()["problems"] == {}

    submitted = api.post(url(draft_id, "/submit"))
    assert submitted.status_code == 201
    assert submitted.json()["status"] == Status.NEW
    assert submitted.json()["reception_due_at"]
    assert Draft.objects.get().dossier.code == submitted.json()["code"]
    assert api.get(url(draft_id)).status_code == 404  # no longer a draft


def test_submitting_an_unfinished_draft_says_which_step(setup):
    api = signed_in(setup.citizen, "en")
    draft_id = api.post(
        LIST, {"procedure": "1.001193"}, content_type="application/json"
    ).json()["public_id"]
    answer = api.post(url(draft_id, "/submit"))
    assert answer.status_code == 400
    assert "eligibility" in answer.json()["errors"]


def test_officers_and_anonymous_clients_are_refused(setup):
    assert Client().get(LIST).status_code == 403
    officer = signed_in(setup.desk)
    assert officer.get(LIST).status_code == 403
    created = officer.post(
        LIST, {"procedure": "1.001193"}, content_type="application/json"
    )
    assert created.status_code == 403


def test_another_citizens_draft_is_not_found_by_any_endpoint(setup):
    owner = signed_in(setup.citizen)
    draft_id = owner.post(
        LIST, {"procedure": "1.001193"}, content_type="application/json"
    ).json()["public_id"]
    document = setup.version.documents.first()
    file_id = owner.post(
        url(draft_id, "/files"),
        {"document": document.pk, "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    # the documents step is not reached yet: refused, nothing attached
    assert file_id.status_code == 400

    intruder = signed_in(citizen(personal_id="080090000999", phone="0987654321"))
    assert intruder.get(LIST).json() == []
    assert intruder.get(url(draft_id)).status_code == 404
    patch = intruder.patch(
        url(draft_id), {"fee_exemption": "x"}, content_type="application/json"
    )
    assert patch.status_code == 404
    assert intruder.delete(url(draft_id)).status_code == 404
    upload = intruder.post(
        url(draft_id, "/files"),
        {"document": document.pk, "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert upload.status_code == 404
    assert intruder.delete(url(draft_id, "/files/1")).status_code == 404
    assert intruder.post(url(draft_id, "/submit")).status_code == 404
    assert Draft.objects.filter(public_id=draft_id).exists()


def test_the_drafts_api_is_in_the_schema(client):
    schema = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/me/drafts"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/me/drafts/{public_id}"])
    assert "post" in paths["/api/v1/me/drafts/{public_id}/submit"]
    assert "post" in paths["/api/v1/me/drafts/{public_id}/files"]


def test_a_draft_is_paid_online_through_the_api_then_submitted(db, settings):
    from urllib.parse import parse_qs, urlparse

    from motcua.filing.tests.factories import filled_draft
    from motcua.integrations.fake_vnpay import FakeVnpay
    from motcua.payments.services import confirm_ipn

    gateway = FakeVnpay().start()
    settings.MOTCUA_VNPAY = gateway.settings()
    try:
        setup = online_setup(fee=8000)
        draft = filled_draft(setup)  # every step done: the review reached
        api = signed_in(setup.citizen)
        other = signed_in(citizen(full_name="Lê Thị Cúc", personal_id="080195000456"))
        assert other.post(url(draft.public_id, "/payment")).status_code == 404
        assert Client().post(url(draft.public_id, "/payment")).status_code == 403
        started = api.post(url(draft.public_id, "/payment"))
        assert started.status_code == 201, started.json()
        assert started.json()["amount"] == 8000
        address = urlparse(started.json()["payment_url"])
        params = {k: v[0] for k, v in parse_qs(address.query).items()}
        assert params["vnp_Amount"] == "800000"  # VNPay counts hundredths
        # The citizen pays at the gateway, which then calls the IPN.
        assert gateway.pay(address.path, params)[0] == 302
        answer = confirm_ipn(gateway.ipn_params(params["vnp_TxnRef"]))
        assert answer["RspCode"] == "00"
        assert api.post(url(draft.public_id, "/payment")).status_code == 409
        submitted = api.post(url(draft.public_id, "/submit"))
        assert submitted.status_code == 201, submitted.json()
        draft.refresh_from_db()
        assert draft.dossier.fee_paid == 8000
    finally:
        gateway.stop()
