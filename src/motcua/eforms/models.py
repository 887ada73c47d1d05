from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcedureVersion
from motcua.integrations.population.domain import FIELD_KEYS

from .domain import layout_problems, schema_problems
from .labels import PROBLEM_MESSAGES


def problems_error(problems) -> ValidationError:
    return ValidationError(
        [
            ValidationError(
                PROBLEM_MESSAGES[p.code], code=p.code, params={"detail": p.detail}
            )
            for p in problems
        ]
    )


class EForm(models.Model):
    """The e-form (tờ khai điện tử) of one procedure version's online channel."""

    version = models.OneToOneField(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="eform",
        verbose_name=_("procedure version"),
    )
    title = models.CharField(_("title"), max_length=300)
    schema = models.JSONField(_("schema (JSON Schema 2020-12)"), default=dict)
    layout = models.JSONField(_("layout"), default=dict)
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("e-form")
        verbose_name_plural = _("e-forms")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        problems = schema_problems(self.schema)
        if problems:
            raise problems_error(problems)
        super().save(*args, **kwargs)

    def clean(self):
        problems = schema_problems(self.schema)
        if problems:
            raise ValidationError({"schema": problems_error(problems)})
        problems = layout_problems(self.schema, self.layout, FIELD_KEYS)
        if problems:
            raise ValidationError({"layout": problems_error(problems)})
