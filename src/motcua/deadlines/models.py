from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency


class CalendarDay(models.Model):
    """A day that breaks the weekly pattern: a holiday, or a swapped working day.

    Rows without an agency apply to the whole installation (the province);
    an agency's own rows apply on top of them.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_days",
        verbose_name=_("agency"),
        help_text=_("Empty: the whole province."),
    )
    decision = models.CharField(
        _("decision"),
        max_length=200,
        blank=True,
        help_text=_("The text that decided it."),
    )

    class Meta:
        ordering = ["day"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency"], name="one_entry_per_day_and_agency"
            ),
            models.UniqueConstraint(
                fields=["day"],
                condition=Q(agency__isnull=True),
                name="one_province_entry_per_day",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["day_off", "working_day"]), name="known_day_kind"
            ),
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} · {self.name}"


class OfficePeriod(models.Model):
    """An office period of a weekday (e.g. Monday 7:30–11:30)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="office_periods",
        verbose_name=_("agency"),
        help_text=_("Empty: the installation's default hours."),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("opens"))
    end = models.TimeField(_("closes"))

    class Meta:
        ordering = ["agency", "weekday", "start"]
        verbose_name = _("office period")
        verbose_name_plural = _("office periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")),
                name="period_opens_before_closing",
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="known_weekday"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"
