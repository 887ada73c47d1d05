"""Dossiers an agency handles a part of (liên thông), for its staff.

A dossier belongs to the staff of its receiving and handling agencies; an
agency it was transferred to for a part of the work also sees it, while
and after it does that part, so the inbox's links and the actions work
there too. Anyone else still gets a 404.
"""

from motcua.accounts.models import RoleAssignment
from motcua.dossiers.domain import parse_dossier_code
from motcua.dossiers.models import Dossier


def transferred_dossier(code: str, user) -> Dossier | None:
    """Return dossier ``code`` if it has a leg at an agency where ``user`` works."""
    from motcua.workflow.models import DossierLeg

    parsed = parse_dossier_code(code or "")
    if parsed is None or user is None or not user.is_authenticated:
        return None
    agencies = RoleAssignment.objects.filter(user=user).values("agency_id")
    legs = DossierLeg.objects.filter(agency__in=agencies).values("dossier_id")
    return (
        Dossier.objects.filter(code=str(parsed), pk__in=legs)
        .select_related(
            "procedure_version__procedure",
            "procedure_version__field",
            "rule_set",
            "receiving_agency",
            "handling_agency",
            "applicant",
            "received_by",
        )
        .prefetch_related("documents", "files", "pauses", "events", "guidances")
        .first()
    )
