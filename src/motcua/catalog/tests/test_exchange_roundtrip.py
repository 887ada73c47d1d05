"""Export then import gives back the same catalog, in both formats."""

import json
from datetime import date
from pathlib import Path

import pytest

from motcua.accounts.tests.factories import levels
from motcua.catalog.exchange.exporting import export_catalog, records_in_force
from motcua.catalog.exchange.importing import import_file, read_seed_shape
from motcua.catalog.models import Field, Procedure
from motcua.catalog.services import Decision

from .factories import birth_registration_spec, published_procedure

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "seed" / "procedures.json"
TODAY = date(2025, 8, 1)


def rich_catalog():
    """Two procedures that use every attribute the catalog keeps."""
    levels()
    published_procedure(field_name="Hộ tịch")
    spec = birth_registration_spec(
        code="2.000488",
        name="Cấp Phiếu lý lịch tư pháp = số 1",  # "=" must stay text in Excel
        level="province",
        field="LYLICHTUPHAP",
        agency_functions=["dept_justice", "service_centre"],
        documents=[
            {"name": "Tờ khai", "originals": 1, "form_name": "to-khai-lltp"},
            {
                "name": "Văn bản ủy quyền",
                "copies": 2,
                "required": False,
                "condition": "Khi ủy quyền",
            },
        ],
        channels=[
            {
                "channel": "postal",
                "time_amount": "10.5",
                "time_unit": "working_days",
                "time_text": "10 ngày làm việc; 15 ngày nếu phải xác minh",
                "fees": [
                    {
                        "name": "Phí cấp Phiếu",
                        "amount": 200000,
                        "description": "Mỗi lần, mỗi người",
                        "exemptions": "Trẻ em; người cao tuổi",
                    },
                    {"name": "Phí cấp thêm", "amount": 5000},
                ],
            },
            {"channel": "online", "time_amount": 4, "time_unit": "working_hours"},
        ],
    )
    spec.attributes |= {
        "deciding_authority": "Giám đốc Sở Tư pháp",
        "conditions": "Không",
        "boundary_free": True,
        "online_level": "full",
        "source": "https://dichvucong.gov.vn",
        "steps": "Bước 1: Nộp\n\nBước 2: Nhận",
    }
    published_procedure(spec, field_name="Lý lịch tư pháp")


def wipe_catalog():
    Procedure.objects.all().delete()
    Field.objects.all().delete()


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_export_imports_back_into_an_empty_catalog_unchanged(kind):
    # given
    rich_catalog()
    before = records_in_force(TODAY)
    exported = export_catalog(kind, on=TODAY)
    wipe_catalog()

    # when
    result = import_file(
        exported.content, decision=Decision(effective_from=date(2025, 7, 1))
    )

    # then
    assert (result.created, result.fields_created) == (2, 2)
    assert records_in_force(TODAY) == before
    assert dict(Field.objects.values_list("code", "name")) == {
        "HOTICH": "Hộ tịch",
        "LYLICHTUPHAP": "Lý lịch tư pháp",
    }


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_the_seed_catalog_survives_a_round_trip(kind):
    # given
    levels()
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    parsed = read_seed_shape(seed)
    assert parsed.errors == []
    content = json.dumps(seed, ensure_ascii=False).encode()
    import_file(content, decision=Decision(effective_from=date(2025, 7, 1)))
    before = records_in_force(TODAY)
    exported = export_catalog(kind, on=TODAY)
    wipe_catalog()

    # when
    import_file(exported.content, decision=Decision(effective_from=date(2025, 7, 1)))

    # then
    assert len(before) == len(seed["procedures"])
    assert records_in_force(TODAY) == before


def test_json_export_has_the_national_shape():
    rich_catalog()

    data = json.loads(export_catalog("json", on=TODAY).content)

    judicial = next(item for item in data if item["MATTHC"] == "2.000488")
    assert judicial["TENTTHC"] == "Cấp Phiếu lý lịch tư pháp = số 1"
    assert judicial["CAPTHUCHIEN"] == "Cấp tỉnh"
    assert judicial["LINHVUCTHUCHIEN"] == [
        {"MALINHVUC": "LYLICHTUPHAP", "TENLINHVUC": "Lý lịch tư pháp"}
    ]
    postal = judicial["CACHTHUCTHUCHIEN"][1]
    assert postal["KENH"] == 3
    assert postal["THOIGIAN"][0]["THOIGIANGIAIQUYET"] == 10.5
    assert postal["THOIGIAN"][0]["DONVITINH"] == "Ngày làm việc"
    assert postal["THOIGIAN"][0]["PHILEPHI"][0]["SOTIEN"] == 200000
    assert [case["TRUONGHOP"] for case in judicial["THANHPHANHOSO"]] == [
        "",
        "Khi ủy quyền",
    ]
    assert judicial["CANCUPHAPLY"][0]["NGAYBANHANH"] == "20/11/2014"
    assert judicial["TRANGTHAI"] == 1


def test_only_versions_in_force_are_exported():
    levels()
    published_procedure(effective_from=date(2026, 1, 1))

    assert json.loads(export_catalog("json", on=TODAY).content) == []
