from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .domain import Kind, RepresentationRole

KIND_LABELS = {Kind.PERSON: _("Person"), Kind.ORGANISATION: _("Organisation")}
LANGUAGE_CHOICES = [("vi", "Tiếng Việt"), ("en", "English")]
ROLE_LABELS = {
    RepresentationRole.OWNER: _("Legal representative"),
    RepresentationRole.AUTHORISED: _("Authorised representative"),
}


class CitizenProfile(models.Model):
    """A person or organisation using the public services.

    A person's profile belongs to the user who signs in; an organisation's
    has no sign-in of its own: people act for it through
    :class:`Representation`.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="citizen_profile",
        null=True,
        blank=True,
        verbose_name=_("user"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=list(KIND_LABELS.items()), default=Kind.PERSON
    )
    full_name = models.CharField(_("full name"), max_length=200)
    personal_id = models.CharField(_("personal ID number"), max_length=12, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    identity_provider = models.CharField(
        _("identity provider"), max_length=200, blank=True
    )
    subject = models.CharField(_("subject at the provider"), max_length=255, blank=True)
    identity_verified = models.BooleanField(_("identity verified"), default=False)
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    email_verified = models.BooleanField(_("e-mail verified"), default=False)
    notify_sms = models.BooleanField(
        _("notices by SMS"),
        default=True,
        help_text=_("Send news of the dossiers by SMS to the phone."),
    )
    notify_email = models.BooleanField(
        _("notices by e-mail"),
        default=True,
        help_text=_("Send news of the dossiers by e-mail."),
    )
    language = models.CharField(
        _("language of the notices"),
        max_length=5,
        choices=LANGUAGE_CHOICES,
        default="vi",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("citizen profile")
        verbose_name_plural = _("citizen profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["identity_provider", "subject"],
                condition=~Q(subject=""),
                name="citizen_provider_subject_uniq",
            ),
            models.UniqueConstraint(
                fields=["personal_id"],
                condition=~Q(personal_id="") & Q(kind="person"),
                name="citizen_personal_id_uniq",
            ),
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~Q(tax_code="") & Q(kind="organisation"),
                name="citizen_tax_code_uniq",
            ),
        ]

    def __str__(self):
        return self.full_name


class Representation(models.Model):
    """A person who may act for an organisation, from a date to a date."""

    citizen = models.ForeignKey(
        CitizenProfile,
        on_delete=models.CASCADE,
        related_name="representations",
        limit_choices_to={"kind": Kind.PERSON},
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        CitizenProfile,
        on_delete=models.CASCADE,
        related_name="representatives",
        limit_choices_to={"kind": Kind.ORGANISATION},
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=list(ROLE_LABELS.items()))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    verified = models.BooleanField(
        _("verified by staff"),
        default=False,
        help_text=_(
            "Only a verified representation lets the person act for the organisation."
        ),
    )
    created_at = models.DateTimeField(_("declared"), auto_now_add=True, null=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["organisation_id", "-valid_from"]

    def __str__(self):
        return f"{self.citizen} → {self.organisation}"


class OneTimeCode(models.Model):
    """A code sent to a phone or e-mail to confirm a local account or sign-in.

    Only a keyed hash of the code is kept; it expires after a few minutes
    and dies after a few wrong tries.
    """

    class Purpose(models.TextChoices):
        REGISTER = "register", _("Confirm a new account")
        SIGN_IN = "sign_in", _("Sign in")
        RESET = "reset", _("Reset the password")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="one_time_codes",
        verbose_name=_("user"),
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    destination = models.CharField(_("sent to"), max_length=254)
    code_hash = models.CharField(_("code hash"), max_length=128)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [
            models.Index(fields=["user", "created_at"], name="otp_user_created_idx")
        ]

    def __str__(self):
        return f"{self.purpose} → {self.destination}"
