"""Checking uploaded and scanned files before they join a dossier.

The type is read from the content (magic bytes), never from the name: a
file named .pdf that holds a PNG is stored as the PNG it is, and anything
that is not PDF, JPEG or PNG is refused. Names are cleaned so that a name
can never climb out of the storage folder or hide control characters.
"""

import hashlib
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from motcua.core.text import search_words

MAGIC = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
MAX_NAME_LENGTH = 120
DEFAULT_STEM = "tai-lieu"


class FileRefused(ValueError):
    """An upload that cannot join a dossier; the message is for the officer."""


@dataclass(frozen=True)
class CleanFile:
    name: str  # cleaned display name, with the extension of its real type
    storage_name: str  # ASCII name for the file system
    content_type: str
    size: int
    sha256: str
    content: bytes


def max_upload_bytes() -> int:
    return getattr(settings, "MOTCUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


def detect_type(head: bytes) -> tuple[str, str] | None:
    """Return (content type, extension) from the first bytes, or None."""
    for magic, content_type, extension in MAGIC:
        if head.startswith(magic):
            return content_type, extension
    return None


def clean_name(name: str) -> str:
    """Return the stem of ``name`` safe to show and store.

    Drops any folder part (both slash kinds), control and format
    characters, leading dots and the extension; keeps Vietnamese letters in
    their composed form; collapses blanks and limits the length.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if unicodedata.category(ch) == "Zs" else ch
        for ch in name
        if not unicodedata.category(ch).startswith(("C", "Zl", "Zp"))
    )
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    stem = " ".join(stem.strip(" .").split())
    return stem[:MAX_NAME_LENGTH].strip() or DEFAULT_STEM


def validate_upload(upload) -> CleanFile:
    """Return the checked content of ``upload`` (an UploadedFile or like).

    Raises ``FileRefused`` for an empty or oversize file, or a type other
    than PDF, JPEG or PNG.
    """
    original = getattr(upload, "name", "") or ""
    limit = max_upload_bytes()
    content = _read(upload, limit, original)
    if not content:
        raise FileRefused(_("The file “%(name)s” is empty.") % {"name": original})
    detected = detect_type(content[:16])
    if detected is None:
        raise FileRefused(
            _("The file “%(name)s” is not a PDF, JPEG or PNG document.")
            % {"name": original}
        )
    content_type, extension = detected
    stem = clean_name(original)
    slug = "-".join(search_words(stem))[:MAX_NAME_LENGTH] or DEFAULT_STEM
    return CleanFile(
        name=f"{stem}.{extension}",
        storage_name=f"{slug}.{extension}",
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )


def _read(upload, limit: int, name: str) -> bytes:
    """Read at most ``limit`` bytes, refusing the file as soon as it is longer."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    chunks, size = [], 0
    source = upload.chunks() if hasattr(upload, "chunks") else iter([upload.read()])
    for chunk in source:
        size += len(chunk)
        if size > limit:
            raise FileRefused(
                _("The file “%(name)s” is larger than %(limit)s.")
                % {"name": name, "limit": filesizeformat(limit)}
            )
        chunks.append(chunk)
    return b"".join(chunks)
