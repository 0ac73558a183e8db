"""SPIP risk management: registers per UPR and year, their risks, treatment plans (RTP) and
quarterly monitoring; activities (kegiatan) whose risks must be mapped before they start; the
tenant's risk matrix; and the SPIP maturity self-assessment.

Scales, categories, the matrix and the maturity bands are reference data (`RiskLibrary`, loaded
from `libraries/risk/`); registers store the codes and the computed scores.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

from integritas.core.models import TenantScopedModel, TimestampedModel


class RiskLibrary(TimestampedModel):
    """One dated version of a kind of risk reference data (matrix, vocabulary, SPIP elements,
    maturity levels); `data` is the YAML entry without its provenance fields."""

    class Kind(models.TextChoices):
        MATRIX = "matrix", _("Risk matrix")
        VOCABULARY = "vocabulary", _("Register vocabulary")
        SPIP_ELEMENTS = "spip_elements", _("SPIP elements")
        MATURITY = "maturity", _("Maturity levels")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    effective_from = models.DateField(_("effective from"))
    source = models.CharField(_("source"), max_length=400)
    confidence = models.CharField(_("confidence"), max_length=400)
    data = models.JSONField(_("data"))

    class Meta:
        ordering = ["kind", "-effective_from"]
        verbose_name = _("risk library entry")
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"],
                                    name="risk_library_one_version_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.effective_from:%Y-%m-%d}"


class RiskMatrix(TenantScopedModel):
    """A Pemda's own matrix; the newest applies. Without one, the library's matrix applies."""

    cells = models.JSONField(_("cells"), help_text="{likelihood: [score for impact 1..5]}")
    bands = models.JSONField(_("bands"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("risk matrix")


class Level(models.TextChoices):
    STRATEGIC = "strategis", _("Pemda strategic")
    OPD = "opd", _("OPD")
    ACTIVITY = "kegiatan", _("Programme / activity")


class Register(FSMModelMixin, TenantScopedModel):
    """The risk register of one UPR (unit) for one year at one level."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "diajukan", _("Submitted")
        REVIEWED = "direviu", _("Reviewed")
        RETURNED = "dikembalikan", _("Returned")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("UPR (unit)"))
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    goal = models.CharField(_("goal (sasaran)"), max_length=500)
    goal_indicator = models.CharField(_("goal indicator"), max_length=500, blank=True)
    appetite = models.PositiveSmallIntegerField(
        _("risk appetite"), help_text=_("Risks scoring above this need a treatment plan (RTP)."))
    status = FSMField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT,
                      protected=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-year", "unit__path", "level"]
        verbose_name = _("risk register")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "unit", "year", "level"],
                                    name="risk_register_one_per_upr_year_level"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} ({self.get_level_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @transition(field=status, source=EDITABLE, target=Status.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.REVIEWED)
    def mark_reviewed(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED)
    def send_back(self):
        pass


class Activity(TenantScopedModel):
    """A kegiatan of an OPD. It may start only once its risks are mapped (seed 000)."""

    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("activity"), max_length=300)
    program = models.CharField(_("programme"), max_length=300, blank=True)
    budget = models.PositiveBigIntegerField(_("budget (Rp)"), default=0)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "unit__path", "starts_on", "name"]
        verbose_name = _("activity")

    def __str__(self) -> str:
        return self.name


class Risk(TenantScopedModel):
    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="risks")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="risks", verbose_name=_("activity"))
    code = models.CharField(_("risk code"), max_length=30)
    statement = models.CharField(_("risk statement"), max_length=500)
    category = models.CharField(_("category"), max_length=30)
    source = models.CharField(_("source"), max_length=30)
    cause = models.TextField(_("cause"))
    consequence = models.TextField(_("impact"))
    controls = models.TextField(_("existing controls"), blank=True)
    control_effectiveness = models.CharField(_("control effectiveness"), max_length=30)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    score = models.PositiveSmallIntegerField(_("score"))
    level = models.CharField(_("level"), max_length=30)
    response = models.CharField(_("response"), max_length=30)
    residual_likelihood = models.PositiveSmallIntegerField(_("residual likelihood"))
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"))
    residual_score = models.PositiveSmallIntegerField(_("residual score"))
    residual_level = models.CharField(_("residual level"), max_length=30)

    class Meta:
        ordering = ["register", "-score", "code"]
        verbose_name = _("risk")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "register", "code"],
                                    name="risk_code_unique_in_register"),
        ]
        indexes = [models.Index(fields=["tenant", "likelihood", "impact"])]

    def __str__(self) -> str:
        return f"{self.code} {self.statement}"


class TreatmentPlan(TenantScopedModel):
    """A rencana tindak pengendalian (RTP) for one risk."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="plans")
    action = models.CharField(_("action"), max_length=500)
    kind = models.CharField(_("type"), max_length=30)
    owner = models.CharField(_("owner"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    budget = models.PositiveBigIntegerField(_("budget (Rp)"), default=0)
    output_indicator = models.CharField(_("output indicator"), max_length=300)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("treatment plan (RTP)")

    def __str__(self) -> str:
        return self.action


class Monitoring(TenantScopedModel):
    """What happened to one risk in one quarter: RTP realisation and risk/loss events."""

    class Status(models.TextChoices):
        NOT_STARTED = "belum", _("Not started")
        ON_TRACK = "berjalan", _("In progress")
        LATE = "terlambat", _("Late")
        DONE = "selesai", pgettext_lazy("monitoring", "Done")

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="monitoring")
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    realisation = models.TextField(_("RTP realisation"))
    realisation_pct = models.PositiveSmallIntegerField(_("realisation (%)"), default=0)
    risk_events = models.PositiveIntegerField(_("risk events"), default=0)
    loss_events = models.TextField(_("loss events"), blank=True)
    loss_amount = models.PositiveBigIntegerField(_("loss (Rp)"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["risk", "quarter"]
        verbose_name = _("quarterly monitoring")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "risk", "quarter"],
                                    name="risk_monitoring_one_per_quarter"),
        ]


class MaturityAssessment(FSMModelMixin, TenantScopedModel):
    """The Pemda's SPIP maturity self-assessment for one year and its quality assurance."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Self-assessment")
        SUBMITTED = "diajukan", _("Awaiting quality assurance")
        ASSURED = "dijamin", _("Quality assured")

    year = models.PositiveSmallIntegerField(_("year"))
    status = FSMField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                      protected=True)
    score = models.DecimalField(_("average level"), max_digits=4, decimal_places=2, null=True,
                                blank=True)
    level = models.PositiveSmallIntegerField(_("maturity level"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    assured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    assured_at = models.DateTimeField(_("assured at"), null=True, blank=True)
    qa_note = models.TextField(_("quality assurance note"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("SPIP maturity assessment")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "year"], name="maturity_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"SPIP {self.year}"

    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.ASSURED)
    def assure(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.DRAFT)
    def send_back(self):
        pass


class MaturityItem(TenantScopedModel):
    """One sub-unsur of an assessment: the self-assessed level and the Inspektorat's."""

    assessment = models.ForeignKey(MaturityAssessment, on_delete=models.CASCADE,
                                   related_name="items")
    code = models.CharField(_("sub-element"), max_length=10)
    level = models.PositiveSmallIntegerField(_("self-assessed level"))
    evidence = models.TextField(_("evidence"), blank=True)
    qa_level = models.PositiveSmallIntegerField(_("quality-assured level"), null=True,
                                                blank=True)
    qa_note = models.CharField(_("quality assurance note"), max_length=500, blank=True)

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("SPIP maturity item")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "assessment", "code"],
                                    name="maturity_item_one_per_code"),
        ]
