"""Reads of results shaped for the dossier page, the API and the public."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from motcua.dossiers.domain import mask_name
from motcua.dossiers.models import Applicant, Dossier

from .domain import ResultState, parse_result_code
from .labels import POSTAL_LABELS
from .models import PostalUpdate, Result, ResultDelivery


def dossier_results(dossier: Dossier) -> QuerySet[Result]:
    """Return the results of ``dossier`` in order, with their deliveries."""
    return (
        Result.objects.filter(dossier=dossier)
        .select_related("signed_by", "issued_by", "created_by")
        .prefetch_related(
            Prefetch(
                "deliveries",
                queryset=ResultDelivery.objects.select_related(
                    "handed_by"
                ).prefetch_related(
                    Prefetch(
                        "postal_updates",
                        queryset=PostalUpdate.objects.select_related("by"),
                    )
                ),
            )
        )
        .order_by("number")
    )


def panel_results(dossier: Dossier) -> QuerySet[Result]:
    """Return the results of ``dossier`` for its page (no deliveries)."""
    return (
        Result.objects.filter(dossier=dossier)
        .select_related("signed_by")
        .order_by("number")
    )


def dossier_deliveries(dossier: Dossier) -> QuerySet[ResultDelivery]:
    return (
        ResultDelivery.objects.filter(dossier=dossier)
        .select_related("result", "handed_by")
        .prefetch_related(
            Prefetch("postal_updates", queryset=PostalUpdate.objects.order_by("at"))
        )
        .order_by("handed_at", "pk")
    )


def result_of_dossier(dossier: Dossier, number: int) -> Result | None:
    return Result.objects.filter(dossier=dossier, number=number).first()


def delivery_of_dossier(dossier: Dossier, pk: int) -> ResultDelivery | None:
    return (
        ResultDelivery.objects.filter(dossier=dossier, pk=pk)
        .select_related("dossier", "result", "handed_by")
        .first()
    )


def issued_result(code: str) -> Result | None:
    """Return the issued result with ``code`` (as typed), or None."""
    parsed = parse_result_code(code or "")
    if parsed is None:
        return None
    return (
        Result.objects.filter(code=str(parsed), state=ResultState.ISSUED)
        .select_related(
            "dossier__applicant",
            "dossier__handling_agency",
            "dossier__procedure_version",
        )
        .first()
    )


@dataclass(frozen=True)
class PublicResult:
    """What anyone holding a result code may see: nothing personal but a mask."""

    code: str
    title: str
    dossier_code: str
    procedure_name: str
    agency_name: str
    applicant_masked: str
    issued_at: datetime | None
    signed_at: datetime | None


def public_result(result: Result) -> PublicResult:
    dossier = result.dossier
    return PublicResult(
        code=result.code,
        title=result.title,
        dossier_code=dossier.code,
        procedure_name=dossier.procedure_version.name,
        agency_name=dossier.handling_agency.name,
        applicant_masked=mask_name(
            dossier.applicant.full_name,
            organisation=dossier.applicant.kind == Applicant.Kind.ORGANISATION,
        ),
        issued_at=result.issued_at,
        signed_at=result.signed_at,
    )


def postal_label(status: str) -> str:
    return str(POSTAL_LABELS.get(status, status)) if status else ""
