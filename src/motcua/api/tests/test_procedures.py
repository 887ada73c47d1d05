from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

import pytest

from motcua.catalog.domain import VersionAction
from motcua.catalog.services import (
    Decision,
    abolish_procedure,
    create_draft,
    draft_amendment,
    publish_version,
    replace_procedure,
)
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure

LIST = "/api/v1/procedures"
BIRTH = "/api/v1/procedures/1.001193"


def codes(response):
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_list_is_a_page_of_procedures_in_force_ordered_by_code(client, catalog):
    response = client.get(LIST)

    body = response.json()
    assert body["count"] == 3
    assert body["next"] is None
    assert body["previous"] is None
    assert codes(response) == ["1.001193", "2.000505", "2.000815"]


def test_list_row_names_level_field_and_both_urls(client, catalog):
    row = client.get(LIST, {"search": "khai sinh"}).json()["results"][0]

    assert row == {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "level": "commune",
        "level_name": "Cấp xã",
        "field": "HOTICH",
        "field_name": "Hộ tịch",
        "online_level": "partial",
        "online_level_name": row["online_level_name"],
        "url": "http://testserver/api/v1/procedures/1.001193",
        "portal_url": "/thu-tuc/1.001193/",
    }
    assert row["online_level_name"]


@pytest.mark.parametrize(
    "query", ["dang ky khai sinh", "Đăng ký khai sinh", "khai sinh", "KHAI", "1.001193"]
)
def test_search_ignores_case_and_diacritics_and_matches_word_prefixes(
    client, catalog, query
):
    assert codes(client.get(LIST, {"search": query})) == ["1.001193"]


def test_search_needs_every_word_to_begin_a_word(client, catalog):
    assert codes(client.get(LIST, {"search": "hai sinh"})) == []
    assert codes(client.get(LIST, {"search": "khai tu"})) == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "commune"}, ["1.001193"]),
        ({"level": "province"}, ["2.000505"]),
        ({"field": "CHUNGTHUC"}, ["2.000815"]),
        ({"online_level": "full"}, ["2.000505", "2.000815"]),
        ({"online_level": "none"}, []),
        ({"agency": "000.00.02.H39"}, ["2.000505"]),
        ({"agency": "000.01.15.H39"}, ["1.001193"]),
        ({"level": "district", "online_level": "full"}, ["2.000815"]),
        (
            {"level": "", "field": "", "online_level": ""},
            ["1.001193", "2.000505", "2.000815"],
        ),
    ],
)
def test_list_filters_combine(client, catalog, params, expected):
    assert codes(client.get(LIST, params)) == expected


def test_list_pages_through_the_results(client, catalog):
    first = client.get(LIST, {"page_size": 2}).json()
    second = client.get(LIST, {"page_size": 2, "page": 2}).json()

    assert [row["code"] for row in first["results"]] == ["1.001193", "2.000505"]
    assert first["next"] == "http://testserver/api/v1/procedures?page=2&page_size=2"
    assert [row["code"] for row in second["results"]] == ["2.000815"]
    assert second["next"] is None


