"""Reads of the public catalog, shaped for the portal and the API."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from motcua.core.text import search_terms

from .domain import VersionStatus
from .models import Field, Procedure, ProcedureVersion, RequiredDocument


@dataclass(frozen=True)
class CatalogFilter:
    """What a citizen asked the catalog for; empty values filter nothing."""

    search: str = ""
    level: str = ""
    field: str = ""
    agency: str = ""
    online_level: str = ""


def procedures_in_force(on: date) -> QuerySet[ProcedureVersion]:
    """Every published version in force on ``on``, one per procedure."""
    return ProcedureVersion.objects.in_force(on)


def catalog_search(criteria: CatalogFilter, *, on: date) -> QuerySet[ProcedureVersion]:
    """Versions in force on ``on`` that match ``criteria``, ready to list.

    Each query word must begin a word of the code or name, ignoring case and
    diacritics: "khai sinh" and "dang ky khai sinh" both find 1.001193.
    """
    versions = procedures_in_force(on)
    for term in search_terms(criteria.search):
        versions = versions.filter(search_text__contains=" " + term)
    if criteria.level:
        versions = versions.filter(level__code=criteria.level)
    if criteria.field:
        versions = versions.filter(field__code=criteria.field)
    if criteria.agency:
        versions = versions.filter(agencies__code=criteria.agency)
    if criteria.online_level:
        versions = versions.filter(online_level=criteria.online_level)
    return versions.select_related("procedure", "level", "field").order_by(
        "procedure__code"
    )


def field_counts(versions: QuerySet[ProcedureVersion]) -> list[dict]:
    """Count ``versions`` per field: ``[{"field__code", "field__name", "count"}]``."""
    return list(
        versions.order_by()
        .values("field__code", "field__name")
        .annotate(count=Count("pk", distinct=True))
        .order_by("field__name")
    )


def procedure_in_force(code: str, *, on: date) -> ProcedureVersion | None:
    """Return the version of ``code`` in force on ``on``, with all it shows."""
    return (
        procedures_in_force(on)
        .filter(procedure__code=code)
        .select_related("procedure", "procedure__replaced_by", "level", "field")
        .prefetch_related("documents", "channels__fees", "agencies__unit")
        .order_by("-effective_from")
        .first()
    )


def fields_in_use(on: date) -> QuerySet[Field]:
    """Return the fields with at least one procedure in force on ``on``."""
    return (
        Field.objects.filter(versions__in=procedures_in_force(on))
        .distinct()
        .order_by("name")
    )


def field_exists(code: str) -> bool:
    """Tell whether ``code`` is a field of the catalog, in use or not."""
    return Field.objects.filter(code=code).exists()


def ended_procedure(code: str) -> Procedure | None:
    """Return the procedure ``code`` if it was ever published, with its replacement.

    The portal uses it for codes with no version in force: an abolished or
    replaced procedure keeps its address and points to what came after.
    """
    return (
        Procedure.objects.filter(code=code, versions__status=VersionStatus.PUBLISHED)
        .select_related("replaced_by")
        .first()
    )


def published_form(code: str, document_id: int) -> RequiredDocument | None:
    """Return a document of a published version of ``code`` that has a form file."""
    return (
        RequiredDocument.objects.filter(
            pk=document_id,
            version__procedure__code=code,
            version__status=VersionStatus.PUBLISHED,
        )
        .exclude(form_file="")
        .first()
    )
