"""Who may use the back office, and in which agency they are working now.

An officer may hold roles in several agencies (a desk officer of a commune
who also serves at the district's desk). The agency chosen with the switcher
is kept in the session; only the roles held in that agency count, so a
screen never mixes the work of two agencies.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from motcua.accounts.models import Agency, RoleAssignment
from motcua.dossiers.queries import officer_agencies

SESSION_KEY = "backoffice_agency"
LOGIN_URL = "backoffice:login"


@dataclass(frozen=True)
class Workplace:
    """The agency an officer works in now, with the roles held there."""

    agency: Agency | None
    roles: frozenset[str]
    agencies: list[Agency] = field(default_factory=list)

    def has(self, role: str) -> bool:
        return role in self.roles


def workplace(request) -> Workplace:
    """Return the officer's current agency (from the session) and roles."""
    agencies = list(officer_agencies(request.user).select_related("unit"))
    if not agencies:
        return Workplace(None, frozenset(), [])
    chosen = request.session.get(SESSION_KEY)
    agency = next((a for a in agencies if a.pk == chosen), agencies[0])
    roles = frozenset(
        RoleAssignment.objects.filter(user=request.user, agency=agency).values_list(
            "role", flat=True
        )
    )
    return Workplace(agency, roles, agencies)


def choose_agency(request, code: str) -> Agency | None:
    """Make the officer's agency ``code`` the current one; None if not theirs."""
    agency = officer_agencies(request.user).filter(code=code).first()
    if agency is not None:
        request.session[SESSION_KEY] = agency.pk
    return agency


def forbidden(request, place: Workplace | None = None):
    return render(
        request,
        "backoffice/forbidden.html",
        {"workplace": place or workplace(request)},
        status=403,
    )


def officer_required(role: str | None = None):
    """Require a signed-in officer holding ``role`` in the current agency.

    Any role will do when ``role`` is None; others get the translated 403
    page. The view receives ``request.workplace``.
    """

    def decorator(view):
        @wraps(view)
        @login_required(login_url=LOGIN_URL)
        def wrapper(request, *args, **kwargs):
            place = workplace(request)
            if place.agency is None or (role is not None and not place.has(role)):
                return forbidden(request, place)
            request.workplace = place
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