def test_a_page_past_the_end_is_a_json_404(client, catalog):
    response = client.get(LIST, {"page": 9})

    assert response.status_code == 404
    assert response.json() == {"detail": "Không có trang 9."}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"level": "abc"}, "level"),
        ({"field": "NOFIELD"}, "field"),
        ({"agency": "999.99.99.H99"}, "agency"),
        ({"online_level": "maybe"}, "online_level"),
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page": "abc"}, "page"),
        ({"page": "-1"}, "page"),
        ({"on": "2025-02-30"}, "on"),
        ({"on": "31/12/2025"}, "on"),
        ({"search": "khai " * 50}, "search"),
        ({"level": "a\x00b"}, "level"),
        ({"field": "x" * 41}, "field"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(
    client, catalog, params, parameter
):
    response = client.get(LIST, params)

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Yêu cầu không hợp lệ."
    assert list(body["errors"]) == [parameter]
    assert all(isinstance(message, str) for message in body["errors"][parameter])


def test_errors_are_vietnamese_by_default_and_english_on_request(client, catalog):
    vietnamese = client.get(LIST, {"level": "abc", "page_size": "x"}).json()
    english = client.get(
        LIST, {"level": "abc", "page_size": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()

    assert vietnamese == {
        "detail": "Yêu cầu không hợp lệ.",
        "errors": {"level": ["Không có cấp “abc”."]},
    }
    assert english == {
        "detail": "Invalid request.",
        "errors": {"level": ["There is no level “abc”."]},
    }
    assert client.get(LIST, {"page_size": "x"}).json()["errors"] == {
        "page_size": ["Hãy nhập một số nguyên."]
    }
    assert client.get(
        LIST, {"online_level": "maybe"}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()["errors"] == {
        "online_level": ["“maybe” is not an online level; use full, partial or none."]
    }


def test_list_does_not_query_per_row(client, catalog, django_assert_max_num_queries):
    for number in range(20):
        published_procedure(
            birth_registration_spec(
                code=f"1.{900000 + number}", name=f"Thủ tục {number}"
            )
        )

    # Three checks of the filter codes, the count and the page.
    with django_assert_max_num_queries(5):
        response = client.get(
            LIST,
            {
                "level": "commune",
                "field": "HOTICH",
                "agency": "000.01.15.H39",
                "page_size": 100,
            },
        )
    assert response.json()["count"] == 21
    with django_assert_max_num_queries(2):
        assert client.get(LIST, {"page_size": 100}).json()["count"] == 23


def test_detail_gives_every_attribute_of_the_version_in_force(client, catalog):
    response = client.get(BIRTH)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "1.001193"
    assert body["name"] == "Đăng ký khai sinh"
    assert body["level"] == "commune"
    assert body["field"] == {"code": "HOTICH", "name": "Hộ tịch"}
    assert body["version"] == {
        "number": 1,
        "action": "publish",
        "action_name": body["version"]["action_name"],
        "decision_number": "1872/QĐ-BTP",
        "decision_date": None,
        "decision_issuer": "",
        "effective_from": "2025-07-01",
        "effective_to": None,
    }
    assert body["implementing_agency"] == "Ủy ban nhân dân cấp xã"
    assert body["agencies"] == [
        {
            "code": "000.01.15.H39",
            "name": "Ủy ban nhân dân xã Tân Phước",
            "url": "http://testserver/api/v1/agencies/000.01.15.H39",
        }
    ]
    assert body["subjects"] == "Cá nhân"
    assert body["steps"].startswith("Bước 1")
    assert body["legal_basis"] == [
        {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "date": "2014-11-20"}
    ]
    assert body["results"] == ["Giấy khai sinh (bản chính)"]
    assert body["online_level"] == "partial"
    assert (body["postal"], body["boundary_free"], body["on_the_spot"]) == (
        True,
        False,
        True,
    )
    assert body["replaced_by"] is None
    assert body["portal_url"] == "/thu-tuc/1.001193/"


def test_detail_lists_channels_with_time_and_fees_in_whole_dong(client, catalog):
    channels = client.get(BIRTH).json()["channels"]

    desk, online = channels
    assert {
        key: desk[key] for key in desk if key not in ("channel_name", "time_unit_name")
    } == {
        "channel": "desk",
        "channel_number": 1,
        "time_amount": 0.0,
        "time_unit": "same_day",
        "cutoff_hour": 15,
        "time_text": "",
        "fees": [
            {
                "name": "Lệ phí đăng ký khai sinh",
                "amount": 8000,
                "description": "",
                "exemptions": "",
            }
        ],
    }
    assert (online["channel"], online["channel_number"], online["fees"]) == (
        "online",
        2,
        [],
    )


def test_detail_links_form_templates_to_the_portals_download(client, catalog):
    document = catalog["birth"].documents.get(position=1)
    document.form_name = "Tờ khai đăng ký khai sinh"
    document.form_file.save("to-khai.pdf", ContentFile(b"%PDF-1.4 mau"), save=True)

    documents = client.get(BIRTH).json()["documents"]

    assert documents[0] == {
        "name": "Tờ khai đăng ký khai sinh theo mẫu",
        "originals": 1,
        "copies": 0,
        "required": True,
        "condition": "",
        "form_name": "Tờ khai đăng ký khai sinh",
        "form_url": f"http://testserver/thu-tuc/1.001193/mau/{document.pk}/",
    }
    assert documents[1]["form_url"] is None
    download = client.get(documents[0]["form_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 mau"


def test_detail_reads_in_a_fixed_number_of_queries(
    client, catalog, django_assert_max_num_queries
):
    for document in catalog["birth"].documents.all():
        document.form_file.save("mau.pdf", ContentFile(b"%PDF-1.4"), save=True)

    # The version, its documents, channels, fees, agencies and their units.
    with django_assert_max_num_queries(6):
        assert client.get(BIRTH).status_code == 200


def test_detail_accepts_a_trailing_slash_and_list_too(client, catalog):
    assert client.get(BIRTH + "/").json()["code"] == "1.001193"
    assert client.get(LIST + "/").json()["count"] == 3


def test_unknown_code_is_a_json_404_in_the_clients_language(client, catalog):
    today = timezone.localdate().strftime("%d/%m/%Y")

    vietnamese = client.get("/api/v1/procedures/9.999999")
    english = client.get("/api/v1/procedures/9.999999", HTTP_ACCEPT_LANGUAGE="en")

    assert vietnamese.status_code == english.status_code == 404
    assert vietnamese["Content-Type"] == "application/json"
    assert vietnamese.json() == {
        "detail": f"Không có thủ tục mã 9.999999 có hiệu lực vào ngày {today}."
    }
    assert english.json() == {
        "detail": f"No procedure with code 9.999999 is in force on {today}."
    }


@pytest.mark.parametrize("code", ["%00", "abc%00def", "1.001193%20OR%201", "x" * 41])
def test_codes_that_cannot_exist_are_a_json_404(client, catalog, code):
    response = client.get(f"/api/v1/procedures/{code}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không có thủ tục nào mang mã này."}


def test_bad_on_date_is_a_400_naming_on(client, catalog):
    response = client.get(BIRTH, {"on": "2025-13-01"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "on": ["Enter a real date as YYYY-MM-DD, for example 2025-12-31."]
    }


@pytest.fixture
def amended(catalog):
    """1.001193 renamed by a second version in force from 1/1/2026."""
    draft = draft_amendment(catalog["birth"].procedure)
    draft.name = "Đăng ký khai sinh (sửa đổi)"
    draft.save()
    return publish_version(
        draft,
        decision=Decision(effective_from=date(2026, 1, 1), number="99/QĐ-BTP"),
        action=VersionAction.AMEND,
    )


def test_on_asks_for_the_version_in_force_on_that_date(client, amended):
    before = client.get(BIRTH, {"on": "2025-12-31"}).json()
    after = client.get(BIRTH, {"on": "2026-01-01"}).json()
    today = client.get(BIRTH).json()

    assert before["name"] == "Đăng ký khai sinh"
    assert before["version"]["number"] == 1
    assert before["version"]["effective_to"] == "2026-01-01"
    assert after["name"] == today["name"] == "Đăng ký khai sinh (sửa đổi)"
    assert today["version"]["number"] == 2
    assert today["version"]["action"] == "amend"
    assert today["version"]["decision_number"] == "99/QĐ-BTP"


def test_list_shows_the_version_in_force_once(client, amended):
    rows = client.get(LIST, {"search": "khai sinh"}).json()["results"]
    old_rows = client.get(LIST, {"search": "khai sinh", "on": "2025-12-31"}).json()[
        "results"
    ]

    assert [(r["code"], r["name"]) for r in rows] == [
        ("1.001193", "Đăng ký khai sinh (sửa đổi)")
    ]
    assert [r["name"] for r in old_rows] == ["Đăng ký khai sinh"]


def test_nothing_is_in_force_before_the_first_version(client, catalog):
    assert client.get(BIRTH, {"on": "2025-06-30"}).status_code == 404
    assert client.get(LIST, {"on": "2025-06-30"}).json()["count"] == 0


def test_abolished_procedures_vanish_from_the_list_and_detail(client, catalog):
    abolish_procedure(
        catalog["birth"].procedure, decision=Decision(effective_from=date(2026, 3, 1))
    )

    assert "1.001193" not in codes(client.get(LIST))
    assert client.get(BIRTH).status_code == 404
    assert "1.001193" in codes(client.get(LIST, {"on": "2026-02-28"}))
    assert client.get(BIRTH, {"on": "2026-02-28"}).status_code == 200


def test_drafts_are_not_public(client, catalog):
    create_draft(birth_registration_spec(code="1.000001", name="Bản nháp"))

    assert "1.000001" not in codes(client.get(LIST))
    assert client.get("/api/v1/procedures/1.000001").status_code == 404


def test_a_replaced_procedure_names_its_successor(client, catalog):
    successor = create_draft(
        birth_registration_spec(code="1.013124", name="Đăng ký khai sinh (liên thông)")
    )
    replace_procedure(
        catalog["birth"].procedure,
        by=successor,
        decision=Decision(effective_from=date(2026, 3, 1)),
    )

    old = client.get(BIRTH, {"on": "2026-02-28"}).json()
    new = client.get("/api/v1/procedures/1.013124").json()

    assert old["replaced_by"] == "1.013124"
    assert new["version"]["action"] == "replace"
    assert "1.001193" not in codes(client.get(LIST))
