"""Documents the state already holds for a citizen, offered for reuse.

"Never ask for a document the state already holds": when a citizen files
online, the files of their earlier dossiers (digitised at the desk or
uploaded) and the results issued to them can be offered instead of a new
upload, and the dossier flags them as reused (national indicator of
Decision 766/QĐ-TTg: reuse of digitised documents and results).

Pure listing, read-only; the filing form decides what to offer for which
required document.
"""

from dataclasses import dataclass
from datetime import datetime

from motcua.dossiers.models import DossierFile
from motcua.results.domain import ResultState
from motcua.results.models import Result


class ReuseKind:
    FILE = "file"  # a DossierFile of an earlier dossier
    RESULT = "result"  # an issued Result of an earlier dossier


@dataclass(frozen=True)
class ReusableDocument:
    kind: str  # ReuseKind
    pk: int  # of the DossierFile or the Result
    title: str  # the listed document's name, or the result's title
    file_name: str
    sha256: str
    size: int
    at: datetime  # uploaded (files) or issued (results)
    dossier_code: str
    procedure_name: str
    result_code: str = ""


def reusable_documents(applicant_personal_id: str) -> list[ReusableDocument]:
    """Return what the citizen's earlier dossiers hold, newest first.

    Files count once the dossier was received (accepted at the desk or
    online); results once issued. A file present several times (same
    SHA-256) is listed once, at its latest copy; results come before files
    when both hold the same content.
    """
    personal_id = (applicant_personal_id or "").strip()
    if not personal_id:
        return []
    results = (
        Result.objects.filter(
            dossier__applicant__personal_id=personal_id,
            state=ResultState.ISSUED.value,
        )
        .select_related("dossier__procedure_version")
        .order_by("-issued_at", "-pk")
    )
    files = (
        DossierFile.objects.filter(
            dossier__applicant__personal_id=personal_id,
            dossier__received_at__isnull=False,
        )
        .select_related("document", "dossier__procedure_version")
        .order_by("-uploaded_at", "-pk")
    )
    found: list[ReusableDocument] = []
    seen: set[str] = set()
    for result in results:
        seen.add(result.sha256)
        found.append(
            ReusableDocument(
                kind=ReuseKind.RESULT,
                pk=result.pk,
                title=result.title,
                file_name=result.original_name or f"{result.code}.pdf",
                sha256=result.sha256,
                size=result.size,
                at=result.issued_at,
                dossier_code=result.dossier.code,
                procedure_name=_procedure_name(result.dossier),
                result_code=result.code,
            )
        )
    for item in files:
        if item.sha256 in seen:
            continue
        seen.add(item.sha256)
        found.append(
            ReusableDocument(
                kind=ReuseKind.FILE,
                pk=item.pk,
                title=item.document.name if item.document else item.original_name,
                file_name=item.original_name,
                sha256=item.sha256,
                size=item.size,
                at=item.uploaded_at,
                dossier_code=item.dossier.code,
                procedure_name=_procedure_name(item.dossier),
            )
        )
    found.sort(key=lambda doc: doc.at, reverse=True)
    return found


def _procedure_name(dossier) -> str:
    version = dossier.procedure_version
    return version.name if version else ""
