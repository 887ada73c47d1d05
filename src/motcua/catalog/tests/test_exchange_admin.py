"""The import and export pages of the procedure admin (``catalog/admin.py``)."""

import io
from datetime import date

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest
from openpyxl import load_workbook

from motcua.accounts.tests.factories import levels
from motcua.catalog.models import Procedure, ProcedureVersion

from .exchange_data import as_json, national_record, second_national_record
from .factories import published_procedure

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:catalog_procedure_import"
EXPORT_URL = "admin:catalog_procedure_export"


@pytest.fixture(autouse=True)
def _levels_and_english(admin_client):
    levels()
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    with translation.override("en"):
        yield


def upload(content: bytes, name="thu-tuc.json", **fields) -> dict:
    return {
        "file": SimpleUploadedFile(name, content),
        "effective_from": "01/07/2025",
        "decision_number": "1872/QĐ-UBND",
        **fields,
    }


def test_the_import_page_shows_the_form(admin_client):
    response = admin_client.get(reverse(IMPORT_URL))

    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert b"decision_number" in response.content


def test_the_procedure_list_links_to_import_and_export(admin_client):
    response = admin_client.get(reverse("admin:catalog_procedure_changelist"))

    assert reverse(IMPORT_URL).encode() in response.content
    assert reverse(EXPORT_URL).encode() in response.content


def test_a_bad_file_shows_every_row_error_and_saves_nothing(admin_client):
    bad = second_national_record()
    bad["CAPTHUCHIEN"] = "Cấp Bộ"
    content = as_json([national_record(), bad])

    response = admin_client.post(reverse(IMPORT_URL), upload(content))

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="import-errors"' in page
    assert "CAPTHUCHIEN" in page
    assert "Cấp Bộ" in page
    assert "2.000488" in page
    assert not Procedure.objects.exists()


def test_a_good_file_is_imported_and_redirects_with_a_message(admin_client):
    content = as_json([national_record(), second_national_record()])

    response = admin_client.post(reverse(IMPORT_URL), upload(content))

    assert response.status_code == 302
    assert response.url == reverse("admin:catalog_procedure_changelist")
    (message,) = get_messages(response.wsgi_request)
    assert "2 new procedures" in str(message)
    versions = ProcedureVersion.objects.all()
    assert {v.decision_number for v in versions} == {"1872/QĐ-UBND"}
    assert {v.effective_from for v in versions} == {date(2025, 7, 1)}


def test_the_import_form_requires_a_decision_and_a_real_date(admin_client):
    data = upload(as_json([national_record()]), effective_from="31/02/2025")
    data["decision_number"] = ""

    response = admin_client.post(reverse(IMPORT_URL), data)

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "effective_from",
        "decision_number",
    }
    assert not Procedure.objects.exists()


def test_staff_without_catalog_rights_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("canbo", password="x", is_staff=True)
    client.force_login(user)

    response = client.get(reverse(IMPORT_URL))

    assert response.status_code == 403


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_export_downloads_the_versions_in_force(admin_client, kind):
    published_procedure(effective_from=date(2020, 1, 1))

    response = admin_client.get(reverse(EXPORT_URL), {"format": kind})

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if kind == "json":
        assert response.json()[0]["MATTHC"] == "1.001193"
    else:
        book = load_workbook(io.BytesIO(response.content))
        assert book["ThuTuc"]["A3"].value == "1.001193"


def test_the_export_page_offers_both_formats(admin_client):
    response = admin_client.get(reverse(EXPORT_URL))

    assert response.status_code == 200
    assert b"?format=json" in response.content
    assert b"?format=xlsx" in response.content


def test_an_unknown_export_format_is_a_clear_400(admin_client):
    response = admin_client.get(reverse(EXPORT_URL), {"format": "csv"})

    assert response.status_code == 400
    assert "“csv” is not an export format" in response.content.decode()
