"""A small catalog and organisation tree built through the services."""

from datetime import date

import pytest

from motcua.accounts.tests.factories import AgencyFactory, UnitFactory, levels
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure

EFFECTIVE = date(2025, 7, 1)


@pytest.fixture
def tree(db):
    """Long An province, Tân Thạnh district and two of its communes."""
    level = levels()
    province = UnitFactory(
        code="80",
        name="Long An",
        name_with_type="Tỉnh Long An",
        kind="tinh",
        level=level["province"],
    )
    district = UnitFactory(
        code="802",
        name="Tân Thạnh",
        name_with_type="Huyện Tân Thạnh",
        kind="huyen",
        level=level["district"],
        parent=province,
    )
    town = UnitFactory(
        code="27898",
        name="Tân Thạnh",
        name_with_type="Thị trấn Tân Thạnh",
        kind="thi-tran",
        level=level["commune"],
        parent=district,
    )
    commune = UnitFactory(
        code="27901",
        name="Tân Phước",
        name_with_type="Xã Tân Phước",
        kind="xa",
        level=level["commune"],
        parent=district,
    )
    return {
        "province": province,
        "district": district,
        "town": town,
        "commune": commune,
    }


@pytest.fixture
def agencies(tree):
    return {
        "justice": AgencyFactory(
            code="000.00.02.H39",
            name="Sở Tư pháp tỉnh Long An",
            kind="department",
            function="dept_justice",
            unit=tree["province"],
            address="Số 1 Nguyễn Huệ, Phường 1, Tân An",
            phone="0272 3826 131",
        ),
        "district_pc": AgencyFactory(
            code="000.00.15.H39",
            name="Ủy ban nhân dân huyện Tân Thạnh",
            kind="district_pc",
            function="district_pc",
            unit=tree["district"],
        ),
        "commune_pc": AgencyFactory(
            code="000.01.15.H39",
            name="Ủy ban nhân dân xã Tân Phước",
            kind="commune_pc",
            function="commune_pc",
            unit=tree["commune"],
        ),
    }


def certification_spec():
    """Chứng thực bản sao từ bản chính (2.000815), at the district."""
    return birth_registration_spec(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        level="district",
        field="CHUNGTHUC",
        agency_functions=["district_pc"],
        attributes={"online_level": "full", "implementing_agency": "Phòng Tư pháp"},
    )


def criminal_record_spec():
    """Cấp Phiếu lý lịch tư pháp (2.000505), at the province."""
    return birth_registration_spec(
        code="2.000505",
        name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        level="province",
        field="LYLICHTUPHAP",
        agency_functions=["dept_justice"],
        attributes={"online_level": "full", "implementing_agency": "Sở Tư pháp"},
    )


@pytest.fixture
def catalog(agencies):
    """Three procedures in force since 1/7/2025, at three levels."""
    return {
        "birth": published_procedure(field_name="Hộ tịch", effective_from=EFFECTIVE),
        "certification": published_procedure(
            certification_spec(), field_name="Chứng thực", effective_from=EFFECTIVE
        ),
        "record": published_procedure(
            criminal_record_spec(),
            field_name="Lý lịch tư pháp",
            effective_from=EFFECTIVE,
        ),
    }
