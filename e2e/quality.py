"""Page weight and Lighthouse accessibility of a page, for the citizen pages' budget.

The issue's budget: every page at 360 px on a slow connection stays under
150 KB transferred before images, and Lighthouse's accessibility score is
at least 95 on the procedure, form and my-dossiers pages. Lighthouse is
the npm package installed under scripts/audit by ``scripts/setup.sh test``,
driving Debian's chromium.
"""

import json
import os
import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LIGHTHOUSE = ROOT / "scripts" / "audit" / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "var" / "audit"
BUDGET_BYTES = 150 * 1024


def transferred(page, url: str) -> dict:
    """Return the bytes a first visit to ``url`` transfers, by resource.

    Measured in a fresh browser context (empty cache) carrying ``page``'s
    cookies, at 360 px: headers plus the body as it came over the wire
    (compressed when the server compressed it). Keys are "kind url".
    """
    context = page.context.browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN"
    )
    context.add_cookies(page.context.cookies())
    fresh = context.new_page()
    sizes: dict[str, int] = {}

    def count(request):
        try:
            measured = request.sizes()
        except Exception:  # noqa: BLE001 (a request aborted by navigation)
            return
        key = f"{request.resource_type} {request.url}"
        sizes[key] = (
            sizes.get(key, 0)
            + measured["responseBodySize"]
            + measured["responseHeadersSize"]
        )

    fresh.on("requestfinished", count)
    try:
        fresh.goto(url.split("#")[0], wait_until="networkidle")
    finally:
        context.close()
    return sizes


def before_images(sizes: dict) -> int:
    return sum(
        n for key, n in sizes.items() if key.split()[0] not in ("image", "media")
    )


def lighthouse_accessibility(url: str, cookies: list[dict], name: str) -> float:
    """Run Lighthouse (mobile) on ``url`` with the browser's cookies; return 0-100."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    header = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
    output = REPORTS / f"lighthouse-{name}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=accessibility",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--extra-headers={json.dumps({'Cookie': header})}",
    ]
    subprocess.run(  # noqa: S603 (our own command line)
        command,
        check=True,
        timeout=180,
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        capture_output=True,
    )
    report = json.loads(output.read_text())
    failed = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") == 0 and audit.get("scoreDisplayMode") == "binary"
    ]
    (REPORTS / f"lighthouse-{name}-failed.txt").write_text("\n".join(failed))
    return round(report["categories"]["accessibility"]["score"] * 100, 1)


def record(name: str, **figures) -> None:
    """Keep the figures of one page in var/audit/figures.json for the notes."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    path = REPORTS / "figures.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = {**data.get(name, {}), **figures}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
