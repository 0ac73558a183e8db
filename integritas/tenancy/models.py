"""A Pemda (`Tenant`) and its organisation tree (`Unit`)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.core.models import TenantScopedModel, TimestampedModel

RESERVED_SLUGS = {
    "akun", "accounts", "api", "static", "media", "admin", "verifikasi", "publik", "i18n",
    "healthz", "bahasa",
}


class Tenant(TimestampedModel):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency")
        CITY = "city", _("City")

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    region_code = models.CharField(
        _("Kemendagri region code"), max_length=5, unique=True,
        validators=[RegexValidator(r"^\d{2}(\.\d{2})?$", _("Use the form 15 or 15.71."))],
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("province"),
    )
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("seat (place of signing)"), max_length=100, blank=True)
    head_title = models.CharField(_("title of the regional head"), max_length=60, blank=True)
    head_name = models.CharField(_("regional head"), max_length=200, blank=True)
    deputy_title = models.CharField(_("title of the deputy head"), max_length=60, blank=True)
    deputy_name = models.CharField(_("deputy head"), max_length=200, blank=True)
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional government")

    def __str__(self) -> str:
        return self.name


class Unit(TenantScopedModel):
    """A perangkat daerah or any unit below it; `path` is a materialised path for subtrees."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Regional Secretariat")
        COUNCIL_SECRETARIAT = "council_secretariat", _("DPRD Secretariat")
        INSPECTORATE = "inspectorate", _("Inspectorate")
        AGENCY = "agency", _("Dinas")
        BOARD = "board", _("Badan")
        DISTRICT = "district", _("Kecamatan")
        VILLAGE = "village", _("Kelurahan")
        TECHNICAL_UNIT = "technical_unit", _("UPTD / UPT")
        HEALTH_CENTRE = "health_centre", _("Puskesmas")
        HOSPITAL = "hospital", _("RSUD")
        SCHOOL = "school", _("School")
        DIVISION = "division", _("Bidang / Bagian")
        OTHER = "other", _("Other")

    PATH_STEP = 4

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.OTHER)
    code = models.CharField(_("code"), max_length=30, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "path"], name="unit_unique_path"),
            models.UniqueConstraint(
                fields=["tenant", "parent", "name"], name="unit_unique_name_under_parent"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name
