"""Build catalog rows through the same services the seed and imports use."""

from datetime import date

import factory

from motcua.accounts.tests.factories import levels
from motcua.catalog.models import Field
from motcua.catalog.services import Decision, DraftSpec, create_draft, publish_version


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = "HOTICH"
    name = "Hộ tịch"


def birth_registration_spec(**overrides) -> DraftSpec:
    """Đăng ký khai sinh (1.001193), as the national portal publishes it."""
    spec = DraftSpec(
        code="1.001193",
        name="Đăng ký khai sinh",
        level="commune",
        field="HOTICH",
        agency_functions=["commune_pc"],
        attributes={
            "implementing_agency": "Ủy ban nhân dân cấp xã",
            "subjects": "Cá nhân",
            "steps": "Bước 1: Nộp hồ sơ\nBước 2: Trả kết quả",
            "online_level": "partial",
            "postal": True,
            "on_the_spot": True,
            "legal_basis": [
                {
                    "number": "60/2014/QH13",
                    "title": "Luật Hộ tịch",
                    "date": "2014-11-20",
                }
            ],
            "results": ["Giấy khai sinh (bản chính)"],
        },
        documents=[
            {"name": "Tờ khai đăng ký khai sinh theo mẫu", "originals": 1},
            {"name": "Bản chính Giấy chứng sinh", "originals": 1},
        ],
        channels=[
            {
                "channel": "desk",
                "time_amount": 0,
                "time_unit": "same_day",
                "cutoff_hour": 15,
                "fees": [{"name": "Lệ phí đăng ký khai sinh", "amount": 8000}],
            },
            {
                "channel": "online",
                "time_amount": 0,
                "time_unit": "same_day",
                "cutoff_hour": 15,
            },
        ],
    )
    for name, value in overrides.items():
        setattr(spec, name, value)
    return spec


def published_procedure(
    spec: DraftSpec | None = None, *, effective_from=date(2025, 7, 1), field_name=None
):
    """Create and publish a procedure version; fields and levels are made as needed."""
    spec = spec or birth_registration_spec()
    levels()
    FieldFactory(code=spec.field, name=field_name or spec.field.title())
    version = create_draft(spec)
    return publish_version(
        version, decision=Decision(effective_from=effective_from, number="1872/QĐ-BTP")
    )
