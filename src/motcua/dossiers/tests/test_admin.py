import pytest

from motcua.accounts.tests.factories import UserFactory

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_the_admin_shows_a_dossier_and_its_events_read_only(client):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    client.force_login(admin)
    dossier = DossierFactory(in_progress=True)
    event = dossier.events.first()

    page = client.get(f"/admin/dossiers/dossier/{dossier.pk}/change/")
    assert page.status_code == 200
    assert dossier.code in page.content.decode()

    assert (
        client.get(f"/admin/dossiers/dossierevent/{event.pk}/change/").status_code
        == 200
    )
    assert client.get("/admin/dossiers/dossierevent/add/").status_code == 403
    assert (
        client.post(f"/admin/dossiers/dossierevent/{event.pk}/delete/").status_code
        == 403
    )
    assert client.get("/admin/dossiers/dossier/add/").status_code == 403
