"""Result documents: prepared, signed with the agency's certificate, issued.

A result is a PDF, either printed from the decision template (Decree
30/2020 layout) or uploaded. A leader signs it with PAdES; the clerk issues
it, which gives it its code ``{dossier code}-KQ{n}`` (Decree 45/2020 art.
14(3)). The verification address in the QR code is known from the start,
since ``n`` is fixed when the result is created.

These services do not change the dossier's status: the workflow calls them
and then ``transition()`` (RESOLVE when issuing).
"""

import hashlib
import re
from dataclasses import replace
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.documents.forms.formatting import place_and_date
from motcua.documents.forms.qr import qr_data_uri
from motcua.documents.pdf import render_pdf
from motcua.dossiers.domain import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.files import FileRefused, clean_name, validate_upload

from ..domain import ResultState, Source, format_result_code
from ..models import Result
from .access import (
    ISSUE_ROLES,
    SIGN_ROLES,
    ResultRefused,
    dossier_agencies,
    holds_role,
    may_prepare,
)
from .pki import CertificateUnavailable, active_certificate, load_key, trust_roots
from .signing import (
    StampText,
    VerificationReport,
    local_stamp_time,
    sign_pdf,
    stamp_url,
    verify_pdf,
)

PREPARABLE = frozenset({Status.RECEIVED, Status.IN_PROGRESS})
"""A result is prepared while processing, or on the spot at the desk."""


def result_url(result: Result) -> str:
    """Return the public verification address of ``result`` (its QR code)."""
    return stamp_url(None, format_result_code(result.dossier.code, result.number))


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _check_preparable(user, dossier: Dossier) -> None:
    if not may_prepare(user, dossier):
        raise ResultRefused(
            _(
                "Only a specialist, leader or desk officer of the dossier's agencies may prepare its result."
            )
        )
    if dossier.status not in PREPARABLE:
        raise ResultRefused(
            _("A result cannot be prepared for a dossier that is “%(status)s”.")
            % {"status": dossier.status_label}
        )


def _next_number(dossier: Dossier) -> int:
    highest = Result.objects.filter(dossier=dossier).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


def _slug(dossier: Dossier, number: int) -> str:
    """Name the file after the result code, without dots (storage suffixes)."""
    return re.sub(r"[^0-9A-Za-z-]", "-", format_result_code(dossier.code, number))


def _create(dossier, *, user, title, source, content, original_name, at) -> Result:
    with transaction.atomic():
        locked = _locked(dossier)
        _check_preparable(user, locked)
        number = _next_number(locked)
        result = Result(
            dossier=locked,
            number=number,
            title=title,
            source=source,
            original_name=original_name,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            created_by=user,
            created_at=at,
        )
        result.file.save(
            f"{_slug(locked, number)}.pdf", ContentFile(content), save=False
        )
        result.save()
    return result


def default_title(dossier: Dossier) -> str:
    """Name the result as the procedure publishes it, e.g. "Giấy khai sinh"."""
    names = dossier.procedure_version.results or []
    if names:
        return re.sub(r"\s*\([^)]*\)\s*$", "", str(names[0])).strip()[:300]
    return (
        _("Result of the procedure “%(name)s”")
        % {"name": dossier.procedure_version.name}
    )[:300]


def render_decision(
    dossier: Dossier, *, title: str, number: int, at: datetime
) -> bytes:
    """Print the decision that settles ``dossier`` (Decree 30/2020 layout)."""
    agency = dossier.handling_agency
    snapshot = dossier.applicant_snapshot or {}
    applicant = dossier.applicant
    version = dossier.procedure_version
    code = format_result_code(dossier.code, number)
    with translation.override("vi"):
        html = render_to_string(
            "results/decision.html",
            {
                "language": "vi",
                "agency": agency,
                "parent_name": agency.parent.name if agency.parent_id else "",
                "place_date": place_and_date(agency.unit.name, at),
                "title": title,
                "procedure": version.name,
                "legal_basis": version.legal_basis or [],
                "deciding_authority": version.deciding_authority,
                "applicant_name": snapshot.get("full_name") or applicant.full_name,
                "applicant_id": snapshot.get("personal_id")
                or applicant.personal_id
                or applicant.tax_code,
                "applicant_address": snapshot.get("address") or applicant.address,
                "dossier": dossier,
                "received": dossier.received_at,
                "result_code": code,
                "qr": qr_data_uri(stamp_url(None, code)),
                "verification_url": stamp_url(None, code),
            },
        )
    return render_pdf(html, css=None)


def generate_result(
    dossier: Dossier, *, user, title: str | None = None, at=None
) -> Result:
    """Print the result from the decision template and keep it as a draft."""
    at = at or timezone.now()
    _check_preparable(user, dossier)
    title = (title or "").strip() or default_title(dossier)
    number = _next_number(dossier)
    content = render_decision(dossier, title=title, number=number, at=at)
    return _create(
        dossier,
        user=user,
        title=title,
        source=Source.GENERATED,
        content=content,
        original_name="",
        at=at,
    )


