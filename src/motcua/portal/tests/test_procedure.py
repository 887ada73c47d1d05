from datetime import date

from django.core.files.base import ContentFile

import pytest

from motcua.accounts.tests.factories import AgencyFactory
from motcua.catalog.services import (
    Decision,
    abolish_procedure,
    create_draft,
    replace_procedure,
)
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_procedure_page_shows_every_attribute_in_the_national_order(client, db):
    published_procedure(
        birth_registration_spec(
            attributes={
                **birth_registration_spec().attributes,
                "deciding_authority": "Chủ tịch Ủy ban nhân dân cấp xã",
                "conditions": "Không",
            }
        ),
        field_name="Hộ tịch",
    )
    response = client.get("/thu-tuc/1.001193/")
    body = response.content.decode()
    assert response.status_code == 200
    headings = [
        "Mã thủ tục",
        "Quyết định công bố",
        "Tên thủ tục",
        "Cấp thực hiện",
        "Lĩnh vực",
        "Trình tự thực hiện",
        "Cách thức thực hiện",
        "Thành phần hồ sơ",
        "Đối tượng thực hiện",
        "Cơ quan thực hiện",
        "Cơ quan có thẩm quyền",
        "Kết quả thực hiện",
        "Căn cứ pháp lý",
        "Yêu cầu, điều kiện thực hiện",
    ]
    positions = [body.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "Bước 1: Nộp hồ sơ" in body
    assert "Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)" in body
    assert "8.000 đ" in body
    assert "60/2014/QH13" in body
    assert "20/11/2014" in body
    assert "1872/QĐ-BTP" in body
    assert "Có hiệu lực từ 01/07/2025" in body
    assert "Giấy khai sinh (bản chính)" in body
    assert "Trực tuyến một phần" in body


def test_time_limits_in_working_days_are_spelled_out(client, db):
    spec = birth_registration_spec()
    spec.channels = [{"channel": "desk", "time_amount": 5, "time_unit": "working_days"}]
    published_procedure(spec)
    assert "5 ngày làm việc" in client.get("/thu-tuc/1.001193/").content.decode()


def test_the_page_lists_the_agencies_of_this_installation(client, db):
    for number in range(3):
        AgencyFactory(name=f"Ủy ban nhân dân xã Mỹ An {number}")
    published_procedure()
    body = client.get("/thu-tuc/1.001193/").content.decode()
    assert "<details" in body
    assert "3 cơ quan trong tỉnh thực hiện" in body
    assert "Ủy ban nhân dân xã Mỹ An 2" in body


def test_an_unknown_code_gives_a_friendly_404(client, db):
    response = client.get("/thu-tuc/9.999999/")
    assert response.status_code == 404
    assert "Không tìm thấy thủ tục" in response.content.decode()


def test_an_unknown_address_gives_the_translated_404_page(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_replaced_procedure_points_to_its_replacement(client, db):
    old = published_procedure(effective_from=date(2024, 1, 1))
    new = create_draft(
        birth_registration_spec(code="1.012345", name="Đăng ký khai sinh (mới)")
    )
    replace_procedure(
        old.procedure, by=new, decision=Decision(effective_from=date(2025, 1, 1))
    )
    response = client.get("/thu-tuc/1.001193/")
    assert response.status_code == 410
    assert 'href="/thu-tuc/1.012345/"' in response.content.decode()


def test_an_abolished_procedure_is_no_longer_shown(client, db):
    version = published_procedure(effective_from=date(2024, 1, 1))
    abolish_procedure(
        version.procedure, decision=Decision(effective_from=date(2025, 1, 1))
    )
    response = client.get("/thu-tuc/1.001193/")
    assert response.status_code == 410
    assert "không còn được áp dụng" in response.content.decode()


def test_a_form_template_downloads_as_an_attachment(client, media):
    version = published_procedure()
    document = version.documents.first()
    document.form_name = "Mẫu tờ khai đăng ký khai sinh"
    document.form_file.save("to-khai-khai-sinh.pdf", ContentFile(b"%PDF-1.4 test"))

    page = client.get("/thu-tuc/1.001193/").content.decode()
    url = f"/thu-tuc/1.001193/mau/{document.pk}/"
    assert f'href="{url}"' in page

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "1.001193-to-khai-khai-sinh" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_form_templates_of_drafts_other_codes_and_missing_files_are_not_served(
    client, media
):
    published_procedure()
    draft = create_draft(
        birth_registration_spec(code="1.000894", name="Đăng ký kết hôn")
    )
    draft_document = draft.documents.first()
    draft_document.form_file.save("nhap.pdf", ContentFile(b"%PDF draft"))
    assert client.get(f"/thu-tuc/1.000894/mau/{draft_document.pk}/").status_code == 404
    assert client.get(f"/thu-tuc/1.001193/mau/{draft_document.pk}/").status_code == 404

    published = published_procedure(
        birth_registration_spec(code="1.000656", name="Đăng ký khai tử")
    ).documents.first()
    assert client.get(f"/thu-tuc/1.000656/mau/{published.pk}/").status_code == 404
    published.form_file.name = "forms/2026/da-xoa.pdf"
    published.save()
    assert client.get(f"/thu-tuc/1.000656/mau/{published.pk}/").status_code == 404


def test_the_procedure_page_has_a_print_button_and_stylesheet(client, db):
    published_procedure()
    body = client.get("/thu-tuc/1.001193/").content.decode()
    assert "data-print hidden" in body
    assert "portal/portal.css" in body


def test_the_procedure_page_runs_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries
):
    for number in range(5):
        AgencyFactory(name=f"Ủy ban nhân dân xã Mỹ An {number}")
    published_procedure()
    # version, documents, channels, fees, agencies, their units.
    with django_assert_max_num_queries(6):
        response = client.get("/thu-tuc/1.001193/")
    assert "Ủy ban nhân dân xã Mỹ An 4" in response.content.decode()
