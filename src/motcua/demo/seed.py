"""Load the demo province: its tree, agencies, staff and catalog.

Every step is idempotent, so ``make run`` can call it on every start and an
installation keeps whatever its administrators changed since.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from motcua.accounts.domain import Role
from motcua.accounts.models import AdministrativeUnit, Agency, AgencyKind, User
from motcua.accounts.services import grant_role, load_administrative_tree, upsert_agency
from motcua.catalog.models import Field, Procedure
from motcua.catalog.services import Decision, DraftSpec, create_draft, publish_version

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
        DemoAccount(
            "motcua.sotuphap",
            "Bùi Thị Thu",
            ((justice, Role.DESK_OFFICER), (centre, Role.DESK_OFFICER)),
        ),
        DemoAccount(
            "giamsat", "Ngô Quốc Bảo", ((ids.provincial_code("00"), Role.MONITOR),)
        ),
    ]


@transaction.atomic
def load_agencies(province_code: str) -> int:
    """Create the province's agencies: departments, district and commune bodies."""
    province = AdministrativeUnit.objects.get(code=province_code)
    count = 0
    parent = None
    for number, function, kind, name in ids.PROVINCIAL_AGENCIES:
        agency = upsert_agency(
            ids.provincial_code(number),
            name=name,
            kind=kind,
            function=function,
            unit=province,
            parent=parent if kind == AgencyKind.DEPARTMENT else None,
            address=ids.PROVINCE_ADDRESS,
        )
        parent = parent or agency
        count += 1
    districts = list(province.children.filter(level__code="district").order_by("code"))
    for d_index, district in enumerate(districts):
        district_pc = upsert_agency(
            ids.district_code(d_index),
            name=f"Ủy ban nhân dân {district.name_with_type}",
            kind=AgencyKind.DISTRICT_PC,
            function="district_pc",
            unit=district,
            address=f"{district.name_with_type}, tỉnh Long An",
        )
        upsert_agency(
            f"000.{ids.LAND_OFFICE_NUMBER}.{ids.FIRST_DISTRICT_NUMBER + d_index:02d}.{ids.PROVINCE_SUFFIX}",
            name=f"Chi nhánh Văn phòng đăng ký đất đai {district.name_with_type}",
            kind=AgencyKind.LAND_OFFICE,
            function="district_land_office",
            unit=district,
            parent=district_pc,
            address=district_pc.address,
        )
        count += 2
        for c_index, commune in enumerate(district.children.order_by("code")):
            count += _commune_agencies(commune, d_index, c_index)
    # A two-tier province: communes sit under the province itself.
    direct = province.children.filter(level__code="commune").order_by("code")
    for c_index, commune in enumerate(direct):
        count += _commune_agencies(commune, c_index // 99, c_index % 99)
    return count


def _commune_agencies(commune, d_index: int, c_index: int) -> int:
    address = f"{commune.name_with_type}, tỉnh Long An"
    upsert_agency(
        ids.commune_code(d_index, c_index),
        name=f"Ủy ban nhân dân {commune.name_with_type}",
        kind=AgencyKind.COMMUNE_PC,
        function="commune_pc",
        unit=commune,
        address=address,
    )
    upsert_agency(
        ids.commune_code(d_index, c_index, prefix=ids.POLICE_PREFIX),
        name=f"Công an {commune.name_with_type}",
        kind=AgencyKind.POLICE,
        function="commune_police",
        unit=commune,
        address=address,
    )
    return 2


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


def spec_from_seed(
    record: dict, *, form_files: dict[str, bytes] | None = None
) -> DraftSpec:
    """Turn one seed or import record into a draft specification."""
    documents = []
    for document in record.get("documents", []):
        documents.append(
            {
                "name": document["name"],
                "originals": document.get("originals", 0),
                "copies": document.get("copies", 0),
                "required": document.get("required", True),
                "condition": document.get("condition", ""),
                "form_name": document.get("form") or "",
            }
        )
    channels = [
        {
            "channel": c["channel"],
            "time_amount": c.get("time_amount", 0),
            "time_unit": c["time_unit"],
            "cutoff_hour": c.get("cutoff_hour"),
            "time_text": c.get("time_text", ""),
            "fees": [
                {
                    "name": f["name"],
                    "amount": f.get("amount", 0),
                    "description": f.get("description", ""),
                    "exemptions": f.get("exemptions", ""),
                }
                for f in c.get("fees", [])
            ],
        }
        for c in record.get("channels", [])
    ]
    return DraftSpec(
        code=record["code"],
        name=record["name"],
        level=record["level"],
        field=record["field"],
        agency_functions=list(record.get("agency_kinds", [])),
        documents=documents,
        channels=channels,
        attributes={
            "implementing_agency": record.get("implementing_agency", ""),
            "deciding_authority": record.get("deciding_authority", ""),
            "subjects": record.get("subjects", ""),
            "steps": record.get("steps", ""),
            "conditions": record.get("conditions", ""),
            "legal_basis": record.get("legal_basis", []),
            "results": record.get("results", []),
            "online_level": record.get("online_level", "none"),
            "postal": record.get("postal", False),
            "boundary_free": record.get("boundary_free", False),
            "on_the_spot": record.get("on_the_spot", False),
            "source": record.get("source", ""),
        },
    )


def decision_from_seed(record: dict, default_effective: date) -> Decision:
    decision = record.get("decision") or {}

    def as_date(value):
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            return None

    return Decision(
        effective_from=as_date(decision.get("effective"))
        or as_date(decision.get("date"))
        or default_effective,
        number=decision.get("number", ""),
        signed_on=as_date(decision.get("date")),
        issuer=decision.get("issuer", ""),
    )


@transaction.atomic
def load_catalog(data: dict, *, default_effective: date = date(2025, 7, 1)) -> int:
    """Publish every seed procedure that is not in the catalog yet."""
    for field in data["fields"]:
        Field.objects.get_or_create(
            code=field["code"], defaults={"name": field["name"]}
        )
    existing = set(Procedure.objects.values_list("code", flat=True))
    created = 0
    for record in data["procedures"]:
        if record["code"] in existing:
            continue
        version = create_draft(spec_from_seed(record))
        publish_version(version, decision=decision_from_seed(record, default_effective))
        created += 1
    attach_form_templates()
    return created


def attach_form_templates() -> int:
    """Render each seed form template to PDF and attach it where it is named."""
    from motcua.catalog.models import RequiredDocument
    from motcua.documents.pdf import render_form_template

    attached = 0
    missing = RequiredDocument.objects.exclude(form_name="").filter(form_file="")
    rendered: dict[str, bytes] = {}
    for document in missing:
        slug = document.form_name
        source = SEED_DIR / "forms" / f"{slug}.html"
        if not source.exists():
            continue
        if slug not in rendered:
            rendered[slug] = render_form_template(
                slug, source.read_text(encoding="utf-8")
            )
        document.form_file.save(f"{slug}.pdf", ContentFile(rendered[slug]), save=True)
        attached += 1
    return attached


def load_demo(*, province_code: str, two_tier: bool = False) -> dict:
    """Load everything the demo needs; return counts for the console."""
    tree = load_administrative_tree(province_code, two_tier=two_tier)
    agencies = load_agencies(province_code)
    accounts = load_staff() if not two_tier else []
    procedures = load_catalog(read_seed_catalog())
    return {
        "tree": tree,
        "agencies": agencies,
        "accounts": accounts,
        "procedures": procedures,
    }
