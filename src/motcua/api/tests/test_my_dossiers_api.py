"""The citizen's dossiers in the API: /api/v1/me/dossiers and what hangs below."""

import json

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from django.utils import timezone

import pytest

from motcua.dossiers.domain import Action, Status
from motcua.dossiers.models import DossierFile
from motcua.dossiers.services.guidance import request_supplement
from motcua.dossiers.services.lifecycle import transition
from motcua.dossiers.tests.factories import desk_officer
from motcua.filing.models import Rating, SupplementRound
from motcua.filing.tests.factories import PDF, online_dossier, online_setup
from motcua.filing.tests.my_dossiers import citizen, my_dossier
from motcua.integrations.tests.fake_vnpay import FakeVnpay
from motcua.payments.models import Payment
from motcua.workflow.services.intake import accept_online

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _with_a_file_and_payment(user, **traits):
    dossier = my_dossier(user, **(traits or {"in_progress": True}))
    stored = DossierFile(
        dossier=dossier,
        original_name="giay-chung-sinh.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_at=timezone.now(),
    )
    stored.file.save("a.pdf", ContentFile(PDF), save=False)
    stored.save()
    payment = Payment.objects.create(
        dossier=dossier,
        amount=8000,
        method="desk",
        state="paid",
        txn_ref=f"B{dossier.pk:010d}",
        paid_at=timezone.now(),
    )
    return {"code": dossier.code, "file": stored.pk, "payment": payment.pk}


# -- every endpoint, tried by nobody, an officer and another citizen --------------

ROUTES = [
    ("me-dossier-list", "get", ()),
    ("me-dossier-detail", "get", ("code",)),
    ("me-dossier-file", "get", ("code", "file")),
    ("me-dossier-receipt", "get", ("code", "payment")),
    ("me-dossier-withdrawal", "post", ("code",)),
    ("me-dossier-rating", "post", ("code",)),
    ("me-dossier-supplement", "post", ("code",)),
    ("me-dossier-payment", "post", ("code",)),
]
WITH_A_DOSSIER = [route for route in ROUTES if route[2]]
WITH_A_ROW = [route for route in ROUTES if len(route[2]) > 1]


@pytest.fixture
def owner():
    user = citizen()
    return user, _with_a_file_and_payment(user)


@pytest.fixture
def stranger():
    user = citizen("Trần Thị Bình")
    return user, _with_a_file_and_payment(user)


def url(name, kinds, ids):
    return reverse(f"api:v1:{name}", args=[ids[kind] for kind in kinds])


def call(client, method, address):
    return getattr(client, method)(address)


def test_every_citizen_dossier_endpoint_is_in_this_test():
    names = set()
    for pattern in get_resolver().url_patterns:
        stack = [pattern]
        while stack:
            item = stack.pop()
            stack.extend(getattr(item, "url_patterns", []))
            if (getattr(item, "name", None) or "").startswith("me-dossier"):
                names.add(item.name)
    assert names == {name for name, _method, _kinds in ROUTES}


@pytest.mark.parametrize(("name", "method", "kinds"), ROUTES)
def test_nobody_is_refused(client, owner, name, method, kinds):
    _user, ids = owner

    response = call(client, method, url(name, kinds, ids))

    assert response.status_code in (401, 403)
    assert response.json()["detail"]


@pytest.mark.parametrize(("name", "method", "kinds"), ROUTES)
def test_an_officer_is_refused(client, owner, name, method, kinds):
    _user, ids = owner
    client.force_login(desk_officer())

    response = call(client, method, url(name, kinds, ids))

    assert response.status_code == 403


@pytest.mark.parametrize(("name", "method", "kinds"), WITH_A_DOSSIER)
def test_another_citizens_identifiers_are_not_found(
    client, owner, stranger, name, method, kinds
):
    _user, ids = owner
    client.force_login(stranger[0])

    response = call(client, method, url(name, kinds, ids))

    assert response.status_code == 404
    assert ids["code"] not in response.content.decode()


@pytest.mark.parametrize(("name", "method", "kinds"), WITH_A_ROW)
def test_another_dossiers_rows_are_not_found_through_ones_own(
    client, owner, stranger, name, method, kinds
):
    user, ids = owner
    client.force_login(user)

    response = call(client, method, url(name, kinds, {**stranger[1], **ids}))
    mixed = call(client, method, url(name, kinds, {**stranger[1], "code": ids["code"]}))

    assert response.status_code == 200
    assert mixed.status_code == 404


# -- reading ---------------------------------------------------------------------


def test_the_list_pages_and_filters_by_group(client):
    user = citizen()
    waiting = my_dossier(user, awaiting_fees=True)
    my_dossier(user, in_progress=True)
    my_dossier(citizen("Trần Thị Bình"))
    client.force_login(user)

    everything = client.get("/api/v1/me/dossiers").json()
    mine = client.get("/api/v1/me/dossiers", {"group": "cho-toi"}).json()
    wrong = client.get("/api/v1/me/dossiers", {"group": "all"})

    assert everything["count"] == 2
    assert [row["code"] for row in mine["results"]] == [waiting.code]
    row = mine["results"][0]
    assert row["next_action"] == "pay"
    assert row["next_action_label"] == "Nộp phí"
    assert row["national_status"] == 6
    assert row["applicant_name"] == "Nguyễn Văn An"
    assert row["url"].endswith(f"/api/v1/me/dossiers/{waiting.code}")
    assert wrong.status_code == 400
    assert "group" in wrong.json()["errors"]


