from fontTools.ttLib import TTFont

from motcua.core.fonts import WEIGHTS, build_webfonts, source_file


def test_web_fonts_keep_every_vietnamese_letter_and_are_small(tmp_path):
    written = build_webfonts(tmp_path)

    assert [p.name for p in written] == [f"BeVietnamPro-{w}.woff2" for w in WEIGHTS]
    for path in written:
        font = TTFont(path)
        assert font.flavor == "woff2"
        cmap = font.getBestCmap()
        for letter in "ĂăÂâĐđÊêÔôƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ₫":
            assert ord(letter) in cmap, letter
        assert path.stat().st_size < source_file("Regular").stat().st_size / 3


def test_existing_web_fonts_are_not_rebuilt(tmp_path):
    build_webfonts(tmp_path)
    assert build_webfonts(tmp_path) == []
    assert len(build_webfonts(tmp_path, force=True)) == len(WEIGHTS)
