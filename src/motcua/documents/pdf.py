"""Render official documents to PDF from HTML with WeasyPrint.

Government documents are set in a Times New Roman face; Debian's Tinos
(fonts-croscore) is metric-compatible and carries every Vietnamese letter,
which plain fonts-liberation 1.x does not.
"""

from functools import lru_cache

from django.template.loader import render_to_string

PAGE_CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: Tinos, "Times New Roman", serif; font-size: 13pt; line-height: 1.4; }
h1 { font-size: 14pt; text-align: center; text-transform: uppercase; margin: 12pt 0; }
.motto { text-align: center; margin-bottom: 6pt; }
.motto p { margin: 0; }
.blank { display: inline-block; min-width: 3cm; border-bottom: 1px dotted #000; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #000; padding: 3pt 5pt; vertical-align: top; }
"""


@lru_cache(maxsize=8)
def _stylesheet(css: str):
    from weasyprint import CSS  # imported late: it loads Pango

    return CSS(string=css)


def render_pdf(
    html: str, *, base_url: str | None = None, css: str | None = PAGE_CSS
) -> bytes:
    """Return the PDF of an HTML document or fragment.

    ``css`` is added to the document's own styles; the official forms carry
    their whole layout in their template and pass ``css=None``.
    """
    from weasyprint import HTML

    stylesheets = [_stylesheet(css)] if css else []
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=stylesheets)


def render_form_template(title: str, body_html: str) -> bytes:
    """Return the PDF of a blank form (tờ khai) from its HTML fragment."""
    html = render_to_string(
        "documents/form_template.html", {"title": title, "body": body_html}
    )
    return render_pdf(html)
