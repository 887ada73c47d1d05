import base64
import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

import pytest

from motcua.accounts.domain import Role
from motcua.dossiers.domain import Action
from motcua.dossiers.labels import IDENTIFIER_MESSAGES
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.lifecycle import ConcurrentChange, describe, transition
from motcua.dossiers.tests.factories import DossierFactory, staff_member
from motcua.dossiers.tests.helpers import PDF, PNG, desk, five_day_procedure

pytestmark = pytest.mark.django_db

PASSWORD = "motcua@2026"
CODE = re.compile(r"^000\.00\.25\.H39-\d{6}-\d{4}$")


def basic(user) -> dict:
    user.set_password(PASSWORD)
    user.save()
    token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def counter():
    """Return a district desk, its officer and a procedure of 5 working days."""
    agency, officer = desk()
    version = five_day_procedure(agency)
    return {"agency": agency, "officer": officer, "version": version}


def body(counter, **changes) -> dict:
    data = {
        "agency": counter["agency"].code,
        "procedure": counter["version"].procedure.code,
        "applicant": {
            "full_name": "Nguyễn Văn An",
            "personal_id": "080090000123",
            "date_of_birth": "1990-05-17",
            "address": "Ấp 3, thị trấn Tân Thạnh",
            "phone": "0912345678",
            "email": "an@example.vn",
        },
        "documents": [
            {"required_document": paper.pk, "originals": 1}
            for paper in counter["version"].documents.all()
        ],
        "delivery": {"method": "desk"},
    }
    data.update(changes)
    return data


def post_json(client, url, data, auth, **extra):
    return client.post(
        url, json.dumps(data), content_type="application/json", **auth, **extra
    )


# Reception


