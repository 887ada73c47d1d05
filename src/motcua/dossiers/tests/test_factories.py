import pytest

from motcua.dossiers.domain import Status
from motcua.dossiers.services.audit import verify_chain
from motcua.dossiers.tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", list(Status))
def test_every_trait_builds_a_dossier_with_an_intact_history(status):
    dossier = DossierFactory(**{status.value: True})

    assert dossier.status == status
    assert dossier.events.order_by("-sequence").first().to_status == status
    assert verify_chain(dossier) == []
    paused = status in (Status.AWAITING_SUPPLEMENT, Status.AWAITING_FEES)
    assert dossier.pauses.filter(ended_at__isnull=True).exists() == paused
