"""External assessments of a Pemda (Ombudsman, KPK MCP/MCSP, BPK, AKIP, Indeks RB) and the
quarterly snapshots of every module's figures that the leadership overview draws its trends from.

Bands, grades, MCP indicators and thresholds are reference data (`libraries/oversight/`, loaded
into `OversightReference` and `McpIndicator`); a tenant's row keeps the result the bands of its
year gave, so next year's method never rewrites last year's zone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.core.models import TenantScopedModel, TimestampedModel


class OversightReference(TimestampedModel):
    """One effective-dated version of one kind of reference data (see libraries.py)."""

    class Kind(models.TextChoices):
        OMBUDSMAN = "ombudsman", _("Ombudsman instruments and bands")
        MCP = "mcp", _("MCP/MCSP areas and colour bands")
        AKIP = "akip", _("AKIP predicates")
        SERVICE_STANDARD = "service_standard", _("Standar pelayanan components")
        OVERVIEW = "overview", _("Overview colour thresholds")
        TRANSPARENCY = "transparency", _("Transparency page rules")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    effective_year = models.PositiveSmallIntegerField(_("effective from year"))
    source = models.CharField(_("source"), max_length=300)
    confidence = models.CharField(_("confidence"), max_length=200)
    data = models.JSONField(_("data"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "effective_year"],
                                               name="oversight_reference_version")]

    def __str__(self) -> str:
        return f"{self.kind} {self.effective_year}"


class McpIndicator(TimestampedModel):
    """An MCP/MCSP indicator (no parent) or sub-indicator of one year's pedoman."""

    year = models.PositiveSmallIntegerField(_("year"))
    area = models.CharField(_("area"), max_length=20)
    code = models.CharField(_("code"), max_length=20)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children", verbose_name=_("indicator"))
    description = models.CharField(_("description"), max_length=300)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "code"],
                                               name="mcp_indicator_code")]
        ordering = ["year", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class Zone(models.TextChoices):
    GREEN = "hijau", _("Green zone")
    YELLOW = "kuning", _("Yellow zone")
    RED = "merah", _("Red zone")


class OmbudsmanAssessment(TenantScopedModel):
    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    instrument = models.CharField(_("instrument"), max_length=200, editable=False)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=10, editable=False)
    grade_label = models.CharField(_("grade label"), max_length=100, editable=False)
    zone = models.CharField(_("zone"), max_length=6, choices=Zone.choices, editable=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "unit", "year"],
                                               name="ombudsman_one_per_unit_year")]


class PublicService(TenantScopedModel):
    """A service a unit delivers to the public, checked against the 14 standard components."""

    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    name = models.CharField(_("service"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "unit", "name"],
                                               name="public_service_unique_name")]

    def __str__(self) -> str:
        return self.name


class ServiceComponent(TenantScopedModel):
    service = models.ForeignKey(PublicService, on_delete=models.CASCADE,
                                related_name="components")
    component = models.CharField(_("component"), max_length=40)
    published = models.BooleanField(_("published"), default=False)
    evidence_url = models.URLField(_("publication evidence"), blank=True)
    gap = models.CharField(_("gap to close"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "service", "component"],
                                               name="service_component_once")]


class McpTask(TenantScopedModel):
    """A sub-indicator this Pemda must evidence in one year, with the OPD in charge."""

    indicator = models.ForeignKey(McpIndicator, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("tenancy.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("OPD in charge"))
    score = models.DecimalField(_("verified score"), max_digits=5, decimal_places=2,
                                null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "indicator"],
                                               name="mcp_task_once")]


class McpEvidence(TenantScopedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    task = models.ForeignKey(McpTask, on_delete=models.CASCADE, related_name="evidence")
    description = models.CharField(_("description"), max_length=300)
    url = models.URLField(_("link to the evidence"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SUBMITTED)
    score = models.DecimalField(_("score awarded"), max_digits=5, decimal_places=2,
                                null=True, blank=True)
    verifier_note = models.CharField(_("verifier's note"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)


class BpkOpinion(models.TextChoices):
    WTP = "WTP", _("WTP — Wajar Tanpa Pengecualian")
    WDP = "WDP", _("WDP — Wajar Dengan Pengecualian")
    TW = "TW", _("TW — Tidak Wajar")
    TMP = "TMP", _("TMP — Tidak Menyatakan Pendapat")


class InstansiAssessment(TenantScopedModel):
    """The Pemda's BPK opinion, AKIP result and Indeks RB for one year."""

    year = models.PositiveSmallIntegerField(_("year"))
    bpk_opinion = models.CharField(_("BPK opinion"), max_length=3, choices=BpkOpinion.choices,
                                   blank=True)
    akip_score = models.DecimalField(_("AKIP score"), max_digits=5, decimal_places=2,
                                     null=True, blank=True)
    akip = models.CharField(_("AKIP predicate"), max_length=2, blank=True, editable=False)
    indeks_rb = models.DecimalField(_("Indeks RB"), max_digits=5, decimal_places=2,
                                    null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "year"],
                                               name="instansi_assessment_year")]


class MetricSnapshot(TenantScopedModel):
    """Every module's figures as they stood at the end of (or so far in) one quarter."""

    quarter = models.CharField(_("quarter"), max_length=7)  # "2026-Q4"
    taken_at = models.DateTimeField(_("taken at"))
    tenant_figures = models.JSONField(_("Pemda figures"), default=dict)
    unit_figures = models.JSONField(_("figures per unit"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "quarter"],
                                               name="metric_snapshot_quarter")]
        ordering = ["quarter"]