def test_desk_officer_receives_a_dossier_and_gets_its_links(client, counter, settings):
    response = post_json(
        client, "/api/v1/dossiers", body(counter), basic(counter["officer"])
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert CODE.match(data["code"])
    assert (data["status"], data["status_code"], data["status_label"]) == (
        "received",
        2,
        "Được tiếp nhận",
    )
    assert data["received_at"].endswith("+07:00")
    assert data["due_at"] > data["received_at"]
    assert data["tracking_url"] == (
        f"{settings.MOTCUA_PUBLIC_URL}/tra-cuu/?ma={data['code']}"
    )
    assert data["applicant"]["personal_id"] == "080090000123"
    assert data["procedure"]["code"] == counter["version"].procedure.code
    assert data["receiving_agency"]["code"] == "000.00.25.H39"
    receipt = next(form for form in data["forms"] if form["key"] == "receipt")
    assert receipt["number"] == "01"
    assert receipt["url"].startswith("http://testserver/api/v1/dossiers/")
    assert Dossier.objects.get().code == data["code"]


def test_reception_takes_files_in_a_multipart_form(client, counter):
    data = body(counter, file_documents=[0, None])
    files = [
        SimpleUploadedFile("to khai.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("cccd.png", PNG, content_type="image/png"),
    ]

    response = client.post(
        "/api/v1/dossiers",
        {"data": json.dumps(data), "files": files},
        **basic(counter["officer"]),
    )

    assert response.status_code == 201, response.content
    stored = response.json()["files"]
    assert sorted(f["content_type"] for f in stored) == [
        "application/pdf",
        "image/png",
    ]
    assert all(len(f["sha256"]) == 64 for f in stored)


def test_reception_refuses_a_file_that_is_not_what_it_claims(client, counter):
    fake = SimpleUploadedFile(
        "scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )

    response = client.post(
        "/api/v1/dossiers",
        {"data": json.dumps(body(counter)), "files": [fake]},
        **basic(counter["officer"]),
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["files"]
    assert not Dossier.objects.exists()


def test_multipart_without_json_data_says_where_it_belongs(client, counter):
    response = client.post(
        "/api/v1/dossiers", {"data": "{not json"}, **basic(counter["officer"])
    )

    assert response.status_code == 400
    assert response.json()["errors"]["data"] == [
        "Gửi dữ liệu hồ sơ dạng JSON trong trường “data”, kèm các tệp trong "
        "trường “files”."
    ]


def test_input_errors_are_named_per_field_in_vietnamese(client, counter):
    data = body(counter)
    del data["applicant"]["full_name"]
    data["documents"][0]["originals"] = -1

    response = post_json(client, "/api/v1/dossiers", data, basic(counter["officer"]))

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Yêu cầu không hợp lệ.",
        "errors": {
            "applicant.full_name": ["Trường này là bắt buộc."],
            "documents.0.originals": ["Giá trị phải lớn hơn hoặc bằng 0."],
        },
    }


def test_input_errors_are_in_english_when_asked(client, counter):
    data = body(counter)
    del data["applicant"]["full_name"]

    response = post_json(
        client,
        "/api/v1/dossiers",
        data,
        basic(counter["officer"]),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.json()["errors"] == {
        "applicant.full_name": ["This field is required."]
    }


def test_the_services_refusals_are_named_per_field(client, counter):
    data = body(counter, documents=[])
    data["applicant"]["personal_id"] = "12345"

    response = post_json(client, "/api/v1/dossiers", data, basic(counter["officer"]))

    assert response.status_code == 400
    errors = response.json()["errors"]
    with translation.override("vi"):
        expected = str(IDENTIFIER_MESSAGES["personal_id_shape"])
    assert errors["applicant.personal_id"] == [expected]
    assert errors["documents"]  # the required papers were not ticked
    assert all("“" in message for message in errors["documents"])
    assert not Dossier.objects.exists()


def test_unknown_procedure_and_agency_are_named(client, counter):
    unknown_procedure = post_json(
        client,
        "/api/v1/dossiers",
        body(counter, procedure="9.999999"),
        basic(counter["officer"]),
    )
    unknown_agency = post_json(
        client,
        "/api/v1/dossiers",
        body(counter, agency="000.99.99.H39"),
        basic(counter["officer"]),
    )

    assert unknown_procedure.status_code == 400
    assert unknown_procedure.json()["errors"] == {
        "procedure": ["Không có thủ tục mã 9.999999 đang có hiệu lực."]
    }
    assert unknown_agency.status_code == 400
    assert list(unknown_agency.json()["errors"]) == ["agency"]


def test_anonymous_reception_is_asked_to_authenticate(client, counter):
    response = post_json(client, "/api/v1/dossiers", body(counter), {})

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Chưa cung cấp thông tin xác thực: hãy đăng nhập."
    }
    assert response["WWW-Authenticate"].startswith("Basic")


def test_session_login_without_csrf_token_is_refused(client, counter):
    client.force_login(counter["officer"])
    client.handler.enforce_csrf_checks = True

    response = post_json(client, "/api/v1/dossiers", body(counter), {})

    assert response.status_code == 403
    assert not Dossier.objects.exists()


def test_reception_works_with_a_session(client, counter):
    client.force_login(counter["officer"])

    response = post_json(client, "/api/v1/dossiers", body(counter), {})

    assert response.status_code == 201


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.MONITOR])
def test_only_a_desk_officer_of_the_agency_receives(client, counter, role):
    other = staff_member(counter["agency"], role)
    desk_elsewhere = desk("000.00.26.H39")[1]

    wrong_role = post_json(client, "/api/v1/dossiers", body(counter), basic(other))
    elsewhere = post_json(
        client, "/api/v1/dossiers", body(counter), basic(desk_elsewhere)
    )

    assert wrong_role.status_code == 403
    assert wrong_role.json() == {
        "detail": "Bạn không phải cán bộ một cửa của cơ quan này."
    }
    assert elsewhere.status_code == 403
    assert not Dossier.objects.exists()


# Reading


def test_staff_of_the_agency_read_the_dossier_in_full(client):
    dossier = DossierFactory(in_progress=True)
    specialist = staff_member(dossier.handling_agency, Role.SPECIALIST)

    response = client.get(f"/api/v1/dossiers/{dossier.code}", **basic(specialist))

    assert response.status_code == 200
    data = response.json()
    assert data["code"] == dossier.code
    assert data["status_code"] == 4
    assert data["applicant"]["full_name"] == "Nguyễn Văn An"
    assert [event["action"] for event in data["events"]] == [
        "receive",
        "start_processing",
    ]


def test_another_agencys_dossier_is_not_found(client):
    dossier = DossierFactory()
    outsider = desk("000.00.26.H39")[1]

    response = client.get(f"/api/v1/dossiers/{dossier.code}", **basic(outsider))
    unknown = client.get(
        "/api/v1/dossiers/000.00.26.H39-251027-0999", **basic(outsider)
    )

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"Không tìm thấy hồ sơ có mã {dossier.code} tại cơ quan của bạn."
    }
    assert unknown.status_code == 404


