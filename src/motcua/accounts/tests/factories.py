import factory

from motcua.accounts.models import AdministrativeLevel, AdministrativeUnit, Agency, User


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeLevel
        django_get_or_create = ("code",)

    code = "province"
    name = "Cấp tỉnh"
    rank = 1


def levels():
    """Create the three levels of government once and return them."""
    return {
        "province": LevelFactory(code="province", name="Cấp tỉnh", rank=1),
        "district": LevelFactory(code="district", name="Cấp huyện", rank=2),
        "commune": LevelFactory(code="commune", name="Cấp xã", rank=3),
    }


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Tân Phước {n}")
    name_with_type = factory.LazyAttribute(lambda o: f"Xã {o.name}")
    kind = "xa"
    level = factory.LazyFunction(lambda: levels()["commune"])


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"000.{n % 100:02d}.{n // 100 % 100:02d}.H39")
    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Tân Phước {n}")
    kind = "commune_pc"
    function = "commune_pc"
    unit = factory.SubFactory(UnitFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = "Nguyễn Thị Hoa"
    password = factory.django.Password("motcua@2026")
