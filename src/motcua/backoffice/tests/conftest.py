import pytest

from motcua.accounts.tests.factories import AgencyFactory, UnitFactory
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure
from motcua.dossiers.tests.factories import desk_officer

# Tiny but real files: the magic bytes are what the services check.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
    b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff"
    b"\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def agency(db):
    return AgencyFactory(
        code="000.05.25.H39",
        name="Ủy ban nhân dân thị trấn Tân Thạnh",
        unit=UnitFactory(code="28135", name="Tân Thạnh"),
        function="commune_pc",
        phone="0272 3842 123",
    )


@pytest.fixture
def version(agency):
    """Đăng ký khai sinh, received by the commune (5 working days here)."""
    spec = birth_registration_spec(
        channels=[
            {
                "channel": "desk",
                "time_amount": 5,
                "time_unit": "working_days",
                "fees": [{"name": "Lệ phí đăng ký khai sinh", "amount": 8000}],
            }
        ]
    )
    version = published_procedure(spec)
    version.agencies.add(agency)
    return version


@pytest.fixture
def officer(agency):
    return desk_officer(agency, username="motcua.desk", full_name="Trần Thị Mai")


@pytest.fixture
def desk_client(client, officer):
    client.force_login(officer)
    return client