def test_anonymous_reading_is_refused(client):
    dossier = DossierFactory()

    assert client.get(f"/api/v1/dossiers/{dossier.code}").status_code == 401


# Transitions


def test_supplement_request_pauses_the_dossier(client):
    dossier = DossierFactory(in_progress=True)
    specialist = staff_member(dossier.handling_agency, Role.SPECIALIST)

    response = post_json(
        client,
        f"/api/v1/dossiers/{dossier.code}/supplement-request",
        {"missing": ["Bản sao Giấy khai sinh"], "note": "Bản chụp bị mờ"},
        basic(specialist),
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["status_code"], data["due_at"]) == (
        "awaiting_supplement",
        5,
        None,
    )
    assert data["supplement_requests"] == 1
    assert "supplement_request" in [form["key"] for form in data["forms"]]


def test_supplement_request_needs_the_missing_papers(client):
    dossier = DossierFactory(in_progress=True)
    specialist = staff_member(dossier.handling_agency, Role.SPECIALIST)

    response = post_json(
        client,
        f"/api/v1/dossiers/{dossier.code}/supplement-request",
        {"missing": []},
        basic(specialist),
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "missing": ["Hãy liệt kê các giấy tờ người nộp cần bổ sung."]
    }


def test_illegal_transition_is_a_conflict_with_a_clear_message(client):
    dossier = DossierFactory(returned=True)
    specialist = staff_member(dossier.handling_agency, Role.SPECIALIST)

    response = post_json(
        client,
        f"/api/v1/dossiers/{dossier.code}/supplement-request",
        {"missing": ["Tờ khai"]},
        basic(specialist),
    )

    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "Đã trả kết quả" in detail  # the status it is in, in Vietnamese
    assert Dossier.objects.get(pk=dossier.pk).status == "returned"


def test_a_change_made_meanwhile_by_another_officer_is_a_conflict(client, monkeypatch):
    dossier = DossierFactory(received=True)
    seen = Dossier.objects.get(pk=dossier.pk)  # what the API loaded
    specialist = staff_member(dossier.handling_agency, Role.SPECIALIST)
    transition(dossier, Action.START_PROCESSING, actor=dossier.received_by)
    monkeypatch.setattr(
        "motcua.api.v1.dossiers.dossier_for_staff", lambda code, user: seen
    )

    response = post_json(
        client,
        f"/api/v1/dossiers/{dossier.code}/supplement-request",
        {"missing": ["Tờ khai"]},
        basic(specialist),
    )

    assert response.status_code == 409
    with translation.override("vi"):
        expected = describe(ConcurrentChange("received", "in_progress", "x"))
    assert response.json() == {"detail": expected}
    assert Dossier.objects.get(pk=dossier.pk).status == "in_progress"


def test_refusal_of_an_online_dossier_waiting_at_the_desk(client):
    dossier = DossierFactory(new=True)
    officer = staff_member(dossier.receiving_agency, Role.DESK_OFFICER)

    response = post_json(
        client,
        f"/api/v1/dossiers/{dossier.code}/refusal",
        {"reasons": "Thủ tục không thuộc thẩm quyền của cơ quan"},
        basic(officer),
    )

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["status_code"]) == (
        "not_accepted",
        3,
    )


def test_refusal_needs_reasons(client):
    dossier = DossierFactory(new=True)
    officer = staff_member(dossier.receiving_agency, Role.DESK_OFFICER)

    response = post_json(
        client,
        f"/api/v1/dossiers/{dossier.code}/refusal",
        {"reasons": ""},
        basic(officer),
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"reasons": ["Trường này không được bỏ trống."]}


def test_refusing_a_received_dossier_is_a_conflict(client):
    dossier = DossierFactory(received=True)

    response = post_json(
        client,
        f"/api/v1/dossiers/{dossier.code}/refusal",
        {"reasons": "Không hợp lệ"},
        basic(dossier.received_by),
    )

    assert response.status_code == 409
    assert Dossier.objects.get(pk=dossier.pk).status == "received"


