"""Fill msgstr entries of one app's catalog from a JSON file of {msgid: msgstr}.

Usage: python scripts/po_fill.py APP LANG translations.json
       python scripts/po_fill.py APP LANG --missing   (list empty/fuzzy msgids)

Runs ``makemessages`` for that app first (under a lock, because several
people may edit catalogs at once), then fills what the JSON gives.
Plural entries take a list of forms.
"""

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    app, lang, source = sys.argv[1], sys.argv[2], sys.argv[3]
    app_dir = ROOT / "src" / "motcua" / app
    po_path = app_dir / "locale" / lang / "LC_MESSAGES" / "django.po"
    with open("/tmp/motcua-po.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        (app_dir / "locale").mkdir(exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "makemessages",
                "-l",
                lang,
                "--no-obsolete",
                "-v0",
            ],
            cwd=app_dir,
            check=True,
        )
        po = polib.pofile(str(po_path))
        if source == "--missing":
            for entry in po:
                if entry.obsolete:
                    continue
                empty = (
                    (not entry.msgstr)
                    if not entry.msgid_plural
                    else not all(entry.msgstr_plural.values())
                )
                if empty or "fuzzy" in entry.flags:
                    sys.stdout.write(json.dumps(entry.msgid, ensure_ascii=False) + "\n")
            return 0
        table = json.loads(Path(source).read_text())
        filled = 0
        for entry in po:
            if entry.msgid in table:
                value = table[entry.msgid]
                if entry.msgid_plural:
                    forms = value if isinstance(value, list) else [value]
                    for i in range(len(entry.msgstr_plural) or 1):
                        entry.msgstr_plural[i] = forms[min(i, len(forms) - 1)]
                else:
                    entry.msgstr = value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                    entry.previous_msgid = None
                    entry.previous_msgid_plural = None
                    entry.previous_msgctxt = None
                filled += 1
        po.save(str(po_path))
        sys.stdout.write(f"{app}/{lang}: filled {filled}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
