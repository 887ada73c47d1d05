import re

import pytest

from motcua.accounts.tests.factories import AgencyFactory
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return re.findall(r'class="result__code">([\d.]+)<', response.content.decode())


@pytest.mark.parametrize(
    "query",
    ["dang ky khai sinh", "Đăng ký khai sinh", "khai sinh", "KHAI SINH", "khai si"],
)
def test_search_ignores_case_and_diacritics_and_matches_word_prefixes(
    client, catalog, query
):
    response = client.get("/", {"q": query})
    assert response.status_code == 200
    assert codes(response) == ["1.001193"]


def test_search_by_national_code(client, catalog):
    assert codes(client.get("/", {"q": "1.000894"})) == ["1.000894"]


def test_a_search_that_finds_nothing_says_so(client, catalog):
    response = client.get("/", {"q": "giay phep xay dung"})
    assert codes(response) == []
    assert "Không có thủ tục nào phù hợp" in response.content.decode()


def test_without_criteria_the_home_lists_every_procedure_in_force(client, catalog):
    assert codes(client.get("/")) == ["1.000894", "1.001193", "2.000815"]


def test_filters_by_level_field_and_online_level(client, catalog):
    assert codes(client.get("/", {"level": "district"})) == ["2.000815"]
    assert codes(client.get("/", {"field": "HOTICH"})) == ["1.000894", "1.001193"]
    assert codes(client.get("/", {"online_level": "full"})) == ["1.000894"]
    assert codes(client.get("/", {"field": "HOTICH", "online_level": "partial"})) == [
        "1.001193"
    ]


def test_filters_by_agency_code_or_by_a_name_that_matches_one_agency(client, db):
    AgencyFactory(
        code="000.00.07.H39",
        name="Sở Tư pháp tỉnh Long An",
        function="dept_justice",
        kind="department",
    )
    published_procedure(birth_registration_spec(agency_functions=["commune_pc"]))
    published_procedure(
        birth_registration_spec(
            code="2.000488",
            name="Cấp Phiếu lý lịch tư pháp",
            level="province",
            agency_functions=["dept_justice"],
        )
    )
    assert codes(client.get("/", {"agency": "000.00.07.H39"})) == ["2.000488"]
    response = client.get("/", {"agency": "so tu phap"})
    assert codes(response) == ["2.000488"]
    assert "Sở Tư pháp tỉnh Long An" in response.content.decode()


def test_a_name_matching_several_agencies_offers_a_choice(client, db):
    AgencyFactory(name="Ủy ban nhân dân xã Tân Hòa")
    AgencyFactory(name="Ủy ban nhân dân xã Tân Lập")
    published_procedure()
    body = client.get("/", {"agency": "uy ban"}).content.decode()
    assert "Có nhiều cơ quan phù hợp" in body
    assert "Ủy ban nhân dân xã Tân Hòa" in body
    assert "Ủy ban nhân dân xã Tân Lập" in body


def test_field_counts_cover_the_filtered_procedures_and_link_to_a_field(
    client, catalog
):
    body = client.get("/", {"q": "dang ky"}).content.decode()
    assert re.search(
        r'href="\?q=dang\+ky&amp;field=HOTICH">Hộ tịch <span class="count">2<', body
    )
    assert (
        "CHUNGTHUC"
        not in re.search(r'<ul class="field-counts__list">.*?</ul>', body, re.S)[0]
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"level": "galaxy"}, "Không có cấp thực hiện “galaxy”"),
        ({"field": "NOPE"}, "Không có lĩnh vực “NOPE”"),
        ({"online_level": "4"}, "Không có mức độ trực tuyến “4”"),
        ({"agency": "zzzz"}, "Không có cơ quan nào phù hợp với “zzzz”"),
        ({"page": "abc"}, "“abc” không phải là số trang"),
        ({"page": "0"}, "Không có trang 0"),
        ({"page": "99"}, "Không có trang 99"),
        ({"q": "x" * 201}, "quá dài"),
    ],
)
def test_a_bad_parameter_is_reported_and_ignored(client, catalog, params, message):
    response = client.get("/", params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert codes(response) == ["1.000894", "1.001193", "2.000815"]


def test_results_are_paginated_twenty_to_a_page(client, db):
    published_procedure()
    for number in range(1, 25):
        published_procedure(
            birth_registration_spec(code=f"1.{number:06d}", name=f"Thủ tục số {number}")
        )
    first = client.get("/")
    assert len(codes(first)) == 20
    assert "25 thủ tục" in first.content.decode()
    second = client.get("/", {"page": "2"})
    assert codes(second) == [
        "1.000021",
        "1.000022",
        "1.000023",
        "1.000024",
        "1.001193",
    ]
    last = client.get("/", {"page": "7"})
    assert codes(last) == codes(second)


def test_an_htmx_request_gets_only_the_results_and_a_clean_address(client, catalog):
    response = client.get(
        "/", {"q": "khai sinh", "level": "", "field": ""}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert codes(response) == ["1.001193"]
    assert 'hx-swap-oob="true"' in body
    assert response["HX-Push-Url"] == "/?q=khai+sinh"
    assert "HX-Request" in response["Vary"]


def test_a_full_page_comes_back_when_htmx_restores_history(client, catalog):
    response = client.get(
        "/",
        {"q": "khai"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()


def test_the_catalog_page_runs_a_fixed_number_of_queries(
    client, catalog, django_assert_max_num_queries
):
    for number in range(1, 30):
        published_procedure(
            birth_registration_spec(code=f"1.{number:06d}", name=f"Thủ tục số {number}")
        )
    # levels, fields, count, page, counts per field: not one query per row.
    with django_assert_max_num_queries(5):
        response = client.get(
            "/", {"q": "thu tuc", "level": "commune", "field": "HOTICH"}
        )
    assert len(codes(response)) == 20
    # An agency costs one more query, to look its code up.
    agency = AgencyFactory()
    with django_assert_max_num_queries(6):
        client.get("/", {"agency": agency.code, "page": "2"})


def test_agency_suggestions_are_datalist_options(client, db):
    AgencyFactory(code="000.00.07.H39", name="Sở Tư pháp tỉnh Long An")
    body = client.get("/co-quan/goi-y/", {"agency": "tu phap"}).content.decode()
    assert '<option value="000.00.07.H39">Sở Tư pháp tỉnh Long An</option>' in body
    assert client.get("/co-quan/goi-y/", {"agency": "t"}).content.strip() == b""


def test_the_page_is_vietnamese_by_default_and_english_on_request(client, catalog):
    body = client.get("/").content.decode()
    assert '<html lang="vi">' in body
    assert "Cổng Dịch vụ công tỉnh Long An" in body
    assert "Thủ tục hành chính" in body

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/?q=khai"})
    assert response.status_code == 302
    assert response["Location"] == "/?q=khai"
    body = client.get("/?q=khai").content.decode()
    assert '<html lang="en">' in body
    assert "Public Service Portal of Long An Province" in body
    assert "Administrative procedures" in body


def test_the_site_name_setting_overrides_the_default(client, catalog, settings):
    settings.MOTCUA_SITE_NAME = "Cổng Dịch vụ công tỉnh Tây Ninh"
    body = client.get("/").content.decode()
    assert "Cổng Dịch vụ công tỉnh Tây Ninh" in body
    assert "Long An" not in body
