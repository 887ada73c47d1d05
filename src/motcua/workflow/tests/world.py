"""A small province for workflow tests: a district, two communes, a centre, staff."""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.accounts.tests.factories import (
    AgencyFactory,
    UnitFactory,
    UserFactory,
    levels,
)
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure
from motcua.dossiers.services.reception import ApplicantData, DocumentReceipt

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime(2025, 10, 27, 9, 0, tzinfo=HCM)  # a Monday with no holiday


def local(*parts) -> datetime:
    return datetime(*parts, tzinfo=HCM)


@dataclass
class Office:
    agency: object
    staff: dict = field(default_factory=dict)

    def __getattr__(self, role):
        try:
            return self.__dict__["staff"][role]
        except KeyError:
            raise AttributeError(role) from None


def office(agency, name) -> Office:
    result = Office(agency)
    for role in (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.CLERK):
        user = UserFactory(username=f"{role.value}.{name}", full_name=f"{role} {name}")
        RoleAssignment.objects.create(user=user, agency=agency, role=role)
        result.staff[{"desk_officer": "desk"}.get(role.value, role.value)] = user
    return result


@dataclass
class World:
    province: Office
    centre: Office
    district: Office
    commune: Office
    other_commune: Office
    other_district: Office


def build_world() -> World:
    lv = levels()
    province = UnitFactory(
        code="80",
        name="Long An",
        name_with_type="Tỉnh Long An",
        kind="tinh",
        level=lv["province"],
    )
    district_unit = UnitFactory(
        code="799",
        name="Tân Thạnh",
        name_with_type="Huyện Tân Thạnh",
        kind="huyen",
        level=lv["district"],
        parent=province,
    )
    other_district_unit = UnitFactory(
        code="800",
        name="Thạnh Hóa",
        name_with_type="Huyện Thạnh Hóa",
        kind="huyen",
        level=lv["district"],
        parent=province,
    )
    town = UnitFactory(
        code="27817",
        name="Tân Thạnh",
        name_with_type="Thị trấn Tân Thạnh",
        kind="thi-tran",
        level=lv["commune"],
        parent=district_unit,
    )
    village = UnitFactory(
        code="27820",
        name="Tân Bình",
        name_with_type="Xã Tân Bình",
        kind="xa",
        level=lv["commune"],
        parent=district_unit,
    )
    province_pc = AgencyFactory(
        code="000.00.00.H39",
        name="UBND tỉnh Long An",
        kind="province_pc",
        function="province_pc",
        unit=province,
    )
    centre = AgencyFactory(
        code="000.00.01.H39",
        name="Trung tâm PVHCC tỉnh",
        kind="service_centre",
        function="service_centre",
        unit=province,
    )
    district = AgencyFactory(
        code="000.00.25.H39",
        name="UBND huyện Tân Thạnh",
        kind="district_pc",
        function="district_pc",
        unit=district_unit,
    )
    other_district = AgencyFactory(
        code="000.00.26.H39",
        name="UBND huyện Thạnh Hóa",
        kind="district_pc",
        function="district_pc",
        unit=other_district_unit,
    )
    commune = AgencyFactory(
        code="000.01.25.H39",
        name="UBND thị trấn Tân Thạnh",
        kind="commune_pc",
        function="commune_pc",
        unit=town,
    )
    other_commune = AgencyFactory(
        code="000.02.25.H39",
        name="UBND xã Tân Bình",
        kind="commune_pc",
        function="commune_pc",
        unit=village,
    )
    return World(
        province=Office(province_pc),
        centre=office(centre, "centre"),
        district=office(district, "district"),
        commune=office(commune, "commune"),
        other_commune=office(other_commune, "other"),
        other_district=office(other_district, "otherdistrict"),
    )


def procedure(
    code="1.001612",
    *,
    level="district",
    functions=("district_pc",),
    amount=5,
    unit="working_days",
    boundary_free=False,
    on_the_spot=False,
):
    spec = birth_registration_spec(
        code=code,
        name=f"Thủ tục thử {code}",
        level=level,
        agency_functions=list(functions),
        channels=[
            {
                "channel": "desk",
                "time_amount": amount,
                "time_unit": unit,
                "fees": [{"name": "Lệ phí", "amount": 50000}],
            },
        ],
    )
    spec.attributes = {
        **spec.attributes,
        "boundary_free": boundary_free,
        "on_the_spot": on_the_spot,
    }
    return published_procedure(spec, effective_from=date(2024, 1, 1))


def applicant(**overrides) -> ApplicantData:
    values = {
        "full_name": "Nguyễn Văn An",
        "personal_id": "080090000123",
        "date_of_birth": date(1990, 5, 17),
        "address": "Ấp 3, thị trấn Tân Thạnh",
        "phone": "0912345678",
        "email": "an@example.vn",
    }
    return ApplicantData(**{**values, **overrides})


def reception_kwargs(office_, version, *, at=MONDAY, **overrides) -> dict:
    return {
        "officer": office_.desk,
        "agency": office_.agency,
        "procedure_version": version,
        "applicant": overrides.pop("applicant", None) or applicant(),
        "documents": [
            DocumentReceipt(required_document_id=d.pk, originals=1)
            for d in version.documents.all()
        ],
        "received_at": at,
        **overrides,
    }
