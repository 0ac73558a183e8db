"""Conflicts of interest: declarations, the superior's decision, nil statements and evaluations.

The types, sources and control measures (`CatalogueEntry`) and the numbers (`ConflictRules`) are
reference data from `libraries/conflicts/`. A declaration keeps the declarant's unit and position
as they were when declaring, so the register and the risk map per jabatan stay true after a
transfer.
"""

from __future__ import annotations

from pathlib import PurePath
from uuid import uuid4

from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.core.models import TenantScopedModel, TimestampedModel


class CatalogueEntry(TimestampedModel):
    """A type, a source or a control measure of conflicts of interest (library data)."""

    class Kind(models.TextChoices):
        TYPE = "type", _("Type")
        SOURCE = "source", _("Source")
        MEASURE = "measure", _("Control measure")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=300)
    # Only for measures: the one chosen when the analysis finds no real conflict ("no action").
    means_no_conflict = models.BooleanField(_("when no conflict is found"), default=False)
    source = models.CharField(_("source"), max_length=300)
    confidence = models.CharField(_("confidence"), max_length=200, blank=True)
    effective_from = models.DateField(_("effective from"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "position"]
        verbose_name = _("conflict catalogue entry")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="coi_catalogue_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label


class ConflictRules(TimestampedModel):
    """One dated version of the module's numbers (library data)."""

    effective_from = models.DateField(_("effective from"), unique=True)
    decision_working_days = models.PositiveSmallIntegerField(_("working days to decide"))
    max_files = models.PositiveSmallIntegerField(_("evidence files at most"))
    max_bytes = models.PositiveIntegerField(_("bytes per evidence file at most"))
    extensions = models.JSONField(_("evidence file types"), default=list)
    risk_medium_from = models.PositiveSmallIntegerField(_("medium risk from"))
    risk_high_from = models.PositiveSmallIntegerField(_("high risk from"))
    risk_actual_weight = models.PositiveSmallIntegerField(_("weight of an actual conflict"))
    source = models.CharField(_("source"), max_length=300)
    confidence = models.CharField(_("confidence"), max_length=200, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("conflict rules")

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d}"


class ConflictKind(models.TextChoices):
    ACTUAL = "aktual", _("Actual (aktual)")
    POTENTIAL = "potensial", _("Potential (potensial)")
    PERCEIVED = "dirasakan", _("Perceived (dirasakan)")


class SubjectKind(models.TextChoices):
    PROCUREMENT = "procurement", _("Procurement")
    PERMIT = "permit", _("Permit")
    HIRING = "hiring", _("Hiring")
    AUDIT = "audit", _("Audit")
    CASE = "case", _("Case (complaint or whistleblowing)")
    ZI_ASSESSMENT = "zi_assessment", _("Zona Integritas assessment")
    OTHER = "other", _("Other")


class Relation(models.TextChoices):
    FAMILY = "family", _("Family")
    BUSINESS = "business", _("Business")
    AFFILIATION = "affiliation", _("Affiliation")
    OTHER = "other", _("Other")


class CoiOfficer(TenantScopedModel):
    """An employee designated to decide the declarations of a unit and the units below it."""

    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("officer"))

    class Meta:
        verbose_name = _("COI officer")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "unit", "employee"],
                                    name="coi_officer_once_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.unit}"


