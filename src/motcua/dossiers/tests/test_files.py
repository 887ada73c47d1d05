from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from motcua.dossiers.services.files import FileRefused, clean_name, validate_upload

from .helpers import PDF, PNG

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 32


def test_the_type_comes_from_the_content_not_the_name():
    checked = validate_upload(SimpleUploadedFile("scan.pdf", PNG))
    assert (checked.content_type, checked.name) == ("image/png", "scan.png")
    assert validate_upload(SimpleUploadedFile("ảnh", JPEG)).name == "ảnh.jpg"
    assert validate_upload(SimpleUploadedFile("đơn.PDF", PDF)).content_type == (
        "application/pdf"
    )


def test_a_program_renamed_pdf_is_refused():
    with pytest.raises(FileRefused, match="setup.pdf"):
        validate_upload(SimpleUploadedFile("setup.pdf", b"MZ\x90\x00" + b"\0" * 60))


def test_an_empty_file_is_refused():
    with pytest.raises(FileRefused):
        validate_upload(SimpleUploadedFile("trống.pdf", b""))


def test_an_oversize_file_is_refused(settings):
    settings.MOTCUA_MAX_UPLOAD_BYTES = 1024
    validate_upload(SimpleUploadedFile("vừa.pdf", PDF + b"\0" * (1024 - len(PDF))))
    with pytest.raises(FileRefused, match="1,0|1.0"):
        validate_upload(SimpleUploadedFile("lớn.pdf", PDF + b"\0" * 1024))


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32.pdf", "system32"),
        ("hồ sơ\x00.pdf", "hồ sơ"),
        ("giấy\u200bkhai\u202esinh.pdf", "giấykhaisinh"),
        ("  tờ   khai \t mẫu.pdf", "tờ khai mẫu"),
        (".htaccess", "htaccess"),
        ("....", "tai-lieu"),
        ("", "tai-lieu"),
        ("a" * 300 + ".pdf", "a" * 120),
        ("Ho\u0302\u0300 so\u031b.pdf", "Hồ sơ"),  # decomposed, as macOS sends
    ],
)
def test_unsafe_names_are_cleaned(name, cleaned):
    assert clean_name(name) == cleaned


def test_the_stored_name_is_plain_ascii():
    checked = validate_upload(SimpleUploadedFile("../Giấy chứng sinh.pdf", PDF))
    assert checked.storage_name == "giay-chung-sinh.pdf"
    assert checked.size == len(PDF)
    assert len(checked.sha256) == 64
