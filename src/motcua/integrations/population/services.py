"""Look a citizen up in the population registry, and keep the audit trail."""

from django.utils import timezone

from .adapters import PopulationError, population_adapter
from .domain import Citizen


def lookup(
    personal_id: str, *, user=None, purpose: str, subject_ref: str = ""
) -> Citizen | None:
    """Return the citizen with this personal ID, None when the registry has none.

    Every call is recorded (``registry.PopulationLookup``: who, when, for
    what purpose and which draft or dossier (``subject_ref``), which
    adapter, what came back), found or not: the lookups found per dossier
    are what the national indicator of dossiers using population data
    (Decision 766, 4.5b) counts. Raises
    ``PopulationError`` (``PopulationUnavailable`` when retrying later may
    help) after recording the failure; callers then let the citizen type
    the fields in.
    """
    from motcua.registry.models import PopulationLookup

    personal_id = (personal_id or "").strip()
    adapter = population_adapter()
    outcome = PopulationLookup.Outcome.NOT_FOUND
    try:
        citizen = adapter.fetch(personal_id)
    except PopulationError:
        outcome = PopulationLookup.Outcome.UNAVAILABLE
        raise
    else:
        if citizen is not None:
            outcome = PopulationLookup.Outcome.FOUND
        return citizen
    finally:
        PopulationLookup.objects.create(
            personal_id=personal_id[:12],
            user=user if user is not None and user.is_authenticated else None,
            purpose=purpose[:200],
            subject_ref=subject_ref[:100],
            adapter=adapter.name,
            outcome=outcome,
            at=timezone.now(),
        )
