"""Web fonts cut down to the letters Vietnamese pages use.

The Be Vietnam Pro TrueType files weigh about 190 KB each; subset to
Latin and Vietnamese and packed as WOFF2 they weigh about 35 KB, which
matters on a commune's slow link and a citizen's cheap phone.
"""

from pathlib import Path

import fontpkg_be_vietnam_pro

WEIGHTS = ("Regular", "SemiBold")  # SemiBold also serves bold (site.css)
# Basic Latin, Latin-1, Latin Extended-A and B (Ă Đ Ơ Ư), combining tone
# marks, Latin Extended Additional (ạ … ỹ), general punctuation, đồng sign.
UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x250),
    *range(0x300, 0x324),
    *range(0x1EA0, 0x1F00),
    *range(0x2000, 0x2070),
    0x20AB,
    0x20AC,
    0x2122,
    0x2190,
    0x2192,
]


def source_file(weight: str) -> Path:
    return Path(fontpkg_be_vietnam_pro.ROOT) / "files" / f"BeVietnamPro-{weight}.ttf"


def build_webfonts(destination: Path, *, force: bool = False) -> list[Path]:
    """Write ``BeVietnamPro-<weight>.woff2`` files into ``destination``."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    destination.mkdir(parents=True, exist_ok=True)
    written = []
    for weight in WEIGHTS:
        target = destination / f"BeVietnamPro-{weight}.woff2"
        source = source_file(weight)
        if (
            not force
            and target.exists()
            and target.stat().st_mtime >= source.stat().st_mtime
        ):
            continue
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        font = TTFont(source)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        subset.save_font(font, str(target), options)
        written.append(target)
    return written
