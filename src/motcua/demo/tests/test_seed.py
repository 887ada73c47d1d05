from django.utils import timezone

import pytest

from motcua.accounts.models import AdministrativeUnit, Agency, RoleAssignment, User
from motcua.accounts.services import load_administrative_tree
from motcua.catalog.models import Procedure
from motcua.catalog.queries import procedure_in_force
from motcua.demo.seed import DEMO_PASSWORD, load_agencies, load_demo, read_seed_catalog
from motcua.dossiers.queries import public_tracking

pytestmark = pytest.mark.django_db


def test_the_demo_province_has_its_real_districts_and_communes():
    counts = load_administrative_tree("80")
    assert (counts.districts, counts.communes) == (15, 188)
    tan_thanh = AdministrativeUnit.objects.get(code="799")
    assert tan_thanh.name_with_type == "Huyện Tân Thạnh"
    assert tan_thanh.parent.code == "80"
    assert tan_thanh.children.count() == 13
    assert tan_thanh.level.code == "district"


def test_a_two_tier_province_hangs_communes_under_the_province():
    counts = load_administrative_tree("80", two_tier=True)
    assert counts.districts == 0
    commune = AdministrativeUnit.objects.get(code="27685")
    assert commune.parent.code == "80"
    assert not AdministrativeUnit.objects.filter(level__code="district").exists()
    assert load_agencies("80") == 13 + 188 * 2


def test_the_demo_loads_once_and_a_second_load_changes_nothing():
    first = load_demo(province_code="80")
    counts = (
        Agency.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        Procedure.objects.count(),
    )
    second = load_demo(province_code="80")

    assert first["procedures"] == len(read_seed_catalog()["procedures"])
    assert second["procedures"] == 0
    assert counts == (
        Agency.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        Procedure.objects.count(),
    )
    # every role has a demo account that can sign in
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {
        "desk_officer",
        "specialist",
        "leader",
        "clerk",
        "administrator",
        "monitor",
    }
    assert User.objects.get(username="motcua.tanthanh").check_password(DEMO_PASSWORD)
    several = User.objects.get(username="motcua.sotuphap")
    assert several.roles.values("agency").distinct().count() == 2
    # seeded procedures are public and linked to this province's agencies
    version = procedure_in_force("1.001193", on=timezone.localdate())
    assert version.agencies.count() == 188  # every commune People's Committee
    assert version.documents.exclude(form_file="").exists()
    # a few dossiers received at the demo commune, through the desk service
    assert len(first["dossiers"]) == 3
    assert second["dossiers"] == first["dossiers"]
    assert public_tracking(first["dossiers"][0]).applicant_masked == "N*** V** A"
    # departments hang under the provincial People's Committee
    justice = Agency.objects.get(function="dept_justice")
    assert justice.parent.function == "province_pc"
    # demo citizens sign in with their phone; one dossier waits at the desk
    from motcua.dossiers.domain import Status
    from motcua.dossiers.models import Dossier

    assert [c.phone for c in first["citizens"]] == ["0912000001", "0912000002"]
    citizen = User.objects.get(username=f"cd-{first['citizens'][0].personal_id}")
    assert citizen.check_password(DEMO_PASSWORD)
    online = Dossier.objects.get(code=first["online_dossier"])
    assert online.status == Status.NEW
    assert online.reception_due_at is not None
    assert online.submitted_by.citizen_profile.phone == "0912000002"
    assert second["online_dossier"] is None
