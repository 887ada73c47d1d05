"""The official forms print as Vietnamese government documents do."""

import io
from pathlib import Path

from django.conf import settings

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from motcua.documents.forms import DocumentLine, UnknownForm, render_form
from motcua.documents.forms.render import render_form_html

from .samples import CODE, TRACKING_URL, form

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "forms"
CIRCULAR = {"nd61-2018": "01/2018/TT-VPCP", "nd118-2025": "03/2025/TT-VPCP"}
PRINTED = [
    ("nd61-2018", "receipt", "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
    (
        "nd61-2018",
        "supplement_request",
        "02",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    ),
    ("nd61-2018", "refusal", "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
    ("nd61-2018", "apology", "04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
    ("nd118-2025", "receipt", "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
    (
        "nd118-2025",
        "supplement_request",
        "02",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    ),
    ("nd118-2025", "refusal", "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
    (
        "nd118-2025",
        "apology",
        "04",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    ),
    ("nd118-2025", "stop_notice", "05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
]
_rendered: dict[tuple[str, str], bytes] = {}


def pdf_of(rule_set: str, key: str) -> bytes:
    """Render each sample form once per test process: WeasyPrint is slow."""
    if (rule_set, key) not in _rendered:
        _rendered[rule_set, key] = render_form(form(rule_set, key))
    return _rendered[rule_set, key]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_image(pdf: bytes, index: int = 0):
    """Render a page at 144 dpi, about what a phone camera sees."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        image = page.render(scale=2).to_pil()
        page.close()
        return image
    finally:
        document.close()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("rule_set", "key", "number", "title"), PRINTED)
def test_each_form_prints_its_title_code_and_the_circular_of_its_rule_set(
    rule_set, key, number, title
):
    text = flat(text_of(pdf_of(rule_set, key)))

    assert title in text
    assert CODE in text
    assert f"Mẫu số {number} ban hành kèm theo Thông tư số {CIRCULAR[rule_set]}" in text
    other = next(c for r, c in CIRCULAR.items() if r != rule_set)
    assert other not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "UBND THỊ TRẤN TÂN THẠNH" in text
    assert "Tân Thạnh, ngày 22 tháng 11 năm 2026" in text


@pytest.mark.parametrize(("rule_set", "key", "number", "title"), PRINTED)
def test_each_form_carries_at_its_top_left_a_qr_code_of_the_tracking_address(
    rule_set, key, number, title
):
    image = page_image(pdf_of(rule_set, key))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SCREENSHOTS / f"{rule_set}-{key}.png")

    codes = zxingcpp.read_barcodes(image)

    assert [code.text for code in codes] == [TRACKING_URL]
    position = codes[0].position
    corners = (
        position.top_left,
        position.top_right,
        position.bottom_left,
        position.bottom_right,
    )
    assert all(corner.x < image.width / 4 for corner in corners)
    assert all(corner.y < image.height / 4 for corner in corners)


@pytest.mark.parametrize("rule_set", CIRCULAR)
def test_the_receipt_gives_the_times_of_receipt_and_return_in_two_copies(rule_set):
    pdf = pdf_of(rule_set, "receipt")
    pages = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]

    assert len(pages) == 2
    assert "Liên 1: Lưu tại" in pages[0]
    assert "Liên 2: Giao người nộp hồ sơ" in pages[1]
    for text in pages:
        assert "4. Thời gian nhận hồ sơ: 09 giờ 32 phút, ngày 22/11/2026" in text
        assert (
            "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 32 phút, ngày 25/11/2026"
            in text
        )
        assert "Giấy chứng sinh" in text
        assert "03 ngày làm việc" in text
        assert "NGƯỜI NỘP HỒ SƠ" in text
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
        assert "Trần Thị Mai" in text


def test_the_receipt_names_the_desk_as_its_decree_does():
    assert "Bộ phận Tiếp nhận và Trả kết quả" in text_of(pdf_of("nd61-2018", "receipt"))
    assert "Bộ phận Một cửa" in text_of(pdf_of("nd118-2025", "receipt"))
    assert "Bộ phận Tiếp nhận" not in text_of(pdf_of("nd118-2025", "receipt"))


@pytest.mark.parametrize("rule_set", CIRCULAR)
def test_the_supplement_request_lists_each_missing_paper_and_the_reasons(rule_set):
    text = flat(text_of(pdf_of(rule_set, "supplement_request")))

    assert "1 Giấy chứng sinh do cơ sở y tế cấp" in text
    assert "2 Văn bản ủy quyền có chứng thực" in text
    assert "Tờ khai chưa ghi quê quán của người mẹ" in text
    assert "NGƯỜI HƯỚNG DẪN" in text
    assert "0272 3842 123" in text


@pytest.mark.parametrize("rule_set", CIRCULAR)
def test_the_refusal_gives_its_reasons(rule_set):
    text = flat(text_of(pdf_of(rule_set, "refusal")))

    assert "thông báo không tiếp nhận, giải quyết hồ sơ này" in text
    assert "Thiếu giấy chứng sinh do cơ sở y tế cấp" in text
    assert "Tờ khai chưa ghi quê quán của người mẹ" in text


def test_the_apology_sets_a_new_date_under_decree_61_and_asks_an_extension_under_118():
    old = flat(text_of(pdf_of("nd61-2018", "apology")))
    new = flat(text_of(pdf_of("nd118-2025", "apology")))

    assert "hẹn lại thời gian trả kết quả vào: 14 giờ 00 phút, ngày 30/11/2026" in old
    assert "gia hạn" not in old
    assert "đề nghị gia hạn thời gian giải quyết hồ sơ đến: 14 giờ 00 phút" in new
    for text in (old, new):
        assert "09 giờ 32 phút, ngày 25/11/2026" in text
        assert "Kính gửi: Nguyễn Văn An" in text


def test_a_form_the_rule_set_does_not_prescribe_is_refused_with_a_clear_message():
    with pytest.raises(UnknownForm, match="nd61-2018 không có mẫu “stop_notice”"):
        render_form(form("nd61-2018", "stop_notice"))
    with pytest.raises(UnknownForm, match="Không có bộ quy định “nd99”"):
        render_form(form("nd99", "receipt"))


def test_the_register_is_not_printed_as_a_pdf():
    with pytest.raises(UnknownForm, match="không được in ra tệp PDF"):
        render_form(form("nd118-2025", "register"))


def test_text_from_the_applicant_is_escaped():
    html = render_form_html(
        form("nd118-2025", "refusal", applicant_name="<img src=x onerror=alert(1)>")
    )

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_form_without_a_tracking_address_has_no_qr_code():
    html = render_form_html(form("nd118-2025", "refusal", tracking_url=""))

    assert "data:image/svg+xml" not in html


def test_a_caller_given_number_and_title_override_the_catalogue():
    html = render_form_html(
        form("nd118-2025", "receipt", number="01a", title="Giấy biên nhận")
    )

    assert "GIẤY BIÊN NHẬN" in html
    assert "Mẫu số 01a ban hành kèm theo" in html


def test_the_forms_can_be_read_in_english():
    html = render_form_html(form("nd118-2025", "receipt"), language="en")

    assert "RECEIPT OF DOSSIER AND APPOINTMENT FOR THE RESULT" in html
    assert "Form No. 01 issued with Circular No. 03/2025/TT-VPCP" in html


def test_a_long_receipt_starts_each_copy_on_a_new_page_with_its_own_qr_code():
    papers = [
        DocumentLine(f"Giấy tờ số {number}: bản sao giấy chứng nhận", copies=2)
        for number in range(1, 15)
    ]
    pdf = render_form(form("nd118-2025", "receipt", documents=papers))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    starts = [index for index, text in enumerate(pages) if "Liên" in text]
    assert len(pages) == 4
    assert starts == [0, 2]
    for index in starts:
        image = page_image(pdf, index)
        assert [c.text for c in zxingcpp.read_barcodes(image)] == [TRACKING_URL]
