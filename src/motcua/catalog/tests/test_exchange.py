from datetime import date
from decimal import Decimal

from django.utils import translation

import pytest

from motcua.accounts.tests.factories import AgencyFactory, levels
from motcua.catalog.domain import VersionAction, VersionStatus
from motcua.catalog.exchange.importing import import_file
from motcua.catalog.exchange.validation import ImportFailed
from motcua.catalog.models import (
    ChannelOption,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
)
from motcua.catalog.services import Decision

from .exchange_data import as_json, national_record, second_national_record
from .factories import FieldFactory, birth_registration_spec, published_procedure

pytestmark = pytest.mark.django_db

DECISION = Decision(
    effective_from=date(2025, 7, 1), number="1234/QĐ-UBND", issuer="UBND tỉnh"
)


def catalog_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Field,
            Procedure,
            ProcedureVersion,
            RequiredDocument,
            ChannelOption,
            Fee,
        )
    }


@pytest.fixture(autouse=True)
def _levels_and_english():
    levels()
    with translation.override("en"):
        yield


def test_national_json_import_publishes_every_procedure_under_the_decision():
    # given
    content = as_json([national_record(), second_national_record()])

    # when
    result = import_file(content, decision=DECISION)

    # then
    assert (result.created, result.amended, result.fields_created) == (2, 0, 2)
    version = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert version.status == VersionStatus.PUBLISHED
    assert (version.number, version.action) == (1, VersionAction.PUBLISH)
    assert version.effective_from == date(2025, 7, 1)
    assert version.decision_number == "1234/QĐ-UBND"
    assert (version.level.code, version.field.code) == ("commune", "HOTICH")
    assert version.steps == "Bước 1: Nộp hồ sơ\nBước 2: Trả kết quả"
    assert version.legal_basis == [
        {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "date": "2014-11-20"}
    ]
    assert version.results == ["Giấy khai sinh"]
    assert version.implementing_agency == "Ủy ban nhân dân cấp xã"
    desk = version.channels.get(channel="desk")
    assert (desk.time_unit, desk.cutoff_hour) == ("same_day", 15)
    assert [(f.name, f.amount) for f in desk.fees.all()] == [
        ("Lệ phí đăng ký khai sinh", 8000)
    ]
    documents = list(version.documents.all())
    assert [(d.name, d.required, d.condition) for d in documents] == [
        ("Tờ khai đăng ký khai sinh theo mẫu", True, ""),
        ("Văn bản xác nhận của cơ sở y tế", False, "Trẻ em sinh ra do mang thai hộ"),
    ]
    assert documents[0].form_name == "to-khai-dang-ky-khai-sinh"
    judicial = ProcedureVersion.objects.get(procedure__code="2.000488")
    postal = judicial.channels.get()
    assert (postal.channel, postal.time_amount, postal.time_unit) == (
        "postal",
        Decimal("10"),
        "working_days",
    )
    assert judicial.postal is True
    assert Field.objects.get(code="LYLICHTUPHAP").name == "Lý lịch tư pháp"


def test_result_wrapper_of_the_national_service_is_accepted():
    content = as_json({"error_code": 0, "result": [national_record()]})

    result = import_file(content, decision=DECISION)

    assert result.created == 1


def test_records_not_published_in_the_national_database_are_skipped():
    content = as_json([national_record(), second_national_record() | {"TRANGTHAI": 0}])

    result = import_file(content, decision=DECISION)

    assert (result.created, result.skipped) == (1, 1)
    assert not Procedure.objects.filter(code="2.000488").exists()


def test_one_bad_record_is_reported_with_its_number_and_nothing_is_saved():
    # given
    published_procedure(birth_registration_spec(code="1.000894"))
    bad = second_national_record()
    bad["CAPTHUCHIEN"] = "Cấp Bộ"
    bad["CACHTHUCTHUCHIEN"][0]["KENH"] = 7
    content = as_json([national_record(), bad, national_record("1.000656")])
    before = catalog_counts()

    # when
    with pytest.raises(ImportFailed) as failure:
        import_file(content, decision=DECISION)

    # then
    assert catalog_counts() == before
    reported = {(e.row, e.code, e.field) for e in failure.value.errors}
    assert reported == {
        (2, "2.000488", "CAPTHUCHIEN"),
        (2, "2.000488", "CACHTHUCTHUCHIEN.KENH"),
    }
    level_error = next(e for e in failure.value.errors if e.field == "CAPTHUCHIEN")
    assert "Cấp Bộ" in level_error.message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"MATTHC": "1.1193"}, "MATTHC"),
        ({"MATTHC": ""}, "MATTHC"),
        ({"TENTTHC": " "}, "TENTTHC"),
        ({"LINHVUCTHUCHIEN": []}, "LINHVUCTHUCHIEN"),
        ({"CAPTHUCHIEN": None}, "CAPTHUCHIEN"),
        ({"MUCDO": "Mức độ 9"}, "MUCDO"),
        (
            {"CANCUPHAPLY": [{"SOVANBAN": "1", "NGAYBANHANH": "31/02/2020"}]},
            "CANCUPHAPLY.NGAYBANHANH",
        ),
    ],
)
def test_invalid_record_values_are_named_by_their_national_key(change, field):
    content = as_json([national_record() | change])

    with pytest.raises(ImportFailed) as failure:
        import_file(content, decision=DECISION)

    assert [(e.row, e.field) for e in failure.value.errors] == [(1, field)]
    assert not Procedure.objects.exists()


