"""Routing by competence: who may handle a procedure, who may receive it.

A procedure version names the agencies that implement it, directly or
by their function (``commune_pc``, ``dept_justice``…). An agency that
implements a procedure handles what it receives. A public administration
service centre receives for the competent agencies of its province, and
a boundary-free procedure (phi địa giới) may be received by a People's
Committee at the procedure's level for another one of the province; the
dossier is then routed to the competent agency and its receipt says so.
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import AdministrativeUnit, Agency, AgencyKind
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.queries import CatalogFilter, catalog_search

BOUNDARY_FREE_RECEIVERS = frozenset({AgencyKind.COMMUNE_PC, AgencyKind.DISTRICT_PC})


def functions_of(version: ProcedureVersion) -> list[str]:
    return [f.strip() for f in version.agency_functions.split(",") if f.strip()]


def implements(version: ProcedureVersion, agency: Agency) -> bool:
    """Tell whether ``agency`` implements ``version`` (directly or by function)."""
    return (
        bool(agency.function) and agency.function in functions_of(version)
    ) or version.agencies.filter(pk=agency.pk).exists()


def province_of(agency: Agency) -> AdministrativeUnit:
    """Return the top unit above ``agency`` (its province)."""
    unit = agency.unit
    while unit.parent_id is not None:
        unit = unit.parent
    return unit


def in_unit_tree(unit: AdministrativeUnit) -> Q:
    """Agencies whose unit is ``unit`` or below it (three levels at most)."""
    return Q(unit=unit) | Q(unit__parent=unit) | Q(unit__parent__parent=unit)


def implementing_agencies(version: ProcedureVersion, province) -> QuerySet[Agency]:
    """Active agencies of ``province`` that implement ``version``."""
    competent = Q(procedure_versions=version)
    functions = functions_of(version)
    if functions:
        competent |= Q(function__in=functions)
    return (
        Agency.objects.filter(is_active=True)
        .filter(competent)
        .filter(in_unit_tree(province))
        .distinct()
    )


def can_receive_for_others(version: ProcedureVersion, agency: Agency) -> bool:
    """Tell whether ``agency`` may receive ``version`` for another agency."""
    if agency.kind == AgencyKind.SERVICE_CENTRE:
        return True
    return (
        version.boundary_free
        and agency.kind in BOUNDARY_FREE_RECEIVERS
        and agency.unit.level_id == version.level_id
    )


def candidates(version: ProcedureVersion, receiving_agency: Agency) -> list[Agency]:
    """Return the agencies that may handle ``version`` received at ``receiving_agency``.

    An agency that implements the procedure handles it itself. A service
    centre, or a People's Committee receiving a boundary-free procedure,
    routes it to the implementing agencies of the province at the
    procedure's level (those of its own unit first). Empty: it cannot be
    received here.
    """
    if implements(version, receiving_agency):
        return [receiving_agency]
    if not can_receive_for_others(version, receiving_agency):
        return []
    agencies = implementing_agencies(version, province_of(receiving_agency))
    at_level = agencies.filter(unit__level_id=version.level_id)
    rows = list((at_level if at_level.exists() else agencies).select_related("unit"))
    home = {receiving_agency.unit_id, receiving_agency.unit.parent_id}
    return sorted(rows, key=lambda a: (a.unit_id not in home, a.code))


def receivable_versions(
    agency: Agency, search: str = "", *, on: date | None = None
) -> QuerySet[ProcedureVersion]:
    """Versions in force that ``agency``'s desk may receive, for its search.

    Those it implements; for a service centre, every procedure implemented
    in the province; for a People's Committee, also the boundary-free
    procedures of its own level. (Before, every boundary-free procedure was
    listed to every desk, including ones it could not receive.)
    """
    versions = catalog_search(
        CatalogFilter(search=search), on=on or timezone.localdate()
    )
    linked = Q(agencies=agency)
    if agency.function:
        linked |= Q(agency_functions__regex=rf"(^|,)\s*{agency.function}\s*(,|$)")
    if agency.kind == AgencyKind.SERVICE_CENTRE:
        province = province_of(agency)
        linked |= ~Q(agency_functions="") | Q(
            agencies__in=Agency.objects.filter(in_unit_tree(province))
        )
    elif agency.kind in BOUNDARY_FREE_RECEIVERS:
        linked |= Q(boundary_free=True, level_id=agency.unit.level_id)
    return versions.filter(linked).distinct()


def transfer_targets(task) -> list[Agency]:
    """Return the agencies a task's dossier may be transferred to.

    With a function on the step, agencies of that function, those above
    the current agency first (commune → its district); else the other
    agencies of the province implementing the procedure.
    """
    agency = task.agency
    province = province_of(agency)
    function = task.step.transfer_function
    if function:
        pool = Agency.objects.filter(is_active=True, function=function).filter(
            in_unit_tree(province)
        )
    else:
        pool = implementing_agencies(task.dossier.procedure_version, province)
    rows = list(pool.exclude(pk=agency.pk).select_related("unit"))
    ancestors, unit = [], agency.unit
    while unit is not None:
        ancestors.append(unit.pk)
        unit = unit.parent
    if function:
        near = [a for a in rows if a.unit_id in ancestors]
        rows = near or rows
    return sorted(
        rows,
        key=lambda a: (
            ancestors.index(a.unit_id) if a.unit_id in ancestors else len(ancestors),
            a.code,
        ),
    )
