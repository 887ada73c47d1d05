"""Render official documents to PDF from HTML with WeasyPrint.

Government documents are set in a Times New Roman face; Debian's Tinos
(fonts-croscore) is metric-compatible and carries every Vietnamese letter,
which plain fonts-liberation 1.x does not.
"""

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


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Return the PDF of an HTML document or fragment."""
    from weasyprint import CSS, HTML  # imported late: it loads Pango

    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[CSS(string=PAGE_CSS)]
    )


def render_form_template(title: str, body_html: str) -> bytes:
    """Return the PDF of a blank form (tờ khai) from its HTML fragment."""
    html = render_to_string(
        "documents/form_template.html", {"title": title, "body": body_html}
    )
    return render_pdf(html)