def upload_result(dossier: Dossier, *, user, file, title: str, at=None) -> Result:
    """Keep an uploaded PDF (type read from its content) as a draft result."""
    at = at or timezone.now()
    _check_preparable(user, dossier)
    title = (title or "").strip()
    if not title:
        raise ResultRefused(_("Give the result a title."))
    try:
        clean = validate_upload(file)
    except FileRefused as error:
        raise ResultRefused(str(error)) from error
    if clean.content_type != "application/pdf":
        raise ResultRefused(
            _("The result must be a PDF document; “%(name)s” is not.")
            % {"name": clean_name(getattr(file, "name", ""))}
        )
    return _create(
        dossier,
        user=user,
        title=title[:300],
        source=Source.UPLOADED,
        content=clean.content,
        original_name=clean.name,
        at=at,
    )


def _signer_name(user) -> str:
    return (user.full_name or user.get_full_name() or user.username) if user else ""


def sign_result(result: Result, *, user, agency, at=None) -> Result:
    """Sign ``result`` (PAdES) with ``agency``'s certificate, as its leader.

    Raises ``ResultRefused`` when the user is not a leader of the agency,
    the result is already signed, or the agency has no usable certificate.
    """
    at = at or timezone.now()
    if not holds_role(user, SIGN_ROLES, [agency.pk]):
        raise ResultRefused(_("Only a leader of the agency may sign its results."))
    try:
        record = active_certificate(agency, at=at)
        material = load_key(record)
    except CertificateUnavailable as error:
        raise ResultRefused(str(error)) from error
    with transaction.atomic():
        _locked(result.dossier)
        current = Result.objects.select_for_update().get(pk=result.pk)
        if current.state != ResultState.DRAFT:
            raise ResultRefused(_("This result is already signed."))
        with current.file.open("rb") as handle:
            content = handle.read()
        with translation.override("vi"):
            stamp = StampText(
                signer_line=_("Signed by: %(name)s") % {"name": agency.name},
                time_line=_("Time: %(time)s") % {"time": local_stamp_time(at)},
                url_line=_("Verify: %(url)s")
                % {"url": stamp_url(None, "").removesuffix("/")},
                code_line=f"{format_result_code(current.dossier.code, current.number)}/",
            )
            reason = _("Result of dossier %(code)s, approved by %(name)s") % {
                "code": current.dossier.code,
                "name": _signer_name(user),
            }
        try:
            signed = sign_pdf(
                content,
                material,
                url=result_url(current),
                stamp=stamp,
                reason=reason,
                location=agency.unit.name,
            )
        except Exception as error:  # a malformed PDF pyHanko cannot update
            raise ResultRefused(
                _("The PDF could not be signed: %(error)s") % {"error": error}
            ) from error
        old_name = current.file.name
        signed_name = f"{_slug(current.dossier, current.number)}-ky-so.pdf"
        current.file.save(signed_name, ContentFile(signed), save=False)
        current.size = len(signed)
        current.sha256 = hashlib.sha256(signed).hexdigest()
        current.state = ResultState.SIGNED
        current.signed_at = at
        current.signed_by = user
        current.signer_subject = record.subject
        current.certificate = record
        current.save()
        if old_name != current.file.name:
            current.file.storage.delete(old_name)
    _refresh(result, current)
    return result


def issue_result(result: Result, *, user, at=None) -> Result:
    """Issue a signed result: it gets its code and may now be returned."""
    at = at or timezone.now()
    agencies = dossier_agencies(result.dossier)
    if not holds_role(user, ISSUE_ROLES, agencies):
        raise ResultRefused(
            _(
                "Only the clerk, a leader or the desk of the dossier's agencies may issue its result."
            )
        )
    with transaction.atomic():
        _locked(result.dossier)
        current = Result.objects.select_for_update().get(pk=result.pk)
        if current.state == ResultState.ISSUED:
            raise ResultRefused(_("This result is already issued."))
        if current.state != ResultState.SIGNED:
            raise ResultRefused(_("A result must be signed before it is issued."))
        current.code = format_result_code(current.dossier.code, current.number)
        current.state = ResultState.ISSUED
        current.issued_at = at
        current.issued_by = user
        current.save()
    _refresh(result, current)
    return result


def _refresh(target: Result, source: Result) -> None:
    for field in Result._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def latest_result(dossier: Dossier) -> Result | None:
    """Return the dossier's most recent result (any state), or None."""
    return Result.objects.filter(dossier=dossier).order_by("-number").first()


def latest_issued_result(dossier: Dossier) -> Result | None:
    return (
        Result.objects.filter(dossier=dossier, state=ResultState.ISSUED)
        .order_by("-number")
        .first()
    )


def result_content(result: Result) -> bytes | None:
    try:
        with result.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, ValueError):
        return None


def verify(result: Result) -> VerificationReport:
    """Verify the stored file of ``result`` with pyHanko against the CAs.

    Besides the signature itself, the file must still be the one recorded
    when it was signed (its SHA-256), so a file replaced on disk by another
    validly signed PDF is caught too.
    """
    content = result_content(result)
    if content is None:
        return VerificationReport(signed=False, problems=["missing_file"])
    report = verify_pdf(content, trust_roots())
    changed = hashlib.sha256(content).hexdigest() != result.sha256
    if changed and "modified" not in report.problems:
        report = replace(
            report,
            modified_after_signing=True,
            problems=[*report.problems, "modified"],
        )
    return report
