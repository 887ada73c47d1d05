import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold, search_document, search_terms, search_words


def test_fold_strips_tones_and_folds_d_with_stroke():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("ĐỔI GIẤY PHÉP LÁI XE") == "doi giay phep lai xe"
    assert fold("Chứng thực bản sao") == "chung thuc ban sao"


def test_fold_gives_the_same_result_for_composed_and_decomposed_input():
    text = "Lý lịch tư pháp"
    assert fold(unicodedata.normalize("NFD", text)) == fold(
        unicodedata.normalize("NFC", text)
    )


def test_search_document_is_space_delimited_for_prefix_matching():
    document = search_document("1.001193", "Đăng ký khai sinh")
    assert document == " 1 001193 dang ky khai sinh "
    assert " khai" in document
    assert " sinh " in document


def test_search_document_of_nothing_is_empty():
    assert search_document("", "  ") == ""


def test_search_terms_drop_duplicates_and_punctuation():
    assert search_terms("  Khai-sinh, khai SINH!") == ["khai", "sinh"]


@given(st.text())
def test_folded_text_has_no_combining_marks_and_is_idempotent(text):
    folded = fold(text)
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert fold(folded) == folded


@given(st.text())
def test_search_words_are_plain_ascii_letters_and_digits(text):
    for word in search_words(text):
        assert word.isascii()
        assert word.isalnum()
        assert word == word.lower()
