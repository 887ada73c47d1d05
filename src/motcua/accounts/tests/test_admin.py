from django.urls import reverse

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment, User
from motcua.accounts.services import grant_role
from motcua.accounts.tests.factories import (
    AgencyFactory,
    UnitFactory,
    UserFactory,
    levels,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:accounts_{name}", args=args)


@pytest.fixture
def tree():
    """Build a district committee, a commune below it and an unrelated commune."""
    district = AgencyFactory(
        code="000.00.21.H39", name="Ủy ban nhân dân huyện Tân Thạnh", kind="district_pc"
    )
    commune = AgencyFactory(
        code="000.01.21.H39", name="Ủy ban nhân dân xã Tân Lập", parent=district
    )
    elsewhere = AgencyFactory(code="000.02.22.H39", name="Ủy ban nhân dân xã Mỹ An")
    administrator = UserFactory(username="quantri", is_staff=True)
    grant_role(administrator, agency=district, role=Role.ADMINISTRATOR)
    inside = UserFactory(username="chuyenvien")
    grant_role(inside, agency=commune, role=Role.SPECIALIST)
    outside = UserFactory(username="ngoaivung")
    grant_role(outside, agency=elsewhere, role=Role.SPECIALIST)
    return {
        "district": district,
        "commune": commune,
        "elsewhere": elsewhere,
        "administrator": administrator,
        "inside": inside,
        "outside": outside,
    }


@pytest.fixture
def as_administrator(client, tree):
    client.force_login(tree["administrator"])
    return client


def test_account_pages_load_for_a_superuser(admin_client, tree):
    unit = tree["district"].unit
    pages = [
        ("user", tree["inside"].pk),
        ("administrativelevel", unit.level_id),
        ("administrativeunit", unit.pk),
        ("agency", tree["district"].pk),
        ("roleassignment", tree["inside"].roles.get().pk),
    ]
    for model, pk in pages:
        for page, args in [("changelist", ()), ("add", ()), ("change", (pk,))]:
            response = admin_client.get(url(f"{model}_{page}", *args))
            assert response.status_code == 200, (model, page)


def test_unit_changelist_finds_units_without_diacritics(admin_client):
    level = levels()["district"]
    UnitFactory(
        code="799", name="Tân Thạnh", name_with_type="Huyện Tân Thạnh", level=level
    )
    UnitFactory(
        code="800", name="Thạnh Hóa", name_with_type="Huyện Thạnh Hóa", level=level
    )

    response = admin_client.get(
        url("administrativeunit_changelist"), {"q": "tan thanh"}
    )

    assert [u.code for u in response.context["cl"].result_list] == ["799"]


def test_unit_changelist_finds_units_by_code(admin_client):
    UnitFactory(code="27619")
    UnitFactory(code="27628")

    response = admin_client.get(url("administrativeunit_changelist"), {"q": "27619"})

    assert [u.code for u in response.context["cl"].result_list] == ["27619"]


def test_agency_changelist_finds_agencies_without_diacritics(admin_client, tree):
    response = admin_client.get(url("agency_changelist"), {"q": "ubnd tan lap"})
    assert list(response.context["cl"].result_list) == []

    response = admin_client.get(url("agency_changelist"), {"q": "uy ban tan lap"})
    assert list(response.context["cl"].result_list) == [tree["commune"]]


def test_one_screen_creates_a_user_with_a_role(admin_client, tree):
    response = admin_client.post(
        url("user_add"),
        {
            "username": "vanthu",
            "full_name": "Trần Văn Thư",
            "usable_password": "true",
            "password1": "motcua@2026",
            "password2": "motcua@2026",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-0-agency": tree["commune"].pk,
            "roles-0-role": Role.CLERK.value,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="vanthu")
    assert user.full_name == "Trần Văn Thư"
    assert list(user.roles.values_list("agency__code", "role")) == [
        ("000.01.21.H39", "clerk")
    ]


def test_an_agency_administrator_sees_only_the_roles_of_their_agencies(
    as_administrator, tree
):
    response = as_administrator.get(url("roleassignment_changelist"))

    seen = {
        (a.user.username, a.agency.code) for a in response.context["cl"].result_list
    }
    assert seen == {("quantri", "000.00.21.H39"), ("chuyenvien", "000.01.21.H39")}


def test_an_agency_administrator_sees_only_their_staff(as_administrator, tree):
    response = as_administrator.get(url("user_changelist"))

    names = {u.username for u in response.context["cl"].result_list}
    assert names == {"quantri", "chuyenvien"}
    outside = as_administrator.get(url("user_change", tree["outside"].pk))
    assert outside.status_code == 302  # "does not exist" for them


def test_an_agency_administrator_grants_roles_in_a_sub_agency(as_administrator, tree):
    response = as_administrator.post(
        url("roleassignment_add"),
        {"user": tree["inside"].pk, "agency": tree["commune"].pk, "role": "leader"},
    )

    assert response.status_code == 302
    assert tree["inside"].roles.filter(role="leader").exists()


def test_an_agency_administrator_cannot_grant_roles_elsewhere(as_administrator, tree):
    response = as_administrator.post(
        url("roleassignment_add"),
        {"user": tree["inside"].pk, "agency": tree["elsewhere"].pk, "role": "leader"},
    )

    assert "agency" in response.context["adminform"].form.errors
    assert not RoleAssignment.objects.filter(role="leader").exists()


def test_an_agency_administrator_cannot_edit_roles_elsewhere(as_administrator, tree):
    assignment = tree["outside"].roles.get()

    response = as_administrator.post(
        url("roleassignment_delete", assignment.pk), {"post": "yes"}
    )

    assert response.status_code == 302
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_agency_autocomplete_offers_only_administered_agencies(as_administrator, tree):
    response = as_administrator.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "accounts",
            "model_name": "roleassignment",
            "field_name": "agency",
            "term": "uy ban",
        },
    )

    codes = {result["text"] for result in response.json()["results"]}
    assert codes == {tree["district"].name, tree["commune"].name}


def test_an_agency_administrator_cannot_make_a_superuser(as_administrator, tree):
    page = as_administrator.get(url("user_change", tree["inside"].pk))

    assert page.status_code == 200
    assert "is_superuser" not in page.context["adminform"].form.fields


def test_an_agency_administrator_does_not_see_units(as_administrator):
    response = as_administrator.get(url("administrativeunit_changelist"))

    assert response.status_code == 403


def test_staff_without_an_administrator_role_sees_no_staff(client, tree):
    client.force_login(UserFactory(username="thuong", is_staff=True))

    assert client.get(url("roleassignment_changelist")).status_code == 403
    assert client.get(url("user_changelist")).status_code == 403
