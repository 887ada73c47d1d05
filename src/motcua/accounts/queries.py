"""Reads of the organisation tree for the portal, the API and the admin."""

from django.db.models import Prefetch, QuerySet

from motcua.core.text import search_terms

from .domain import Role
from .models import AdministrativeLevel, AdministrativeUnit, Agency, RoleAssignment


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


def level_exists(code: str) -> bool:
    """Tell whether ``code`` is a level of government."""
    return levels().filter(code=code).exists()


def unit_exists(code: str) -> bool:
    """Tell whether ``code`` is an active administrative unit."""
    return units().filter(code=code).exists()


def agency_exists(code: str) -> bool:
    """Tell whether ``code`` is an active agency."""
    return agencies().filter(code=code).exists()


_SCOPE_CACHE = "_motcua_administered_agencies"


def administered_agency_ids(request) -> frozenset[int]:
    """Return the agencies whose staff ``request.user`` administers.

    They are the agencies where the user holds the administrator role and
    every agency below them. Computed once per request.
    """
    cached = getattr(request, _SCOPE_CACHE, None)
    if cached is not None:
        return cached
    user = request.user
    roots = set()
    if user.is_active and user.is_staff:
        roots = set(
            RoleAssignment.objects.filter(
                user=user, role=Role.ADMINISTRATOR.value
            ).values_list("agency_id", flat=True)
        )
    scope = set(roots)
    if roots:
        children: dict[int, list[int]] = {}
        for pk, parent in Agency.objects.values_list("pk", "parent_id"):
            children.setdefault(parent, []).append(pk)
        todo = list(roots)
        while todo:
            for child in children.get(todo.pop(), []):
                if child not in scope:
                    scope.add(child)
                    todo.append(child)
    result = frozenset(scope)
    setattr(request, _SCOPE_CACHE, result)
    return result


def is_agency_administrator(request) -> bool:
    """Tell whether the user administers at least one agency."""
    return bool(administered_agency_ids(request))
