"""Reads of the organisation tree for the portal and the API."""

from django.db.models import Prefetch, QuerySet

from motcua.core.text import search_terms

from .models import AdministrativeLevel, AdministrativeUnit, Agency


def units(
    *, search: str = "", level: str = "", parent: str = ""
) -> QuerySet[AdministrativeUnit]:
    """Administrative units matching a folded word-prefix search and filters."""
    result = AdministrativeUnit.objects.filter(is_active=True)
    for term in search_terms(search):
        result = result.filter(search_text__contains=" " + term)
    if level:
        result = result.filter(level__code=level)
    if parent:
        result = result.filter(parent__code=parent)
    return result.select_related("level", "parent").order_by("code")


def agencies(*, search: str = "", kind: str = "", unit: str = "") -> QuerySet[Agency]:
    """Active agencies matching a folded word-prefix search and filters."""
    result = Agency.objects.filter(is_active=True)
    for term in search_terms(search):
        result = result.filter(search_text__contains=" " + term)
    if kind:
        result = result.filter(kind=kind)
    if unit:
        result = result.filter(unit__code=unit)
    return result.select_related("unit", "unit__level", "parent").order_by("code")


def levels() -> QuerySet[AdministrativeLevel]:
    """Return the levels of government, from the top of the tree down."""
    return AdministrativeLevel.objects.order_by("rank")


def unit_detail(code: str) -> AdministrativeUnit | None:
    """Return the active unit ``code`` with its active children, or None."""
    children = AdministrativeUnit.objects.filter(is_active=True).order_by("code")
    return (
        units()
        .filter(code=code)
        .prefetch_related(Prefetch("children", queryset=children))
        .first()
    )


def agency_detail(code: str) -> Agency | None:
    """Return the active agency ``code``, or None."""
    return agencies().filter(code=code).first()
