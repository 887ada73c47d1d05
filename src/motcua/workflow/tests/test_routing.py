"""Routing by competence: candidates, reception for another agency, desk search."""

import pytest

from motcua.dossiers.services.reception import ReceptionRefused
from motcua.workflow import services
from motcua.workflow.models import DossierTask

from .world import procedure, reception_kwargs


def test_an_implementing_agency_handles_what_it_receives(world):
    version = procedure()
    assert services.candidates(version, world.district.agency) == [
        world.district.agency
    ]


def test_a_service_centre_routes_to_the_competent_agencies(world):
    version = procedure()
    assert services.candidates(version, world.centre.agency) == [
        world.district.agency,
        world.other_district.agency,
    ]


def test_an_agency_that_does_not_implement_cannot_receive(world):
    version = procedure()  # district procedure, not boundary-free
    assert services.candidates(version, world.commune.agency) == []
    with pytest.raises(ReceptionRefused) as refused:
        services.receive(**reception_kwargs(world.commune, version))
    assert "procedure_version" in refused.value.errors


def test_the_centre_must_choose_among_several(world):
    version = procedure()
    with pytest.raises(ReceptionRefused) as refused:
        services.receive(**reception_kwargs(world.centre, version))
    assert "handling_agency" in refused.value.errors


def test_the_centre_receives_for_the_chosen_agency(world):
    version = procedure()
    dossier = services.receive(
        **reception_kwargs(
            world.centre, version, handling_agency=world.other_district.agency
        )
    )
    assert dossier.receiving_agency == world.centre.agency
    assert dossier.handling_agency == world.other_district.agency
    assert dossier.code.startswith(world.centre.agency.code)
    desk = DossierTask.objects.get(dossier=dossier, state="open")
    assert desk.agency == world.centre.agency  # the desk step is the receiving one
    appraisal = services.forward(desk, user=world.centre.desk)
    assert appraisal.agency == world.other_district.agency


def test_a_chosen_agency_must_be_competent(world):
    version = procedure()
    with pytest.raises(ReceptionRefused) as refused:
        services.receive(
            **reception_kwargs(
                world.centre, version, handling_agency=world.commune.agency
            )
        )
    assert "not competent" in refused.value.errors["handling_agency"][0]


def test_a_boundary_free_procedure_received_at_another_commune(world):
    version = procedure("2.000815", level="commune", functions=(), boundary_free=True)
    version.agencies.add(world.other_commune.agency)
    assert services.candidates(version, world.commune.agency) == [
        world.other_commune.agency
    ]
    dossier = services.receive(**reception_kwargs(world.commune, version))
    assert dossier.handling_agency == world.other_commune.agency
    assert dossier.receiving_agency == world.commune.agency


def test_a_boundary_free_procedure_of_another_level_is_not_received(world):
    version = procedure("2.000992", functions=(), boundary_free=True)
    version.agencies.add(world.district.agency)
    assert services.candidates(version, world.commune.agency) == []


def test_the_desk_search_lists_only_what_the_agency_can_receive(world):
    district_only = procedure("1.001612")
    commune_free = procedure(
        "2.000815", level="commune", functions=("commune_pc",), boundary_free=True
    )
    province_free = procedure(
        "1.002820",
        level="province",
        functions=("dept_transport",),
        boundary_free=True,
    )
    at_district = set(services.receivable_versions(world.district.agency))
    assert district_only in at_district
    assert commune_free not in at_district  # the known gap, fixed
    assert province_free not in at_district
    at_commune = set(services.receivable_versions(world.commune.agency))
    assert at_commune == {commune_free}
    at_centre = set(services.receivable_versions(world.centre.agency))
    assert {district_only, commune_free, province_free} <= at_centre


def test_the_desk_search_searches(world):
    version = procedure("1.001612")
    found = services.receivable_versions(world.district.agency, "thu tuc thu")
    assert list(found) == [version]
    assert not services.receivable_versions(world.district.agency, "khong co").exists()
