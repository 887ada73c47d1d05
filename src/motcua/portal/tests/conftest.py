import pytest

from motcua.catalog.tests.factories import birth_registration_spec, published_procedure


@pytest.fixture
def catalog(db):
    """Three procedures in two fields, as the national portal publishes them."""
    birth = published_procedure(field_name="Hộ tịch")
    marriage = published_procedure(
        birth_registration_spec(
            code="1.000894",
            name="Đăng ký kết hôn",
            attributes={"online_level": "full"},
        )
    )
    certification = published_procedure(
        birth_registration_spec(
            code="2.000815",
            name="Chứng thực bản sao từ bản chính",
            field="CHUNGTHUC",
            level="district",
            attributes={"online_level": "none"},
        ),
        field_name="Chứng thực",
    )
    return {"birth": birth, "marriage": marriage, "certification": certification}
