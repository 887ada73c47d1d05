"""The desk routes by competence: a centre names the agency that decides."""

from django.test import Client

import pytest

from motcua.dossiers.models import Dossier
from motcua.workflow.models import DossierTask
from motcua.workflow.tests.world import build_world, procedure

pytestmark = pytest.mark.django_db


def form_data(version, **extra):
    data = {
        "thu_tuc": version.pk,
        "outcome": "receive",
        "kind": "person",
        "full_name": "Nguyễn Văn An",
        "personal_id": "080090000123",
        "date_of_birth": "17/05/1990",
        "address": "Ấp 3",
        "phone": "0912345678",
        "sets": "1",
        "delivery_method": "desk",
        **extra,
    }
    for paper in version.documents.all():
        data[f"doc_{paper.pk}"] = "on"
        data[f"doc_{paper.pk}_originals"] = "1"
        data[f"doc_{paper.pk}_copies"] = "0"
    return data


def test_the_centre_chooses_the_competent_agency_and_the_receipt_says_so():
    world = build_world()
    version = procedure()
    client = Client()
    client.force_login(world.centre.desk)
    page = client.get(f"/can-bo/tiep-nhan/?thu_tuc={version.pk}").content.decode()
    assert 'name="handling_agency"' in page
    assert world.other_district.agency.name in page

    chosen = world.other_district.agency.code
    response = client.post(
        "/can-bo/tiep-nhan/", form_data(version, handling_agency=chosen)
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    dossier = Dossier.objects.get()
    assert dossier.handling_agency == world.other_district.agency
    assert DossierTask.objects.get(dossier=dossier, state="open").step.key == "receive"
    receipt = client.get(response["Location"]).content.decode()
    assert 'id="handled-by"' in receipt
    assert world.other_district.agency.name in receipt


def test_an_agency_that_implements_the_procedure_is_not_asked():
    world = build_world()
    version = procedure()
    client = Client()
    client.force_login(world.district.desk)
    page = client.get(f"/can-bo/tiep-nhan/?thu_tuc={version.pk}").content.decode()
    assert 'name="handling_agency"' not in page
    response = client.post("/can-bo/tiep-nhan/", form_data(version))
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    assert 'id="handled-by"' not in receipt


def test_a_commune_cannot_open_a_district_procedure():
    world = build_world()
    version = procedure()
    client = Client()
    client.force_login(world.commune.desk)
    assert client.get(f"/can-bo/tiep-nhan/?thu_tuc={version.pk}").status_code == 404