class StatementCampaign(TenantScopedModel):
    """The annual call on every employee to file a declaration or a "nothing to declare"."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=6, choices=Status.choices,
                              default=Status.OPEN)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("statement campaign")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "year"], name="coi_campaign_one_per_year"),
        ]

    def __str__(self) -> str:
        return str(self.year)


class Declaration(TenantScopedModel):
    """One employee's declaration of a conflict of interest, and where its decision stands."""

    class Status(models.TextChoices):
        SUSPENDED = "suspended", _("Decision suspended")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    declarant = models.ForeignKey("people.Employee", on_delete=models.PROTECT,
                                  related_name="coi_declarations", verbose_name=_("declarant"))
    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    opd = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("OPD"))
    position_title = models.CharField(_("position"), max_length=200)
    # The superior when declaring: the one person who decides, besides the unit's COI officers.
    superior = models.ForeignKey("people.Employee", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("direct superior"))
    kind = models.CharField(_("kind"), max_length=10, choices=ConflictKind.choices)
    conflict_type = models.ForeignKey(CatalogueEntry, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("type"))
    source = models.ForeignKey(CatalogueEntry, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("source"))
    subject_kind = models.CharField(_("decision or activity affected"), max_length=14,
                                    choices=SubjectKind.choices)
    subject_ref = models.CharField(_("reference (number, name)"), max_length=120, blank=True)
    subject_unit = models.ForeignKey("tenancy.Unit", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("unit concerned"))
    description = models.TextField(_("description"))
    declared_on = models.DateField(_("declared on"))
    due_on = models.DateField(_("decision due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SUSPENDED)
    campaign = models.ForeignKey(StatementCampaign, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="declarations",
                                 verbose_name=_("statement campaign"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to the Inspektorat at"), null=True,
                                        blank=True)

    class Meta:
        ordering = ["-declared_on", "-id"]
        verbose_name = _("conflict of interest declaration")
        indexes = [
            models.Index(fields=["tenant", "status", "due_on"]),
            # The register's sorts: the newest first, or by deadline, ties by id.
            models.Index(fields=["tenant", "-declared_on", "id"]),
            models.Index(fields=["tenant", "due_on", "id"]),
            models.Index(fields=["tenant", "opd", "status"]),
            models.Index(fields=["tenant", "subject_kind", "subject_ref"]),
            models.Index(fields=["tenant", "declarant"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"BK-{self.declared_on:%Y}-{self.pk:05d}"


class RelatedParty(TenantScopedModel):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE,
                                    related_name="parties")
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("related party")

    def __str__(self) -> str:
        return self.name


def _evidence_path(evidence: Evidence, filename: str) -> str:
    """conflicts/<tenant>/<random>.<ext>: the user's file name is kept in `original_name` only."""
    suffix = PurePath(filename).suffix.lower()
    return f"conflicts/{evidence.tenant.slug}/{uuid4().hex}{suffix}"


class Evidence(TenantScopedModel):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE,
                                    related_name="evidence")
    file = models.FileField(_("file"), upload_to=_evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class Decision(TenantScopedModel):
    """The superior's (or officer's) analysis and control measure for one declaration."""

    declaration = models.OneToOneField(Declaration, on_delete=models.PROTECT,
                                       related_name="decision")
    decided_by = models.ForeignKey("people.Employee", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decided_on = models.DateField(_("decided on"))
    is_real = models.BooleanField(_("the conflict is real"))
    impact = models.TextField(_("impact"))
    measure = models.ForeignKey(CatalogueEntry, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("control measure"))
    reasons = models.TextField(_("reasons"))
    on_time = models.BooleanField(_("decided within the deadline"))

    class Meta:
        verbose_name = _("conflict of interest decision")

    def __str__(self) -> str:
        return f"{self.declaration} — {self.measure.code}"


class NilStatement(TenantScopedModel):
    """"Nothing to declare" for one year's campaign."""

    campaign = models.ForeignKey(StatementCampaign, on_delete=models.PROTECT,
                                 related_name="nil_statements")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("nil statement")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "campaign", "employee"],
                                    name="coi_nil_statement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.employee_id}"


class Evaluation(TenantScopedModel):
    """The Inspektorat's periodic evaluation of how conflicts are handled, with its figures as
    they were when it was written."""

    class Period(models.TextChoices):
        SEMESTER_1 = "s1", _("First semester")
        SEMESTER_2 = "s2", _("Second semester")
        YEAR = "year", _("Whole year")

    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    figures = models.JSONField(_("figures"), default=dict)
    findings = models.TextField(_("findings"))
    follow_ups = models.TextField(_("follow-ups"))
    written_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("written by"))

    class Meta:
        ordering = ["-year", "-period"]
        verbose_name = _("conflict of interest evaluation")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "year", "period"],
                                    name="coi_evaluation_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.year}"
