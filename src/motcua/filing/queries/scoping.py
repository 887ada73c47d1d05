"""Who is a citizen, and whose dossiers they see.

A citizen sees a dossier when they filed it (``submitted_by``), when it is
for them (``citizen_owner`` is their profile) or when it is for an
organisation they currently represent (a verified representation whose
dates hold today). Everyone else gets None, so the interfaces answer 404
and a code reveals nothing; officers are not citizens here at all.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.citizens.models import CitizenProfile, Representation
from motcua.dossiers.domain import parse_dossier_code
from motcua.dossiers.models import Dossier


def citizen_profile(user) -> CitizenProfile | None:
    """Return the person profile ``user`` signs in with; None for officers.

    The same rule as filing: staff and anyone holding a role in an agency
    use the back office, never the citizen's pages.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_staff or user.roles.exists():
        return None
    return CitizenProfile.objects.filter(user=user, kind="person").first()


def is_citizen(user) -> bool:
    return citizen_profile(user) is not None


def _represented(user, on) -> QuerySet:
    """Ids of the organisations ``user`` represents on ``on`` (a subquery)."""
    rows = Representation.objects.filter(citizen__user=user, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    if any(f.name == "verified" for f in Representation._meta.get_fields()):
        rows = rows.filter(verified=True)
    return rows.values("organisation_id")


def citizen_dossiers(user, *, on=None) -> QuerySet[Dossier]:
    """Dossiers ``user`` filed, that are theirs, or their organisations'.

    One query: three conditions on indexed foreign keys, the profiles read
    as subqueries, never a join that would repeat a dossier.
    """
    if user is None or not user.is_authenticated:
        return Dossier.objects.none()
    on = on or timezone.localdate()
    own = CitizenProfile.objects.filter(user=user).values("pk")
    return Dossier.objects.filter(
        Q(submitted_by=user)
        | Q(citizen_owner__in=own)
        | Q(citizen_owner__in=_represented(user, on))
    )


def dossier_for_citizen(code: str, user) -> Dossier | None:
    """Return dossier ``code`` if ``user`` may see it as a citizen, else None."""
    parsed = parse_dossier_code(code or "")
    if parsed is None or not is_citizen(user):
        return None
    return (
        citizen_dossiers(user)
        .filter(code=str(parsed))
        .select_related(
            "procedure_version__procedure",
            "receiving_agency",
            "handling_agency",
            "applicant",
            "citizen_owner",
        )
        .first()
    )
