from datetime import date

import pytest

from motcua.accounts.tests.factories import AgencyFactory, UnitFactory
from motcua.catalog.services import Decision, abolish_procedure
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure


def codes(response):
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_fields_count_the_procedures_in_force(client, catalog):
    published_procedure(
        birth_registration_spec(code="1.001022", name="Đăng ký khai tử")
    )
    abolish_procedure(
        catalog["certification"].procedure,
        decision=Decision(effective_from=date(2026, 3, 1)),
    )

    today = client.get("/api/v1/fields").json()
    before = client.get("/api/v1/fields", {"on": "2026-02-28"}).json()

    assert [(row["code"], row["name"], row["count"]) for row in today] == [
        ("HOTICH", "Hộ tịch", 2),
        ("LYLICHTUPHAP", "Lý lịch tư pháp", 1),
    ]
    assert ("CHUNGTHUC", 1) in [(row["code"], row["count"]) for row in before]
    assert today[0]["procedures_url"] == (
        "http://testserver/api/v1/procedures?field=HOTICH"
    )


def test_field_procedures_url_lists_that_fields_procedures(client, catalog):
    url = client.get("/api/v1/fields").json()[0]["procedures_url"]

    assert codes(client.get(url)) == ["2.000815"]


def test_fields_refuse_a_bad_date(client, catalog):
    response = client.get("/api/v1/fields/", {"on": "hôm nay"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["on"]


def test_fields_read_in_one_query(client, catalog, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/api/v1/fields")


def test_units_list_the_tree_by_code(client, tree):
    response = client.get("/api/v1/units")

    assert codes(response) == ["27898", "27901", "80", "802"]
    row = next(r for r in response.json()["results"] if r["code"] == "27901")
    assert row == {
        "code": "27901",
        "name_with_type": "Xã Tân Phước",
        "url": "http://testserver/api/v1/units/27901",
        "name": "Tân Phước",
        "kind": "xa",
        "level": {"code": "commune", "name": "Cấp xã", "rank": 3},
        "parent": "802",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "district"}, ["802"]),
        ({"parent": "802"}, ["27898", "27901"]),
        ({"parent": "80"}, ["802"]),
        ({"search": "tan thanh"}, ["27898", "802"]),
        ({"search": "Tân Phước"}, ["27901"]),
        ({"search": "thi tran"}, ["27898"]),
        ({"search": "tan", "level": "commune"}, ["27898", "27901"]),
    ],
)
def test_units_filter_and_search_without_diacritics(client, tree, params, expected):
    assert codes(client.get("/api/v1/units", params)) == expected


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"level": "hamlet"}, "level", "Không có cấp “hamlet”."),
        ({"parent": "99999"}, "parent", "Không có đơn vị hành chính “99999”."),
        ({"page_size": "1.5"}, "page_size", "Hãy nhập một số nguyên."),
        ({"page_size": "500"}, "page_size", "Hãy nhập một số không lớn hơn 100."),
    ],
)
def test_units_refuse_unknown_filters(client, tree, params, parameter, message):
    response = client.get("/api/v1/units", params)

    assert response.status_code == 400
    assert response.json()["errors"] == {parameter: [message]}


def test_units_list_does_not_query_per_row(client, tree, django_assert_max_num_queries):
    for number in range(30):
        UnitFactory(code=f"{28000 + number}", parent=tree["district"])

    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/units", {"parent": "802", "page_size": 50})
    assert response.json()["count"] == 32


def test_unit_detail_lists_its_children(client, tree):
    body = client.get("/api/v1/units/802").json()

    assert body["name_with_type"] == "Huyện Tân Thạnh"
    assert body["parent"] == "80"
    assert [child["code"] for child in body["children"]] == ["27898", "27901"]
    assert body["children"][0]["url"] == "http://testserver/api/v1/units/27898"
    assert body["agencies_url"] == "http://testserver/api/v1/agencies?unit=802"
    assert client.get("/api/v1/units/802/").status_code == 200


def test_unknown_unit_is_a_json_404(client, tree):
    response = client.get("/api/v1/units/99999", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no administrative unit with code 99999."
    }
    assert client.get("/api/v1/units/99999").json() == {
        "detail": "Không có đơn vị hành chính mã 99999."
    }


def test_inactive_units_are_hidden(client, tree):
    UnitFactory(code="27904", parent=tree["district"], is_active=False)

    assert "27904" not in codes(client.get("/api/v1/units"))
    assert client.get("/api/v1/units/27904").status_code == 404


def test_agencies_list_by_identifier(client, agencies):
    response = client.get("/api/v1/agencies")

    assert codes(response) == ["000.00.02.H39", "000.00.15.H39", "000.01.15.H39"]
    row = response.json()["results"][0]
    assert row["name"] == "Sở Tư pháp tỉnh Long An"
    assert row["kind"] == "department"
    assert row["kind_name"]
    assert row["function"] == "dept_justice"
    assert row["unit"] == {
        "code": "80",
        "name_with_type": "Tỉnh Long An",
        "url": "http://testserver/api/v1/units/80",
    }
    assert row["parent"] is None
    assert row["address"] == "Số 1 Nguyễn Huệ, Phường 1, Tân An"
    assert row["phone"] == "0272 3826 131"
    assert row["office_hours"]
    assert row["url"] == "http://testserver/api/v1/agencies/000.00.02.H39"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "commune_pc"}, ["000.01.15.H39"]),
        ({"unit": "802"}, ["000.00.15.H39"]),
        ({"search": "uy ban nhan dan"}, ["000.00.15.H39", "000.01.15.H39"]),
        ({"search": "SỞ TƯ PHÁP"}, ["000.00.02.H39"]),
        ({"search": "tan phuoc", "kind": "commune_pc"}, ["000.01.15.H39"]),
    ],
)
def test_agencies_filter_and_search_without_diacritics(
    client, agencies, params, expected
):
    assert codes(client.get("/api/v1/agencies", params)) == expected


def test_agencies_refuse_unknown_kind_and_unit(client, agencies):
    kind = client.get("/api/v1/agencies", {"kind": "ministry"})
    unit = client.get("/api/v1/agencies", {"unit": "99999"}, HTTP_ACCEPT_LANGUAGE="en")

    assert kind.status_code == unit.status_code == 400
    assert kind.json()["errors"] == {"kind": ["“ministry” không phải là loại cơ quan."]}
    assert unit.json()["errors"] == {
        "unit": ["There is no administrative unit “99999”."]
    }


def test_agencies_list_does_not_query_per_row(
    client, agencies, django_assert_max_num_queries
):
    for number in range(30):
        AgencyFactory(code=f"000.{number:02d}.20.H39", parent=agencies["district_pc"])

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/agencies", {"page_size": 100})
    assert response.json()["count"] == 33


def test_agency_detail_accepts_a_dotted_identifier(client, agencies):
    body = client.get("/api/v1/agencies/000.00.02.H39").json()

    assert body["code"] == "000.00.02.H39"
    assert body["name"] == "Sở Tư pháp tỉnh Long An"
    assert client.get("/api/v1/agencies/000.00.02.H39/").status_code == 200


def test_unknown_agency_is_a_json_404(client, agencies):
    response = client.get("/api/v1/agencies/000.00.99.H39")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không có cơ quan mã định danh 000.00.99.H39."}
