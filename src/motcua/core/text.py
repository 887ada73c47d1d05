"""Vietnamese text folding for search.

One normaliser serves every search column so that SQLite and PostgreSQL
match the same way: SQLite's FTS5 never folds "Đ" to "D" while PostgreSQL's
``unaccent`` does, so folding happens in Python and the folded text is
stored beside the original.
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics, with đ as d.

    >>> fold("Đăng ký khai sinh")
    'dang ky khai sinh'
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def search_words(text: str) -> list[str]:
    """Split ``text`` into folded words of letters and digits."""
    return [word for word in _NON_WORD.split(fold(text)) if word]


def search_document(*parts: str) -> str:
    """Return the stored search column for ``parts``.

    Words are separated and surrounded by single spaces, so that a word
    prefix ``p`` matches exactly where the column contains ``" " + p``.
    """
    words = [word for part in parts if part for word in search_words(part)]
    return " " + " ".join(words) + " " if words else ""


def search_terms(query: str) -> list[str]:
    """Return the distinct folded words of a user's query, in order."""
    return list(dict.fromkeys(search_words(query)))
