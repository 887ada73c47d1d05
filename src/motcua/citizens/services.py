"""Sign a citizen in from what the identity provider asserted."""

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from motcua.notifications.services import queue_message

from .domain import (
    CODE_LENGTH,
    CODE_MINUTES,
    CodeCheck,
    Identity,
    Kind,
    is_current,
    judge_code,
    resend_wait,
)
from .models import CitizenProfile, OneTimeCode, Representation
from .profiles import (  # noqa: F401  (the helpers the interfaces use)
    ACTING_KEY,
    ProfileError,
    acting_profile,
    choose_acting,
    declare_representation,
    update_preferences,
)


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


# -- local accounts ------------------------------------------------------


def find_local_user(kind: str, value: str):
    """Return the citizen user whose profile has this phone or e-mail."""
    field = "phone" if kind == "phone" else "email"
    profile = (
        CitizenProfile.objects.filter(
            kind=Kind.PERSON, **{field: value}, user__isnull=False
        )
        .select_related("user")
        .first()
    )
    return profile.user if profile else None


@transaction.atomic
def register_local(*, full_name: str, kind: str, value: str, password: str):
    """Create an inactive citizen account; active once its code is confirmed."""
    user = get_user_model().objects.create_user(
        username=f"cd-{secrets.token_hex(8)}", password=password, is_active=False
    )
    user.full_name = full_name
    setattr(user, "phone" if kind == "phone" else "email", value)
    user.save()
    CitizenProfile.objects.create(
        user=user, kind=Kind.PERSON, full_name=full_name, **{kind: value}
    )
    return user


def _hash(code_id: int, code: str) -> str:
    return salted_hmac("motcua.citizens.otp", f"{code_id}:{code}").hexdigest()


@transaction.atomic
def send_code(user, *, purpose: str, kind: str, value: str, language: str = "vi"):
    """Make a new code for ``user``, queue it to ``value``; return the row."""
    now = timezone.now()
    OneTimeCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    row = OneTimeCode.objects.create(
        user=user,
        purpose=purpose,
        destination=value,
        code_hash="-",
        created_at=now,
        expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
    )
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))
    row.code_hash = _hash(row.pk, code)
    row.save(update_fields=["code_hash"])
    queue_message(
        kind="otp",
        recipient_email=value if kind == "email" else "",
        recipient_phone=value if kind == "phone" else "",
        context={"code": code, "minutes": str(CODE_MINUTES)},
        language=language,
        dedupe_key=f"otp:{row.pk}",
        subject_ref=f"citizen:{user.pk}",
    )
    return row


@transaction.atomic
def check_code(code_id: int, code: str) -> tuple[CodeCheck, object]:
    """Check ``code`` against the row; count a wrong try; return (result, user)."""
    row = (
        OneTimeCode.objects.select_for_update()
        .select_related("user")
        .filter(pk=code_id)
        .first()
    )
    if row is None:
        return CodeCheck.EXPIRED, None
    now = timezone.now()
    matches = constant_time_compare(row.code_hash, _hash(row.pk, "".join(code.split())))
    result = judge_code(
        matches=matches,
        now=now,
        expires_at=row.expires_at,
        attempts=row.attempts,
        used=row.used_at is not None,
    )
    if result == CodeCheck.WRONG:
        row.attempts += 1
        row.save(update_fields=["attempts"])
    elif result == CodeCheck.OK:
        row.used_at = now
        row.save(update_fields=["used_at"])
        user = row.user
        profile = CitizenProfile.objects.filter(user=user).first()
        if profile is not None:
            if profile.phone == row.destination:
                profile.phone_verified = True
            if profile.email == row.destination:
                profile.email_verified = True
            profile.save(update_fields=["phone_verified", "email_verified"])
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
    return result, row.user


def code_wait(user, *, now=None) -> tuple[str, int]:
    """Whether ``user`` may be sent another code now (see ``resend_wait``)."""
    now = now or timezone.now()
    sent = OneTimeCode.objects.filter(
        user=user, created_at__gt=now - dt.timedelta(hours=1)
    ).values_list("created_at", flat=True)
    return resend_wait(list(sent), now)


@transaction.atomic
def set_password(user, password: str) -> None:
    """Give ``user`` a new password (after a reset confirmed by a code)."""
    user = type(user).objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
