"""Load the demo province: its tree, agencies, staff and catalog.

Every step is idempotent, so ``make run`` can call it on every start and an
installation keeps whatever its administrators changed since.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.domain import Role
from motcua.accounts.models import AdministrativeUnit, Agency, AgencyKind, User
from motcua.accounts.services import (
    grant_role,
    load_administrative_tree,
    upsert_agencies,
)
from motcua.catalog.exchange.importing import ImportFailed, read_seed_shape, validate
from motcua.catalog.exchange.records import spec_from_record
from motcua.catalog.models import Field, Procedure, RequiredDocument
from motcua.catalog.services import Decision, create_draft, publish_version
from motcua.deadlines.services import seed_holidays

from . import agencies as ids

SEED_DIR = Path(__file__).resolve().parent.parent / "catalog" / "seed"
DEMO_PASSWORD = "motcua@2026"
DEMO_DISTRICT = "799"  # Huyện Tân Thạnh
DEMO_COMMUNE_NAME = "Tân Thạnh"  # Thị trấn Tân Thạnh


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    roles: tuple[tuple[str, Role], ...]  # (agency code, role)
    superuser: bool = False


def demo_accounts(tan_thanh: str, town: str) -> list[DemoAccount]:
    centre = ids.provincial_code("01")
    justice = ids.provincial_code("02")
    return [
        DemoAccount(
            "quantri",
            "Nguyễn Văn Quản",
            ((centre, Role.ADMINISTRATOR),),
            superuser=True,
        ),
        DemoAccount(
            "motcua.tanthanh", "Trần Thị Mai", ((tan_thanh, Role.DESK_OFFICER),)
        ),
        DemoAccount(
            "chuyenvien.tanthanh", "Lê Văn Hùng", ((tan_thanh, Role.SPECIALIST),)
        ),
        DemoAccount("lanhdao.tanthanh", "Phạm Minh Tuấn", ((tan_thanh, Role.LEADER),)),
        DemoAccount("vanthu.tanthanh", "Võ Thị Hoa", ((tan_thanh, Role.CLERK),)),
        DemoAccount(
            "motcua.xa",
            "Huỳnh Thị Lan",
            ((town, Role.DESK_OFFICER), (town, Role.SPECIALIST)),
        ),
        DemoAccount("lanhdao.xa", "Đặng Văn Phúc", ((town, Role.LEADER),)),
        DemoAccount("vanthu.xa", "Mai Thị Thanh", ((town, Role.CLERK),)),
        # "4 on the spot": the desk officer also holds the delegated leader role.
        DemoAccount(
            "taicho.xa",
            "Lý Thị Ngọc",
            ((town, Role.DESK_OFFICER), (town, Role.LEADER)),
        ),
        DemoAccount(
            "motcua.sotuphap",
            "Bùi Thị Thu",
            ((justice, Role.DESK_OFFICER), (centre, Role.DESK_OFFICER)),
        ),
        DemoAccount(
            "chuyenvien.sotuphap", "Trương Văn Minh", ((justice, Role.SPECIALIST),)
        ),
        DemoAccount("lanhdao.sotuphap", "Hồ Thị Yến", ((justice, Role.LEADER),)),
        DemoAccount("vanthu.sotuphap", "Đỗ Văn Lộc", ((justice, Role.CLERK),)),
        DemoAccount(
            "giamsat", "Ngô Quốc Bảo", ((ids.provincial_code("00"), Role.MONITOR),)
        ),
    ]


@transaction.atomic
def load_agencies(province_code: str) -> int:
    """Create the province's agencies: departments, district and commune bodies."""
    province = AdministrativeUnit.objects.get(code=province_code)
    rows: list[dict] = []
    for number, function, kind, name in ids.PROVINCIAL_AGENCIES:
        rows.append(
            {
                "code": ids.provincial_code(number),
                "name": name,
                "kind": kind,
                "function": function,
                "unit": province,
                "address": ids.PROVINCE_ADDRESS,
                "parent": ids.provincial_code("00")
                if kind == AgencyKind.DEPARTMENT
                else None,
            }
        )
    districts = list(province.children.filter(level__code="district").order_by("code"))
    for d_index, district in enumerate(districts):
        district_pc = ids.district_code(d_index)
        address = f"{district.name_with_type}, tỉnh Long An"
        rows.append(
            {
                "code": district_pc,
                "name": f"Ủy ban nhân dân {district.name_with_type}",
                "kind": AgencyKind.DISTRICT_PC,
                "function": "district_pc",
                "unit": district,
                "address": address,
                "parent": None,
            }
        )
        rows.append(
            {
                "code": ids.commune_code(d_index, ids.LAND_OFFICE_NUMBER - 1),
                "name": f"Chi nhánh Văn phòng đăng ký đất đai {district.name_with_type}",
                "kind": AgencyKind.LAND_OFFICE,
                "function": "district_land_office",
                "unit": district,
                "address": address,
                "parent": district_pc,
            }
        )
        for c_index, commune in enumerate(district.children.order_by("code")):
            rows.extend(_commune_agencies(commune, d_index, c_index))
    # A two-tier province: communes sit under the province itself.
    direct = province.children.filter(level__code="commune").order_by("code")
    for c_index, commune in enumerate(direct):
        rows.extend(_commune_agencies(commune, c_index // 99, c_index % 99))
    upsert_agencies(rows)
    return len(rows)


def _commune_agencies(commune, d_index: int, c_index: int) -> list[dict]:
    address = f"{commune.name_with_type}, tỉnh Long An"
    return [
        {
            "code": ids.commune_code(d_index, c_index),
            "name": f"Ủy ban nhân dân {commune.name_with_type}",
            "kind": AgencyKind.COMMUNE_PC,
            "function": "commune_pc",
            "unit": commune,
            "address": address,
            "parent": None,
        },
        {
            "code": ids.commune_code(d_index, c_index, prefix=ids.POLICE_PREFIX),
            "name": f"Công an {commune.name_with_type}",
            "kind": AgencyKind.POLICE,
            "function": "commune_police",
            "unit": commune,
            "address": address,
            "parent": None,
        },
    ]


@transaction.atomic
def load_staff() -> list[DemoAccount]:
    """Create a demo account for every role (password ``DEMO_PASSWORD``)."""
    tan_thanh = Agency.objects.get(function="district_pc", unit__code=DEMO_DISTRICT)
    town = Agency.objects.get(
        function="commune_pc",
        unit__parent__code=DEMO_DISTRICT,
        unit__name=DEMO_COMMUNE_NAME,
    )
    accounts = demo_accounts(tan_thanh.code, town.code)
    for account in accounts:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username, full_name=account.full_name)
            user.set_password(DEMO_PASSWORD)
            user.is_staff = True
            user.is_superuser = account.superuser
            user.save()
        for agency_code, role in account.roles:
            grant_role(user, agency=Agency.objects.get(code=agency_code), role=role)
    return accounts


def read_seed_catalog(path: Path = SEED_DIR / "procedures.json") -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def form_titles() -> dict[str, str]:
    """Map each seed form template's slug to its title (the ``<h1>``)."""
    titles = {}
    for source in sorted((SEED_DIR / "forms").glob("*.html")):
        match = _TITLE.search(source.read_text(encoding="utf-8"))
        heading = _TAGS.sub("", match.group(1)).strip() if match else source.stem
        titles[source.stem] = heading[:1] + heading[1:].lower()
    return titles


_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def _decision_of(raw: dict, default_effective: date) -> Decision:
    decision = raw.get("decision") or {}

    def as_date(value):
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            return None

    signed = as_date(decision.get("date"))
    return Decision(
        effective_from=as_date(decision.get("effective"))
        or signed
        or default_effective,
        number=decision.get("number", ""),
        signed_on=signed,
        issuer=decision.get("issuer", ""),
    )


@transaction.atomic
def load_catalog(data: dict, *, default_effective: date = date(2025, 7, 1)) -> int:
    """Publish every seed procedure that is not in the catalog yet.

    The seed goes through the importer's reader and checks, so a mistake in
    the seed file stops the load with the record and reason, as an import
    would. Each record keeps its own publishing decision.
    """
    existing = set(Procedure.objects.values_list("code", flat=True))
    fresh = {
        **data,
        "procedures": [r for r in data["procedures"] if r.get("code") not in existing],
    }
    if not fresh["procedures"]:
        attach_form_templates()
        return 0
    parsed = read_seed_shape(fresh)
    errors = validate(parsed, decision=Decision(effective_from=default_effective))
    if errors:
        raise ImportFailed(errors)
    for field in parsed.fields:
        Field.objects.get_or_create(
            code=field["code"], defaults={"name": field["name"]}
        )
    titles = form_titles()
    for raw, record in zip(fresh["procedures"], parsed.records, strict=True):
        spec = spec_from_record(record)
        for document in spec.documents:
            document["form_name"] = titles.get(
                document["form_name"], document["form_name"]
            )
        version = create_draft(spec)
        publish_version(version, decision=_decision_of(raw, default_effective))
    attach_form_templates()
    return len(parsed.records)


def attach_form_templates() -> int:
    """Render each seed form template to PDF and attach it where it is named."""
    from motcua.documents.pdf import render_form_template

    slugs = {title: slug for slug, title in form_titles().items()}
    attached = 0
    missing = RequiredDocument.objects.filter(form_name__in=slugs, form_file="")
    for document in missing:
        slug = slugs[document.form_name]
        html = (SEED_DIR / "forms" / f"{slug}.html").read_text(encoding="utf-8")
        if html not in _RENDERED_FORMS:
            _RENDERED_FORMS[html] = render_form_template(document.form_name, html)
        document.form_file.save(
            f"{slug}.pdf", ContentFile(_RENDERED_FORMS[html]), save=True
        )
        attached += 1
    return attached


# Rendering a form takes a fraction of a second; tests load the demo often.
_RENDERED_FORMS: dict[str, bytes] = {}


def load_demo(*, province_code: str, two_tier: bool = False) -> dict:
    """Load everything the demo needs; return counts for the console."""
    tree = load_administrative_tree(province_code, two_tier=two_tier)
    agencies = load_agencies(province_code)
    accounts = load_staff() if not two_tier else []
    procedures = load_catalog(read_seed_catalog())
    this_year = timezone.localdate().year
    calendar_days = seed_holidays(sorted({2024, 2025, 2026, this_year, this_year + 1}))
    from motcua.workflow.services import adopt_received, seed_processes

    processes = seed_processes()
    from motcua.eforms.services import seed_eforms

    eforms = seed_eforms()
    from .dossiers import load_demo_dossiers

    dossiers = load_demo_dossiers() if accounts else []
    adopt_received()
    from motcua.registry.demo_people import load_people

    people = load_people(DEMO_DISTRICT)
    from .citizens import load_citizens, load_online_dossier

    citizens = load_citizens(DEMO_PASSWORD) if accounts else []
    online = None
    if citizens:
        town = Agency.objects.get(
            function="commune_pc",
            unit__parent__code=DEMO_DISTRICT,
            unit__name=DEMO_COMMUNE_NAME,
        )
        online = load_online_dossier(town)
    return {
        "people": people,
        "citizens": citizens,
        "online_dossier": online,
        "tree": tree,
        "agencies": agencies,
        "accounts": accounts,
        "procedures": procedures,
        "calendar_days": calendar_days,
        "processes": processes,
        "eforms": eforms,
        "dossiers": dossiers,
    }
