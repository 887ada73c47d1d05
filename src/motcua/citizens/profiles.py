"""A citizen's notice preferences, and acting for an organisation.

A person may act for an organisation they represent: a representation
declared on the portal waits for staff to verify it in the admin, and
only a verified one that holds today lets the person act. The choice is
kept in the session (``ACTING_KEY``) and checked again on every use.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .domain import Kind, RepresentationRole, is_current, normalise_tax_code
from .models import LANGUAGE_CHOICES, CitizenProfile, Representation

ACTING_KEY = "acting_for"
LANGUAGES = {code for code, _label in LANGUAGE_CHOICES}


class ProfileError(ValueError):
    """A change refused, with a message for the citizen; ``field`` names it."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message, self.field = message, field


def profile_of(user) -> CitizenProfile | None:
    if user is None or not user.is_authenticated:
        return None
    return CitizenProfile.objects.filter(user=user, kind=Kind.PERSON).first()


@transaction.atomic
def update_preferences(
    profile: CitizenProfile,
    *,
    notify_sms: bool | None = None,
    notify_email: bool | None = None,
    language: str | None = None,
) -> CitizenProfile:
    """Change how the citizen is told about their dossiers.

    At least one channel stays on: the agency must be able to reach them.
    """
    profile = CitizenProfile.objects.select_for_update().get(pk=profile.pk)
    if notify_sms is not None:
        profile.notify_sms = notify_sms
    if notify_email is not None:
        profile.notify_email = notify_email
    if language is not None:
        if language not in LANGUAGES:
            raise ProfileError(_("Choose Vietnamese or English."), "language")
        profile.language = language
    if not (profile.notify_sms or profile.notify_email):
        raise ProfileError(
            _("Keep at least one way (SMS or e-mail) to receive notices."),
            "notify_sms",
        )
    profile.save(update_fields=["notify_sms", "notify_email", "language", "updated_at"])
    return profile


def representations_of(profile: CitizenProfile, on=None) -> list[Representation]:
    """Return the representations that hold ``on`` (today), verified or not."""
    on = on or timezone.localdate()
    rows = (
        Representation.objects.filter(citizen=profile)
        .select_related("organisation")
        .order_by("organisation__full_name", "-valid_from")
    )
    return [row for row in rows if is_current(row.valid_from, row.valid_to, on)]


def actable_organisations(profile: CitizenProfile, on=None) -> list[CitizenProfile]:
    """Return the organisations the person may act for now (verified, current)."""
    seen, result = set(), []
    for row in representations_of(profile, on):
        if row.verified and row.organisation_id not in seen:
            seen.add(row.organisation_id)
            result.append(row.organisation)
    return result


def acting_profile(request_user, session) -> CitizenProfile | None:
    """Return the profile ``request_user`` acts for: themselves by default.

    The organisation chosen in ``session`` counts only while a verified,
    current representation allows it; otherwise the choice is dropped.
    """
    profile = profile_of(request_user)
    if profile is None:
        return None
    chosen = session.get(ACTING_KEY)
    if not chosen:
        return profile
    for organisation in actable_organisations(profile):
        if str(organisation.pk) == str(chosen):
            return organisation
    session.pop(ACTING_KEY, None)
    return profile


def choose_acting(request_user, session, organisation_id) -> CitizenProfile | None:
    """Act for ``organisation_id`` ("" or None: for oneself); return who it is."""
    profile = profile_of(request_user)
    if profile is None:
        raise ProfileError(_("This account has no citizen profile."))
    if not organisation_id:
        session.pop(ACTING_KEY, None)
        return profile
    for organisation in actable_organisations(profile):
        if str(organisation.pk) == str(organisation_id):
            session[ACTING_KEY] = organisation.pk
            return organisation
    raise ProfileError(
        _("You cannot act for this organisation: its representation is not verified.")
    )


@transaction.atomic
def declare_representation(
    profile: CitizenProfile, *, tax_code: str, name: str, role: str
) -> Representation:
    """Record that the person represents an organisation, unverified.

    The organisation is found by its tax code or created with ``name``;
    staff verify the representation in the admin before it can be used.
    """
    code = normalise_tax_code(tax_code)
    if not code:
        raise ProfileError(
            _(
                "Enter the tax code: 10 digits, or 13 for a branch "
                "(for example 0312345678 or 0312345678-001)."
            ),
            "tax_code",
        )
    name = " ".join((name or "").split())
    if not name:
        raise ProfileError(_("Enter the organisation's name."), "name")
    if role not in set(RepresentationRole):
        raise ProfileError(_("Choose your role in the organisation."), "role")
    organisation = (
        CitizenProfile.objects.select_for_update()
        .filter(kind=Kind.ORGANISATION, tax_code=code)
        .first()
    )
    if organisation is None:
        try:
            with transaction.atomic():
                organisation = CitizenProfile.objects.create(
                    kind=Kind.ORGANISATION, tax_code=code, full_name=name[:200]
                )
        except IntegrityError:  # declared at the same moment by someone else
            organisation = CitizenProfile.objects.get(
                kind=Kind.ORGANISATION, tax_code=code
            )
    if any(
        row.organisation_id == organisation.pk for row in representations_of(profile)
    ):
        raise ProfileError(
            _("You have already declared this organisation."), "tax_code"
        )
    return Representation.objects.create(
        citizen=profile,
        organisation=organisation,
        role=role,
        valid_from=timezone.localdate(),
        verified=False,
    )