def test_a_monitor_may_read_but_not_act(client):
    dossier = DossierFactory(in_progress=True)
    monitor = staff_member(dossier.handling_agency, Role.MONITOR)

    read = client.get(f"/api/v1/dossiers/{dossier.code}", **basic(monitor))
    act = post_json(
        client,
        f"/api/v1/dossiers/{dossier.code}/supplement-request",
        {"missing": ["Tờ khai"]},
        basic(monitor),
    )

    assert read.status_code == 200
    assert act.status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).status == "in_progress"


def test_another_agency_cannot_act_on_the_dossier(client):
    dossier = DossierFactory(new=True)
    outsider = desk("000.00.26.H39")[1]

    response = post_json(
        client,
        f"/api/v1/dossiers/{dossier.code}/refusal",
        {"reasons": "Không hợp lệ"},
        basic(outsider),
    )

    assert response.status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).status == "new"


def test_anonymous_transitions_are_refused(client):
    dossier = DossierFactory(new=True)

    response = post_json(
        client, f"/api/v1/dossiers/{dossier.code}/refusal", {"reasons": "x"}, {}
    )

    assert response.status_code == 401


# Forms


@pytest.mark.parametrize("form", ["receipt", "01"])
def test_receipt_is_printed_by_key_or_number(client, counter, form):
    auth = basic(counter["officer"])
    code = post_json(client, "/api/v1/dossiers", body(counter), auth).json()["code"]

    response = client.get(f"/api/v1/dossiers/{code}/forms/{form}.pdf", **auth)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="{code}-mau-01.pdf"' in response["Content-Disposition"]


def test_a_form_the_dossier_has_not_earned_is_not_found(client):
    dossier = DossierFactory(received=True)
    auth = basic(dossier.received_by)

    refusal = client.get(f"/api/v1/dossiers/{dossier.code}/forms/refusal.pdf", **auth)
    unknown = client.get(f"/api/v1/dossiers/{dossier.code}/forms/99.pdf", **auth)

    assert refusal.status_code == 404
    assert refusal.json()["detail"].startswith("Không thể in mẫu “refusal”")
    assert unknown.status_code == 404


def test_forms_of_another_agencys_dossier_are_not_found(client):
    dossier = DossierFactory(received=True)
    outsider = desk("000.00.26.H39")[1]

    response = client.get(
        f"/api/v1/dossiers/{dossier.code}/forms/receipt.pdf",
        HTTP_ACCEPT="application/pdf",
        **basic(outsider),
    )

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


# Schema


def test_schema_passes_strict_validation(tmp_path):
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
    )

    assert (
        "/api/v1/dossiers/{code}/supplement-request"
        in (tmp_path / "schema.yaml").read_text()
    )


def test_schema_documents_the_dossier_operations_and_their_errors(client):
    schema = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    paths = schema["paths"]

    create = paths["/api/v1/dossiers"]["post"]
    assert set(create["requestBody"]["content"]) == {
        "application/json",
        "multipart/form-data",
    }
    assert {"201", "400", "401", "403"} <= set(create["responses"])
    for action in ("supplement-request", "refusal"):
        responses = paths[f"/api/v1/dossiers/{{code}}/{action}"]["post"]["responses"]
        assert {"200", "400", "401", "403", "404", "409"} <= set(responses)
    form = paths["/api/v1/dossiers/{code}/forms/{form}.pdf"]["get"]
    assert "application/pdf" in form["responses"]["200"]["content"]
    tracking = paths["/api/v1/tracking/{code}"]["get"]
    assert {"200", "400", "404", "429"} <= set(tracking["responses"])
    assert not tracking.get("security")
    assert create.get("security")


def test_reading_a_dossier_takes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    dossier = DossierFactory(in_progress=True)
    specialist = staff_member(dossier.handling_agency, Role.SPECIALIST)
    client.force_login(specialist)

    # the session, the user, the dossier, its five related lists, its rating
    with django_assert_max_num_queries(9):
        response = client.get(f"/api/v1/dossiers/{dossier.code}")

    assert response.status_code == 200
