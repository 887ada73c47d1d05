"""The demo's local population registry and the audit of lookups.

``RegistryPerson`` stands in for the national population database when
``settings.MOTCUA_POPULATION_ADAPTER`` is "local" (development, demo,
tests); it has one column per field of
``motcua.integrations.population.domain.Citizen`` plus the household code
that groups a family. ``PopulationLookup`` records every lookup, whichever
adapter answered: who asked, when, for what, and what came back.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryPerson(models.Model):
    personal_id = models.CharField(
        _("personal identification number"), max_length=12, unique=True
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(
        _("sex"), max_length=10, choices=[("male", _("Male")), ("female", _("Female"))]
    )
    birth_place = models.CharField(
        _("place of birth registration"), max_length=300, blank=True
    )
    hometown = models.CharField(_("home town"), max_length=300, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    religion = models.CharField(_("religion"), max_length=50, blank=True)
    nationality = models.CharField(_("nationality"), max_length=50, default="Việt Nam")
    marital_status = models.CharField(_("marital status"), max_length=10, blank=True)
    permanent_address = models.CharField(
        _("permanent residence"), max_length=300, blank=True
    )
    current_address = models.CharField(
        _("current residence"), max_length=300, blank=True
    )
    household_code = models.CharField(
        _("household code"), max_length=20, blank=True, db_index=True
    )
    household_head_name = models.CharField(
        _("head of household"), max_length=150, blank=True
    )
    relation_to_head = models.CharField(
        _("relation to the head of household"), max_length=50, blank=True
    )
    father_name = models.CharField(_("father's full name"), max_length=150, blank=True)
    father_id = models.CharField(
        _("father's personal identification number"), max_length=12, blank=True
    )
    mother_name = models.CharField(_("mother's full name"), max_length=150, blank=True)
    mother_id = models.CharField(
        _("mother's personal identification number"), max_length=12, blank=True
    )
    spouse_name = models.CharField(_("spouse's full name"), max_length=150, blank=True)
    spouse_id = models.CharField(
        _("spouse's personal identification number"), max_length=12, blank=True
    )

    class Meta:
        ordering = ["household_code", "birth_date"]
        verbose_name = _("registry person")
        verbose_name_plural = _("registry people")

    def __str__(self):
        return f"{self.full_name} ({self.personal_id})"


class PopulationLookup(models.Model):
    class Outcome(models.TextChoices):
        FOUND = "found", _("Found")
        NOT_FOUND = "not_found", _("Not found")
        UNAVAILABLE = "unavailable", _("Registry unavailable")

    personal_id = models.CharField(
        _("personal identification number"), max_length=12, db_index=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    subject_ref = models.CharField(
        _("subject"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The draft or dossier the lookup served, e.g. its code."),
    )
    adapter = models.CharField(_("adapter"), max_length=20)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("population lookup")
        verbose_name_plural = _("population lookups")

    def __str__(self):
        return f"{self.personal_id} {self.outcome} {self.at:%d/%m/%Y %H:%M}"