@pytest.mark.parametrize(
    ("time", "field"),
    [
        ({"DONVITINH": "Tháng"}, "CACHTHUCTHUCHIEN.THOIGIAN.DONVITINH"),
        ({"THOIGIANGIAIQUYET": -1}, "CACHTHUCTHUCHIEN.THOIGIAN.THOIGIANGIAIQUYET"),
        ({"THOIGIANGIAIQUYET": "năm"}, "CACHTHUCTHUCHIEN.THOIGIAN.THOIGIANGIAIQUYET"),
        ({"PHILEPHI": [{"MOTA": "Phí", "SOTIEN": -5}]}, "PHILEPHI.SOTIEN"),
        ({"PHILEPHI": [{"MOTA": "Phí", "SOTIEN": 1.5}]}, "PHILEPHI.SOTIEN"),
        (
            {"PHILEPHI": [{"MOTA": "Phí", "SOTIEN": 5, "DONVI": "USD"}]},
            "PHILEPHI.DONVI",
        ),
    ],
)
def test_invalid_times_and_fees_are_reported(time, field):
    record = national_record()
    record["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0].update(time)

    with pytest.raises(ImportFailed) as failure:
        import_file(as_json([record]), decision=DECISION)

    assert [(e.row, e.field) for e in failure.value.errors] == [(1, field)]


def test_a_code_given_twice_is_reported_at_its_second_record():
    content = as_json([national_record(), second_national_record(), national_record()])

    with pytest.raises(ImportFailed) as failure:
        import_file(content, decision=DECISION)

    (error,) = failure.value.errors
    assert (error.row, error.code, error.field) == (3, "1.001193", "MATTHC")
    assert "1" in error.message  # names the first record


def test_a_field_neither_in_the_catalog_nor_named_is_reported():
    record = national_record(LINHVUCTHUCHIEN=[{"MALINHVUC": "MOI"}])

    with pytest.raises(ImportFailed) as failure:
        import_file(as_json([record]), decision=DECISION)

    assert {e.field for e in failure.value.errors} == {"LINHVUCTHUCHIEN.TENLINHVUC"}


def test_a_known_code_gets_a_second_version_published_as_an_amendment():
    # given
    published_procedure(effective_from=date(2025, 1, 1))
    record = national_record(TENTTHC="Đăng ký khai sinh (sửa đổi)")

    # when
    result = import_file(as_json([record]), decision=DECISION)

    # then
    assert (result.created, result.amended) == (0, 1)
    first, second = ProcedureVersion.objects.order_by("number")
    assert (second.number, second.action, second.name) == (
        2,
        VersionAction.AMEND,
        "Đăng ký khai sinh (sửa đổi)",
    )
    assert second.effective_from == date(2025, 7, 1)
    first.refresh_from_db()
    assert first.effective_to == date(2025, 7, 1)


def test_an_amendment_not_after_the_current_version_is_refused_and_nothing_saved():
    # given
    published_procedure(effective_from=date(2025, 7, 1))
    before = catalog_counts()
    content = as_json([second_national_record(), national_record(TENTTHC="Mới")])

    # when
    with pytest.raises(ImportFailed) as failure:
        import_file(content, decision=DECISION)

    # then
    (error,) = failure.value.errors
    assert (error.row, error.code) == (2, "1.001193")
    assert "01/07/2025" in error.message
    assert catalog_counts() == before


def test_a_record_equal_to_the_version_in_force_writes_nothing(tmp_path):
    import_file(as_json([national_record()]), decision=DECISION)
    before = catalog_counts()

    result = import_file(
        as_json([national_record()]),
        decision=Decision(effective_from=date(2026, 1, 1), number="2/QĐ"),
    )

    assert (result.created, result.amended, result.unchanged) == (0, 0, 1)
    assert catalog_counts() == before


def test_implementing_agencies_are_linked_by_their_identifier():
    agency = AgencyFactory(code="000.00.31.H39", function="")
    record = national_record(
        COQUANTHUCHIEN=[{"MADONVI": "000.00.31.H39", "TENDONVI": agency.name}]
    )

    import_file(as_json([record]), decision=DECISION)

    version = ProcedureVersion.objects.get()
    assert list(version.agencies.all()) == [agency]
    assert version.implementing_agency == agency.name


def test_the_seed_shape_is_read_too():
    FieldFactory(code="HOTICH", name="Hộ tịch")
    data = {
        "fields": [{"code": "CHUNGTHUC", "name": "Chứng thực"}],
        "procedures": [
            {
                "code": "2.000815",
                "name": "Chứng thực bản sao từ bản chính",
                "level": "commune",
                "field": "CHUNGTHUC",
                "channels": [
                    {
                        "channel": "desk",
                        "time_amount": 0,
                        "time_unit": "same_day",
                        "cutoff_hour": 15,
                        "fees": [{"name": "Phí chứng thực", "amount": 2000}],
                    }
                ],
                "documents": [{"name": "Bản chính", "originals": 1, "form": None}],
            }
        ],
    }

    result = import_file(as_json(data), decision=DECISION)

    assert (result.created, result.fields_created) == (1, 1)
    assert Fee.objects.get().amount == 2000


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b'{"MATTHC": ', "line 1"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"PK\x03\x04 not really a zip", "Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls"),
        (b'{"something": "else"}', "list"),
        (b"[]", "no procedure"),
        (b"[1, 2]", "JSON object"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_reason(content, words):
    with pytest.raises(ImportFailed) as failure:
        import_file(content, decision=DECISION)

    assert words in str(failure.value)


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr("motcua.catalog.exchange.importing.MAX_UPLOAD_BYTES", 10)

    with pytest.raises(ImportFailed, match="larger than"):
        import_file(as_json([national_record()]), decision=DECISION)
