"""Reads of the organisation tree for the portal and the API."""

from django.db.models import QuerySet

from motcua.core.text import search_terms

from .models import AdministrativeUnit, Agency


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
