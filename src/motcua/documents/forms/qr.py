"""QR codes printed on issued forms (Circular 01/2023/TT-VPCP).

The circular asks for a QR code after TCVN 7322:2009 (ISO/IEC 18004) at the
top left of every document the one-stop system issues. Ours encodes the
public tracking address of the dossier, so scanning it opens the tracking
page. An SVG keeps the modules sharp at any print resolution.
"""

import segno


def qr_data_uri(text: str) -> str:
    """Return an SVG data URI of a QR code for ``text`` (error level M)."""
    code = segno.make(text, error="m", micro=False, boost_error=False)
    return code.svg_data_uri(scale=4, border=2, xmldecl=False, nl=False)
