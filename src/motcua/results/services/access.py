"""Who may prepare, sign, issue and hand over results, and the refusal error."""

from django.core.exceptions import ValidationError

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment

# Prepared by the specialist (or the leader, or the desk when a procedure is
# decided on the spot); signed by a leader; issued by the clerk (a leader or
# the desk may issue where there is no clerk); handed over by the desk.
PREPARE_ROLES = (Role.SPECIALIST, Role.LEADER, Role.DESK_OFFICER)
SIGN_ROLES = (Role.LEADER,)
ISSUE_ROLES = (Role.CLERK, Role.LEADER, Role.DESK_OFFICER)
DELIVER_ROLES = (Role.DESK_OFFICER, Role.CLERK, Role.LEADER)


class ResultRefused(ValidationError):
    """A results action that is not allowed; the message is translated."""


def holds_role(user, roles, agency_ids) -> bool:
    """Tell whether ``user`` holds one of ``roles`` in one of the agencies."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return RoleAssignment.objects.filter(
        user=user, role__in=[str(r) for r in roles], agency_id__in=list(agency_ids)
    ).exists()


def roles_in_dossier(user, dossier) -> set[str]:
    """Return the roles ``user`` holds in the dossier's agencies (one query)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        RoleAssignment.objects.filter(
            user=user, agency_id__in=list(dossier_agencies(dossier))
        ).values_list("role", flat=True)
    )


def dossier_agencies(dossier) -> set[int]:
    return {dossier.receiving_agency_id, dossier.handling_agency_id}


def may_prepare(user, dossier) -> bool:
    return holds_role(user, PREPARE_ROLES, dossier_agencies(dossier))


def may_deliver(user, dossier) -> bool:
    return holds_role(user, DELIVER_ROLES, dossier_agencies(dossier))
