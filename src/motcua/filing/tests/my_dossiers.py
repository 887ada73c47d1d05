"""Citizens and their dossiers for the tests of "my dossiers" (portal, API, queries)."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from motcua.accounts.tests.factories import UserFactory
from motcua.citizens.models import CitizenProfile, Representation
from motcua.dossiers.tests.factories import DossierFactory

_serial = count(1)


def citizen(name="Nguyễn Văn An", **profile):
    """Return a user who signs in as a citizen (with a person profile)."""
    n = next(_serial)
    user = UserFactory(username=f"congdan{n}", full_name=name)
    CitizenProfile.objects.create(
        user=user,
        full_name=name,
        personal_id=profile.pop("personal_id", f"080090{n + 500000:06d}"),
        **profile,
    )
    return user


def organisation(name="Công ty TNHH An Phát", tax_code=None):
    n = next(_serial)
    return CitizenProfile.objects.create(
        kind="organisation", full_name=name, tax_code=tax_code or f"0100{n:06d}"
    )


def represent(user, org, *, verified=True, since=None, until=None):
    """Let ``user`` act for ``org`` (verified unless told otherwise)."""
    fields = {f.name for f in Representation._meta.get_fields()}
    extra = {"verified": verified} if "verified" in fields else {}
    return Representation.objects.create(
        citizen=user.citizen_profile,
        organisation=org,
        role="owner",
        valid_from=since or timezone.localdate() - timedelta(days=30),
        valid_to=until,
        **extra,
    )


def my_dossier(user=None, *, owner=None, **kwargs):
    """Return a dossier filed online by ``user`` (theirs unless ``owner`` says)."""
    if owner is None and user is not None:
        owner = user.citizen_profile
    return DossierFactory(submitted_by=user, citizen_owner=owner, **kwargs)
