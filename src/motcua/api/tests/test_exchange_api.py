import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.accounts.tests.factories import AgencyFactory, UserFactory, levels
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.tests.exchange_data import (
    as_json,
    national_record,
    second_national_record,
)
from motcua.catalog.tests.factories import published_procedure

pytestmark = pytest.mark.django_db

EXPORT = "api:catalog-export"
IMPORT = "api:catalog-import"


@pytest.fixture(autouse=True)
def _levels():
    levels()


def user_with(role: Role):
    user = UserFactory()
    RoleAssignment.objects.create(user=user, agency=AgencyFactory(), role=role.value)
    return user


@pytest.fixture
def administrator_client(client):
    client.force_login(user_with(Role.ADMINISTRATOR))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def upload(content: bytes, name="thu-tuc.json", **fields) -> dict:
    return {
        "file": SimpleUploadedFile(name, content),
        "effective_from": "2025-07-01",
        "decision_number": "1872/QĐ-UBND",
        **fields,
    }


def test_anonymous_clients_are_asked_to_authenticate(client):
    export = client.get(reverse(EXPORT))
    imported = client.post(reverse(IMPORT), upload(as_json([national_record()])))

    assert export.status_code == 401
    assert imported.status_code == 401
    assert "Basic" in export["WWW-Authenticate"]
    assert not Procedure.objects.exists()


def test_a_desk_officer_may_neither_import_nor_export(client):
    client.force_login(user_with(Role.DESK_OFFICER))

    export = client.get(reverse(EXPORT))
    imported = client.post(reverse(IMPORT), upload(as_json([national_record()])))

    assert (export.status_code, imported.status_code) == (403, 403)
    assert "detail" in export.json()
    assert not Procedure.objects.exists()


def test_an_administrator_imports_a_file(administrator_client):
    content = as_json([national_record(), second_national_record()])

    response = administrator_client.post(reverse(IMPORT), upload(content))

    assert response.status_code == 201
    assert response.json() == {
        "created": 2,
        "amended": 0,
        "unchanged": 0,
        "skipped": 0,
        "fields_created": 2,
    }
    assert (
        ProcedureVersion.objects.filter(
            effective_from=date(2025, 7, 1), decision_number="1872/QĐ-UBND"
        ).count()
        == 2
    )


def test_a_superuser_imports_too(admin_client):
    response = admin_client.post(reverse(IMPORT), upload(as_json([national_record()])))

    assert response.status_code == 201


def test_row_errors_come_back_as_400_and_nothing_is_saved(administrator_client):
    bad = second_national_record()
    bad["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["DONVITINH"] = "Tháng"
    content = as_json([national_record(), bad])

    response = administrator_client.post(reverse(IMPORT), upload(content))

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The file was not imported: 1 error."
    (error,) = body["errors"]
    assert error["row"] == 2
    assert error["code"] == "2.000488"
    assert error["field"] == "CACHTHUCTHUCHIEN.THOIGIAN.DONVITINH"
    assert "Tháng" in error["message"]
    assert not Procedure.objects.exists()


def test_missing_form_fields_are_a_400_naming_them(administrator_client):
    response = administrator_client.post(reverse(IMPORT), {"effective_from": "x"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "file",
        "effective_from",
        "decision_number",
    }


def test_an_administrator_exports_json_and_excel(administrator_client):
    published_procedure(effective_from=date(2020, 1, 1))

    as_json_file = administrator_client.get(reverse(EXPORT), {"format": "json"})
    as_excel = administrator_client.get(reverse(EXPORT), {"format": "xlsx"})

    assert as_json_file.status_code == 200
    assert as_json_file.json()[0]["MATTHC"] == "1.001193"
    assert as_excel.status_code == 200
    assert as_excel["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in as_excel["Content-Disposition"]
    book = load_workbook(io.BytesIO(as_excel.content))
    assert book["ThuTuc"]["A3"].value == "1.001193"


def test_an_unknown_export_format_is_a_400_naming_the_parameter(administrator_client):
    response = administrator_client.get(reverse(EXPORT), {"format": "csv"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["format"]


def test_the_exchange_endpoints_are_in_the_schema(client):
    response = client.get(reverse("api:schema"), {"format": "json"})

    paths = response.json()["paths"]
    assert "get" in paths["/api/v1/catalog/export"]
    assert "post" in paths["/api/v1/catalog/import"]
