"""PAdES signatures on result PDFs with pyHanko, and their verification.

The visible stamp carries a verification QR code and three lines of text
in Be Vietnam Pro: pyHanko's built-in stamp font has no Vietnamese letters,
and it writes glyph widths in font units, so a font of 1000 units per em
(Be Vietnam Pro, not Tinos' 2048) is needed for the letters to be spaced
right. The stamp's font size and its text box's size are kept equal. The
signing time printed is local time (Asia/Ho_Chi_Minh), not the server's.

pyHanko's QR stamp needs the ``qrcode`` package; the QR code here is drawn
from segno's matrix as the stamp's background instead.

Signature level: PAdES B-B (no time-stamping authority in development);
``MOTCUA_TSA_URL`` would make it B-T where a TSA is available.
"""

import io
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings

import segno
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import (
    AxisAlignment,
    BoxConstraints,
    InnerScaling,
    Margins,
    SimpleBoxLayoutRule,
)
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.core.fonts import source_file

from .pki import KeyMaterial

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
FIELD_NAME = "KyKetQua"
STAMP_WIDTH = 300
STAMP_HEIGHT = 84
STAMP_FONT_SIZE = 8
# Bottom right of the last page, within the 15 mm right margin of the forms.
STAMP_ORIGIN = (250, 36)


@dataclass(frozen=True)
class StampText:
    """What the visible signature says, already in the document's language."""

    signer_line: str
    time_line: str
    url_line: str  # "Xác thực: https://…/xac-thuc/", the code on the next line
    code_line: str


def local_stamp_time(at: datetime) -> str:
    """Write a moment as the stamp prints it: ``14:05 22/11/2026 (GMT+7)``."""
    return at.astimezone(LOCAL).strftime("%H:%M %d/%m/%Y (GMT+7)")


def _qr_content(url: str) -> RawContent:
    """Draw a QR code of ``url`` as PDF rectangles (one per dark module)."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    border = 2
    rows = [list(row) for row in code.matrix]
    side = len(rows) + 2 * border
    ops = ["0 0 0 rg"]
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                ops.append(f"{x + border} {side - (y + border) - 1} 1 1 re")
    ops.append("f")
    return RawContent(
        " ".join(ops).encode(), box=BoxConstraints(width=side, height=side)
    )


@lru_cache(maxsize=1)
def _font_path() -> str:
    return str(source_file("Regular"))


def _stamp_style(url: str) -> TextStampStyle:
    font = GlyphAccumulatorFactory(_font_path(), font_size=STAMP_FONT_SIZE)
    qr_side = STAMP_HEIGHT
    return TextStampStyle(
        stamp_text="%(signer)s\n%(time)s\n%(url)s\n%(code)s",
        text_box_style=TextBoxStyle(font=font, font_size=STAMP_FONT_SIZE),
        border_width=1,
        background=_qr_content(url),
        background_opacity=1.0,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(left=3, right=STAMP_WIDTH - qr_side + 3, top=3, bottom=3),
            inner_content_scaling=InnerScaling.STRETCH_TO_FIT,
        ),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(left=qr_side + 2, right=4),
            inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
        ),
    )


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(
        certificate.public_bytes(serialization.Encoding.DER)
    )


def sign_pdf(
    content: bytes,
    material: KeyMaterial,
    *,
    url: str,
    stamp: StampText,
    reason: str,
    location: str,
) -> bytes:
    """Return ``content`` signed (PAdES B-B) with a visible stamp and QR code."""
    key = asn1_keys.PrivateKeyInfo.load(
        material.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signer = signers.SimpleSigner(
        signing_cert=_asn1_certificate(material.certificate),
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs(
            [_asn1_certificate(c) for c in material.chain]
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    x, y = STAMP_ORIGIN
    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    pdf_signer = signers.PdfSigner(
        meta,
        signer,
        stamp_style=_stamp_style(url),
        new_field_spec=fields.SigFieldSpec(
            FIELD_NAME,
            on_page=-1,
            box=(x, y, x + STAMP_WIDTH, y + STAMP_HEIGHT),
        ),
    )
    output = pdf_signer.sign_pdf(
        writer,
        appearance_text_params={
            "signer": stamp.signer_line,
            "time": stamp.time_line,
            "url": stamp.url_line,
            "code": stamp.code_line,
        },
    )
    return output.getvalue()


@dataclass(frozen=True)
class VerificationReport:
    """What the verification of a result's signature found.

    ``valid`` is the bottom line: the signature is intact, made with a
    certificate that chains to a trusted CA, and the file was not changed
    after signing (beyond nothing at all). ``problems`` holds stable keys the
    interfaces turn into messages: "unsigned", "broken", "untrusted",
    "modified", "unreadable", "missing_file".
    """

    signed: bool
    intact: bool = False
    trusted: bool = False
    modified_after_signing: bool = False
    signer_subject: str = ""
    signer_name: str = ""
    signed_at: datetime | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.signed and not self.problems


def _roots_context(roots: list[x509.Certificate]) -> ValidationContext:
    return ValidationContext(
        trust_roots=[_asn1_certificate(c) for c in roots],
        allow_fetching=False,
        # A development CA publishes no revocation lists; a production CA's
        # revocation is checked when fetching is allowed (soft-fail).
        revocation_mode="soft-fail",
    )


def verify_pdf(content: bytes, roots: list[x509.Certificate]) -> VerificationReport:
    """Check the last signature of ``content`` against the trusted ``roots``."""
    from pyhanko.sign.validation import validate_pdf_signature

    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any malformed file is "unreadable"
        return VerificationReport(signed=False, problems=["unreadable"])
    if not signatures:
        return VerificationReport(signed=False, problems=["unsigned"])
    signature = signatures[-1]
    try:
        status = validate_pdf_signature(signature, _roots_context(roots))
    except (SigningError, ValueError, KeyError) as error:
        del error
        return VerificationReport(signed=True, problems=["broken"])
    problems = []
    if not status.intact or not status.valid:
        problems.append("broken")
    if not status.trusted:
        problems.append("untrusted")
    coverage = getattr(status.coverage, "name", "")
    modified = coverage != "ENTIRE_FILE" or getattr(
        status.modification_level, "name", "NONE"
    ) not in ("NONE",)
    if modified:
        problems.append("modified")
    certificate = status.signing_cert
    names = certificate.subject.native if certificate else {}
    return VerificationReport(
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        modified_after_signing=modified,
        signer_subject=certificate.subject.human_friendly if certificate else "",
        signer_name=names.get("common_name", ""),
        signed_at=status.signer_reported_dt,
        problems=problems,
    )


def stamp_url(public_base: str | None, code: str) -> str:
    """Return the verification address the QR code opens."""
    base = (public_base or settings.MOTCUA_PUBLIC_URL).rstrip("/")
    return f"{base}/xac-thuc/{code}/"
