"""Shared steps of the results tests."""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from motcua.dossiers.domain import Action
from motcua.dossiers.services.lifecycle import transition
from motcua.results.services import generate_result, issue_result, sign_result


def issued_result(dossier, *, specialist, leader, clerk):
    """Prepare, sign and issue a result, and resolve the dossier (as workflow does)."""
    result = generate_result(dossier, user=specialist)
    sign_result(result, user=leader, agency=dossier.handling_agency)
    issue_result(result, user=clerk)
    transition(dossier, Action.RESOLVE, actor=clerk)
    return result


def stamp_text(content: bytes) -> str:
    """Extract the text of the visible signatures' appearances with pypdf.

    A stamp is an annotation's appearance, not page content, so each one is
    drawn onto a blank page as a form XObject and that page's text is read.
    """
    writer = PdfWriter(clone_from=io.BytesIO(content))
    first_blank = len(writer.pages)
    for page in list(writer.pages):
        for annotation in page.get("/Annots", []):
            appearance = annotation.get_object().get("/AP")
            if appearance is None:
                continue
            blank = writer.add_blank_page(400, 200)
            blank[NameObject("/Resources")] = DictionaryObject(
                {
                    NameObject("/XObject"): DictionaryObject(
                        {NameObject("/Stamp"): appearance.raw_get("/N")}
                    )
                }
            )
            stream = DecodedStreamObject()
            stream.set_data(b"q /Stamp Do Q")
            blank[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    pages = PdfReader(buffer).pages[first_blank:]
    return "\n".join(page.extract_text() for page in pages)


def private_pki(settings, tmp_path):
    """Point the PKI, media and public address at this test's own folder."""
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.MOTCUA_DEV_PKI = True
    settings.MOTCUA_PKI_TRUST_ROOTS = []
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_PUBLIC_URL = "https://motcua.example.vn"
