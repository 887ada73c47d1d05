"""Vietnamese is the primary language: every catalog must translate everything."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]
CATALOGS = sorted(SRC.glob("*/locale/*/LC_MESSAGES/django.po"))
_QUOTED = re.compile(r'"(.*)"')


def entries(path: Path):
    """Yield (flags, msgid, msgstrs) for each entry; plural forms included."""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        flags, msgid, msgstrs, current = "", "", [], None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith("#"):
                continue
            elif line.startswith(("msgid ", "msgid_plural ")):
                current = "msgid"
                msgid += (
                    "".join(_QUOTED.findall(line)) if line.startswith("msgid ") else ""
                )
            elif line.startswith("msgstr"):
                current = "msgstr"
                msgstrs.append("".join(_QUOTED.findall(line)))
            elif line.startswith('"') and current == "msgid":
                msgid += "".join(_QUOTED.findall(line))
            elif line.startswith('"') and current == "msgstr":
                msgstrs[-1] += "".join(_QUOTED.findall(line))
        if msgstrs:
            yield flags, msgid, msgstrs


def test_every_app_with_strings_has_both_catalogs():
    apps = {path.parts[-5] for path in CATALOGS}
    for app in apps:
        for language in ("vi", "en"):
            assert (
                SRC / app / "locale" / language / "LC_MESSAGES" / "django.po"
            ).exists()


@pytest.mark.parametrize(
    "path", [p for p in CATALOGS if p.parts[-3] == "vi"], ids=lambda p: p.parts[-5]
)
def test_the_vietnamese_catalog_translates_every_string(path):
    untranslated = [
        msgid for flags, msgid, msgstrs in entries(path) if msgid and not all(msgstrs)
    ]
    fuzzy = [
        msgid for flags, msgid, msgstr in entries(path) if msgid and "fuzzy" in flags
    ]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize(
    "path", [p for p in CATALOGS if p.parts[-3] == "en"], ids=lambda p: p.parts[-5]
)
def test_the_english_catalog_has_the_same_strings_as_the_vietnamese_one(path):
    vietnamese = path.parents[2] / "vi" / "LC_MESSAGES" / "django.po"
    assert {m for _, m, _ in entries(path)} == {m for _, m, _ in entries(vietnamese)}
