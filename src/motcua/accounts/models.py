from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.text import search_document

from .domain import InvalidTree, Role, check_placement, is_agency_identifier

ROLE_LABELS = {
    Role.DESK_OFFICER: _("Desk officer"),
    Role.SPECIALIST: _("Specialist"),
    Role.LEADER: _("Leader"),
    Role.CLERK: _("Clerk"),
    Role.ADMINISTRATOR: _("Administrator"),
    Role.MONITOR: _("Monitor"),
}


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username


class AdministrativeLevel(models.Model):
    """A level of government (tỉnh, huyện, xã): data, so a level can go."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveSmallIntegerField(
        _("rank"), unique=True, help_text=_("1 is the top of the tree.")
    )

    class Meta:
        ordering = ["rank"]
        verbose_name = _("administrative level")
        verbose_name_plural = _("administrative levels")

    def __str__(self):
        return self.name


class AdministrativeUnit(models.Model):
    """A province, district or commune with its official code."""

    code = models.CharField(_("official code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_with_type = models.CharField(_("full name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, help_text=_("tinh, thanh-pho, huyen, quan, xa, ...")
    )
    level = models.ForeignKey(
        AdministrativeLevel, on_delete=models.PROTECT, verbose_name=_("level")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self):
        return self.name_with_type

    def save(self, *args, **kwargs):
        self.search_text = search_document(self.code, self.name_with_type)
        super().save(*args, **kwargs)

    def clean(self):
        ancestors, node = [], self.parent
        while node is not None:
            ancestors.append(node.code)
            node = node.parent
        try:
            check_placement(
                child=self.code,
                child_rank=self.level.rank,
                parent_rank=self.parent.level.rank if self.parent else None,
                ancestors=ancestors,
            )
        except InvalidTree as exc:
            raise ValidationError(
                {
                    "parent": _("This parent is not allowed: %(reason)s")
                    % {"reason": exc}
                }
            ) from exc


class AgencyKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", _("Public Administration Service Centre")
    PROVINCE_PC = "province_pc", _("Provincial People's Committee")
    DISTRICT_PC = "district_pc", _("District People's Committee")
    COMMUNE_PC = "commune_pc", _("Commune People's Committee")
    DEPARTMENT = "department", _("Department")
    DISTRICT_OFFICE = "district_office", _("District specialised office")
    POLICE = "police", _("Police")
    LAND_OFFICE = "land_office", _("Land registration office")


def validate_agency_identifier(value):
    if not is_agency_identifier(value):
        raise ValidationError(
            _("%(value)s is not an agency identifier such as 000.00.06.H56."),
            params={"value": value},
        )


class Agency(models.Model):
    """A body that receives or decides dossiers (cơ quan, đơn vị)."""

    code = models.CharField(
        _("electronic identifier"),
        max_length=30,
        unique=True,
        validators=[validate_agency_identifier],
        help_text=_("Mã định danh, the first part of every dossier code."),
    )
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    function = models.SlugField(
        _("function"),
        max_length=40,
        blank=True,
        help_text=_("What the agency does, e.g. dept_justice; procedures use it."),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("administrative unit"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours = models.CharField(
        _("office hours"),
        max_length=200,
        blank=True,
        default="Thứ Hai - Thứ Sáu: 7:30 - 11:30, 13:00 - 17:00",
    )
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_document(self.code, self.name)
        super().save(*args, **kwargs)


class RoleAssignment(models.Model):
    """A role a person holds in one agency; a person may hold several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="staff", verbose_name=_("agency")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, ROLE_LABELS[r]) for r in Role]
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="one_role_per_agency"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="known_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.agency}"