def test_the_detail_has_timeline_files_payments_and_links(client, owner):
    user, ids = owner
    client.force_login(user)

    data = client.get(f"/api/v1/me/dossiers/{ids['code']}").json()

    assert data["code"] == ids["code"]
    assert [step["label"] for step in data["timeline"]][:1] == ["Tiếp nhận hồ sơ"]
    files = data["documents"][0]["files"]
    assert files[0]["id"] == ids["file"]
    assert files[0]["download_url"].endswith(
        f"/me/dossiers/{ids['code']}/files/{ids['file']}"
    )
    assert data["payments"][0]["receipt_url"].endswith(
        f"/payments/{ids['payment']}/receipt.pdf"
    )
    assert data["allowed"] == {
        "supplement": False,
        "pay": False,
        "withdraw": True,
        "rate": False,
    }
    assert data["rating"] is None


def test_the_file_and_the_receipt_download(client, owner):
    user, ids = owner
    client.force_login(user)
    base = f"/api/v1/me/dossiers/{ids['code']}"

    stored = client.get(f"{base}/files/{ids['file']}")
    receipt = client.get(f"{base}/payments/{ids['payment']}/receipt.pdf")

    assert b"".join(stored.streaming_content) == PDF
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")


# -- acting ----------------------------------------------------------------------


@pytest.fixture
def setup(client):
    setup = online_setup()
    client.force_login(setup.citizen)
    return setup


def test_withdrawal_through_the_api(client, setup):
    dossier = online_dossier(setup)
    address = f"/api/v1/me/dossiers/{dossier.code}/withdrawal"

    early = client.post(
        address, {"reason": "Nộp nhầm"}, content_type="application/json"
    )
    accept_online(dossier, officer=setup.desk)
    empty = client.post(address, {}, content_type="application/json")
    done = client.post(
        address, {"reason": "Nộp nhầm thủ tục"}, content_type="application/json"
    )

    assert early.status_code == 409
    assert empty.status_code == 400
    assert done.status_code == 200
    assert done.json()["status"] == Status.WITHDRAWAL_REQUESTED


def test_rating_through_the_api_once(client, setup):
    dossier = online_dossier(setup)
    address = f"/api/v1/me/dossiers/{dossier.code}/rating"
    answers = {"overall": "satisfied", "convenience": "satisfied", "staff": "satisfied"}

    early = client.post(address, answers, content_type="application/json")
    accept_online(dossier, officer=setup.desk)
    for action in (Action.RESOLVE, Action.RETURN_RESULT):
        transition(dossier, action, actor=setup.desk)
    bad = client.post(
        address, {**answers, "overall": "great"}, content_type="application/json"
    )
    done = client.post(address, answers, content_type="application/json")
    again = client.post(address, answers, content_type="application/json")

    assert early.status_code == 409
    assert bad.status_code == 400
    assert "overall" in bad.json()["errors"]
    assert done.status_code == 201
    assert done.json()["overall"] == "satisfied"
    assert again.status_code == 409
    assert Rating.objects.filter(dossier=dossier).count() == 1


def test_a_supplement_through_the_api_keeps_both_versions(client, setup):
    dossier = online_dossier(setup)
    paper = setup.version.documents.first()
    request_supplement(dossier, officer=setup.desk, missing=[paper.pk], note="Mờ")
    address = f"/api/v1/me/dossiers/{dossier.code}/supplement"
    form = {**dossier.form_data, "child_hometown": "Thạnh Hóa, Long An"}

    bad_name = client.post(
        address, {"scan": SimpleUploadedFile("a.pdf", PDF, "application/pdf")}
    )
    done = client.post(
        address,
        {
            "note": "Đã chụp lại",
            "form_data": json.dumps(form),
            f"paper_{paper.pk}": SimpleUploadedFile(
                "chup-lai.pdf", PDF, "application/pdf"
            ),
        },
    )

    assert bad_name.status_code == 400
    assert done.status_code == 200, done.json()
    data = done.json()
    assert data["supplements"][0]["number"] == 1
    changes = data["supplements"][0]["changes"]
    assert {"label": changes[0]["label"], "after": "Thạnh Hóa, Long An"}.items() <= (
        changes[0].items()
    )
    assert data["supplements"][0]["files"][0]["original_name"] == "chup-lai.pdf"
    assert data["next_action"] == "wait_reception"
    assert SupplementRound.objects.filter(dossier=dossier).count() == 1


def test_a_supplement_not_asked_for_is_a_conflict(client, setup):
    dossier = online_dossier(setup)

    response = client.post(
        f"/api/v1/me/dossiers/{dossier.code}/supplement", {"note": "thêm"}
    )

    assert response.status_code == 409


@pytest.fixture
def gateway(settings):
    fake = FakeVnpay().start()
    settings.MOTCUA_VNPAY = fake.settings()
    yield fake
    fake.stop()


def test_payment_of_the_fees_asked_for(client, gateway):
    user = citizen()
    client.force_login(user)
    owing = my_dossier(user, awaiting_fees=True, fee_due=58000, fee_paid=8000)
    settled = my_dossier(user, in_progress=True)

    started = client.post(f"/api/v1/me/dossiers/{owing.code}/payment")
    nothing = client.post(f"/api/v1/me/dossiers/{settled.code}/payment")

    assert started.status_code == 201
    assert started.json()["payment_url"].startswith(gateway.settings()["PAYMENT_URL"])
    assert owing.payments.get().amount == 50000
    assert nothing.status_code == 409


def test_the_schema_documents_the_citizen_endpoints(client):
    schema = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()

    paths = schema["paths"]
    assert "get" in paths["/api/v1/me/dossiers"]
    assert "get" in paths["/api/v1/me/dossiers/{code}"]
    assert "post" in paths["/api/v1/me/dossiers/{code}/supplement"]
    assert "get" in paths["/api/v1/me/dossiers/{code}/payments/{id}/receipt.pdf"]
    assert "404" in paths["/api/v1/me/dossiers/{code}"]["get"]["responses"]
