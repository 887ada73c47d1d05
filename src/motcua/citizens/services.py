"""Sign a citizen in from what the identity provider asserted."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .domain import Identity, Kind, is_current
from .models import CitizenProfile, Representation


@transaction.atomic
def citizen_for_identity(provider: str, identity: Identity):
    """Return the user for ``identity``, creating the citizen if new.

    Found by the provider's subject first, then by the personal ID number (a
    citizen who first came another way); otherwise a new user and profile
    are made. The profile takes the provider's data, which is verified.
    """
    profile = (
        CitizenProfile.objects.select_for_update()
        .filter(identity_provider=provider, subject=identity.subject)
        .first()
    )
    if profile is None and identity.personal_id:
        profile = (
            CitizenProfile.objects.select_for_update()
            .filter(kind=Kind.PERSON, personal_id=identity.personal_id)
            .first()
        )
    if profile is None or profile.user is None:
        user = get_user_model().objects.create_user(
            username=f"cd-{secrets.token_hex(8)}", password=None
        )
        if profile is None:
            profile = CitizenProfile(kind=Kind.PERSON)
        profile.user = user
    profile.identity_provider = provider
    profile.subject = identity.subject
    profile.identity_verified = True
    for name in (
        "personal_id",
        "full_name",
        "date_of_birth",
        "phone",
        "email",
        "address",
    ):
        value = getattr(identity, name)
        if value:
            setattr(profile, name, value)
    profile.email_verified = profile.email_verified or identity.email_verified
    profile.phone_verified = profile.phone_verified or identity.phone_verified
    if not profile.full_name:
        profile.full_name = identity.subject
    profile.save()
    user = profile.user
    user.full_name, user.email, user.phone = (
        profile.full_name,
        profile.email,
        profile.phone,
    )
    user.save(update_fields=["full_name", "email", "phone"])
    return user


def current_representations(profile: CitizenProfile, on=None):
    """Return the organisations ``profile`` may act for on ``on`` (today)."""
    on = on or timezone.localdate()
    rows = Representation.objects.filter(citizen=profile).select_related("organisation")
    return [row for row in rows if is_current(row.valid_from, row.valid_to, on)]
