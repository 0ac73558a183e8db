"""Pakta integritas: texts (versioned), signing campaigns and the people each campaign targets.

A text comes from the shared library (`LibraryPactText`, loaded from `libraries/pacts/`) or is
written by the tenant; either way a campaign uses a tenant's own `PactText` row (adopting a
library text copies it), so every link stays inside one tenant and a signature can point at the
exact version it was made on. Versions are never edited: a change is a new version.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

from integritas.core.models import TenantScopedModel, TimestampedModel
from integritas.people.models import PositionKind

CONTENT_FIELDS = ("code", "version", "title", "body", "content_hash")


class TextSource(models.Model):
    """What every text version carries: where its words come from and how sure we are."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    confidence = models.CharField(_("confidence"), max_length=200, blank=True)
    effective_from = models.DateField(_("effective from"))
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class LibraryPactText(TextSource, TimestampedModel):
    """A standard text version from `libraries/pacts/`: reference data shared by every tenant."""

    class Meta:
        ordering = ["code", "version"]
        verbose_name = _("library pact text")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="library_pact_text_version"),
        ]


class PactText(TextSource, TenantScopedModel):
    """One version of a tenant's pact text. Immutable: only its status ever changes."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUPERSEDED = "superseded", _("Replaced by a newer version")
        RETIRED = "retired", pgettext_lazy("pact text", "Retired")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE)
    library_text = models.ForeignKey(
        LibraryPactText, null=True, blank=True, on_delete=models.PROTECT,
        related_name="adoptions", verbose_name=_("based on library text"),
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("pact text")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code", "version"],
                                    name="pact_text_unique_version"),
        ]
        indexes = [models.Index(fields=["tenant", "status", "code"])]

    def save(self, *args, **kwargs):
        # A signature points at this row: its words must never change under it.
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or set(update_fields) & set(CONTENT_FIELDS)):
            raise ValueError("a pact text version is immutable; create a new version")
        super().save(*args, **kwargs)


class Occasion(models.TextChoices):
    ANNUAL = "annual", _("Annual re-signing")
    INAUGURATION = "inauguration", _("Inauguration of officials (pelantikan)")
    APPOINTMENT = "appointment", _("Appointment of CPNS/PPPK (pengangkatan)")
    TRANSFER = "transfer", _("Transfer (mutasi)")
    ZI_DECLARATION = "zi_declaration", _("Zona Integritas declaration (pencanangan ZI)")


class TargetKind(models.TextChoices):
    TENANT = "tenant", _("Whole Pemda")
    UNITS = "units", _("Chosen units (with sub-units)")
    ROLES = "roles", _("Roles")
    POSITION_KINDS = "position_kinds", _("Position kinds")
    EMPLOYEES = "employees", _("A list of employees")


class PactCampaign(FSMModelMixin, TenantScopedModel):
    """A call on a group of employees to sign one text version by a due date."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    text = models.ForeignKey(PactText, on_delete=models.PROTECT, related_name="campaigns",
                             verbose_name=_("text version"))
    occasion = models.CharField(_("occasion"), max_length=16, choices=Occasion.choices)
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    # The rule is data, re-evaluated for late joiners: `target_values` holds unit ids, roles,
    # position kinds or employee ids, depending on `target_kind`.
    target_kind = models.CharField(_("who must sign"), max_length=16, choices=TargetKind.choices)
    target_values = models.JSONField(_("targeted"), default=list, blank=True)
    joiner_allowance_days = models.PositiveSmallIntegerField(
        _("working days for late joiners"), default=10,
        help_text=_("Someone who joins a targeted unit while the campaign is open gets this "
                    "many working days to sign."),
    )
    # Witnesses: the direct superior unless one of these applies.
    opd_head_witness = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("witness for heads of OPD"),
    )
    regional_head = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("regional head (as an employee record)"),
    )
    regional_head_witness = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("witness for the regional head"),
    )
    # The Kepala Daerah is often witnessed by someone outside the Pemda (the Gubernur).
    regional_head_witness_name = models.CharField(
        _("witness for the regional head (name, if not an employee)"), max_length=200,
        blank=True,
    )
    status = FSMField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT,
                      protected=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("pact campaign")
        indexes = [models.Index(fields=["tenant", "status", "opens_on"])]

    def __str__(self) -> str:
        return self.title

    # Transitions are called only by integritas.pacts.services.
    @transition(field=status, source=Status.DRAFT, target=Status.OPEN)
    def open(self) -> None:
        pass

    @transition(field=status, source=Status.OPEN, target=Status.CLOSED)
    def close(self) -> None:
        pass


class PactTarget(TenantScopedModel):
    """One employee who must sign in one campaign, with their position as it was when targeted.

    `status` is moved on by the signing services; `opd` (the top-level unit) is kept so that
    completion per OPD is one grouped query.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Not signed yet")
        SIGNED = "signed", _("Signed, awaiting witness")
        WITNESSED = "witnessed", _("Signed and witnessed")
        PAPER = "paper", _("Signed on paper")

    DONE_STATUSES = (Status.SIGNED, Status.WITNESSED, Status.PAPER)

    campaign = models.ForeignKey(PactCampaign, on_delete=models.CASCADE, related_name="targets")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT,
                                 related_name="pact_targets", verbose_name=_("employee"))
    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    opd = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("OPD"))
    position_title = models.CharField(_("position"), max_length=200)
    position_kind = models.CharField(_("position kind"), max_length=14,
                                     choices=PositionKind.choices)
    echelon = models.CharField(_("echelon"), max_length=6, blank=True)
    due_on = models.DateField(_("due on"))
    joined_late = models.BooleanField(_("added after opening"), default=False)
    witness = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("witness"),
    )
    witness_name = models.CharField(_("witness (name, if not an employee)"), max_length=200,
                                    blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    witnessed_at = models.DateTimeField(_("witnessed at"), null=True, blank=True)

    class Meta:
        ordering = ["campaign_id", "id"]  # lists sort by name explicitly; no join by default
        verbose_name = _("pact target")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "campaign", "employee"],
                                    name="pact_target_unique_employee"),
        ]
        indexes = [
            models.Index(fields=["tenant", "campaign", "opd", "status"]),
            models.Index(fields=["tenant", "campaign", "status", "due_on"]),
            models.Index(fields=["tenant", "employee"]),
        ]

    def __str__(self) -> str:
        # Audit writes this for every target of a campaign: never a query per row.
        cached = PactTarget.employee.is_cached(self)
        return str(self.employee) if cached else f"employee {self.employee_id}"


class PactReminder(TenantScopedModel):
    """One reminder email sent to one signer; the unique key makes a reminder go out once.

    Overdue reminders repeat weekly: `week` counts them (0 the first time), so each week's
    reminder is its own row. The other kinds always have week 0.
    """

    class Kind(models.TextChoices):
        OPENING = "opening", _("Campaign opened")
        BEFORE_7 = "before_7", _("7 working days before the due date")
        BEFORE_1 = "before_1", _("1 working day before the due date")
        OVERDUE = "overdue", _("Overdue")

    target = models.ForeignKey(PactTarget, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    week = models.PositiveSmallIntegerField(_("week overdue"), default=0)
    email = models.EmailField(_("sent to"))

    class Meta:
        verbose_name = _("pact reminder")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "target", "kind", "week"],
                                    name="pact_reminder_once"),
        ]


def _signature_upload_path(signature: PactSignature, filename: str) -> str:
    """pacts/<tenant>/<year>/<document_id>.<ext>: the id names the file, never the user."""
    from pathlib import PurePath

    year = signature.signed_at.year
    suffix = PurePath(filename).suffix.lower() or ".pdf"
    return f"pacts/{signature.tenant.slug}/{year}/{signature.document_id}{suffix}"


class PactSignature(TenantScopedModel):
    """One signed pact: who signed which exact text version, how, when, and the stored file.

    The signer's and witness's details are copied as they were at signing, so the record (and
    the PDF) stays true after a transfer or a promotion.
    """

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", _("Electronic")
        PAPER = "paper", _("On paper")

    target = models.ForeignKey(PactTarget, on_delete=models.PROTECT, related_name="signatures",
                               verbose_name=_("signer"))
    document_id = models.CharField(_("document number"), max_length=64)
    text = models.ForeignKey(PactText, on_delete=models.PROTECT, related_name="signatures",
                             verbose_name=_("text version"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    signer_name = models.CharField(_("signer's name"), max_length=200)
    signer_nip = models.CharField(_("signer's NIP"), max_length=18)
    signer_position = models.CharField(_("signer's position"), max_length=200)
    signer_unit = models.CharField(_("signer's unit"), max_length=200)
    witness_name = models.CharField(_("witness's name"), max_length=200, blank=True)
    witness_nip = models.CharField(_("witness's NIP"), max_length=18, blank=True)
    witness_position = models.CharField(_("witness's position"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    is_late = models.BooleanField(_("signed after the due date"), default=False)
    pdf = models.FileField(_("signed PDF"), upload_to=_signature_upload_path, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    scan = models.FileField(_("scan of the paper pact"), upload_to=_signature_upload_path,
                            blank=True)
    witnessed_at = models.DateTimeField(_("witnessed at"), null=True, blank=True)
    witnessed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("witnessed by"),
    )
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-signed_at", "-id"]
        verbose_name = _("pact signature")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "target"],
                                    name="pact_signature_one_per_target"),
            models.UniqueConstraint(fields=["tenant", "document_id"],
                                    name="pact_signature_unique_document_id"),
        ]

    def __str__(self) -> str:
        return self.document_id


# --- Perjanjian kinerja --------------------------------------------------------------------------

def _agreement_upload_path(agreement: PerformanceAgreement, filename: str) -> str:
    return f"performance/{agreement.tenant.slug}/{agreement.year}/{agreement.document_id}.pdf"


class PerformanceAgreement(TenantScopedModel):
    """One version of a year's perjanjian kinerja between a subordinate (first party, who commits)
    and a superior (second party): an employee, or the regional head named by text.

    The parties' details are copied at creation so the agreement stays true after a transfer; a
    revision is a new row that `supersedes` the old one, which keeps its indicators and data.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        SUPERSEDED = "superseded", _("Replaced by a newer version")

    year = models.PositiveSmallIntegerField(_("year"))
    first_party = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="performance_agreements",
        verbose_name=_("first party"))
    first_party_name = models.CharField(_("first party's name"), max_length=200)
    first_party_nip = models.CharField(_("first party's NIP"), max_length=18)
    first_party_position = models.CharField(_("first party's position"), max_length=200)
    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    opd = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("OPD"))
    second_party = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("second party"))
    second_party_name = models.CharField(_("second party's name"), max_length=200)
    second_party_nip = models.CharField(_("second party's NIP"), max_length=18, blank=True)
    second_party_position = models.CharField(_("second party's position"), max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("parent agreement"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("replaces version"))
    first_party_signed_at = models.DateTimeField(_("signed by the first party"), null=True,
                                                 blank=True)
    second_party_signed_at = models.DateTimeField(_("signed by the second party"), null=True,
                                                  blank=True)
    second_party_signed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("second party's signature entered by"))
    document_id = models.CharField(_("document number"), max_length=64, blank=True)
    pdf = models.FileField(_("signed PDF"), upload_to=_agreement_upload_path, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))

    class Meta:
        ordering = ["-year", "opd__path", "first_party_name", "-version"]
        verbose_name = _("performance agreement")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "year", "first_party", "version"],
                                    name="performance_agreement_unique_version"),
            models.UniqueConstraint(fields=["tenant", "year", "first_party"],
                                    condition=~models.Q(status="superseded"),
                                    name="performance_agreement_one_current"),
            models.UniqueConstraint(fields=["tenant", "supersedes"],
                                    name="performance_agreement_one_revision"),
            models.UniqueConstraint(fields=["tenant", "document_id"],
                                    condition=~models.Q(document_id=""),
                                    name="performance_agreement_unique_document_id"),
        ]
        indexes = [models.Index(fields=["tenant", "year", "status"])]

    def __str__(self) -> str:
        return f"PK {self.year} {self.first_party_name} (v{self.version})"


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")


class PerformanceIndicator(TenantScopedModel):
    """An indicator of a sasaran with its annual target and cumulative quarterly targets, and
    the programme/activity and budget (Rupiah) that carry it."""

    agreement = models.ForeignKey(PerformanceAgreement, on_delete=models.CASCADE,
                                  related_name="indicators", verbose_name=_("agreement"))
    goal = models.CharField(_("strategic goal"), max_length=300)
    name = models.CharField(_("performance indicator"), max_length=300)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    target = models.DecimalField(_("annual target"), max_digits=18, decimal_places=2)
    q1_target = models.DecimalField(_("Q1 target"), max_digits=18, decimal_places=2, null=True,
                                    blank=True)
    q2_target = models.DecimalField(_("Q2 target"), max_digits=18, decimal_places=2, null=True,
                                    blank=True)
    q3_target = models.DecimalField(_("Q3 target"), max_digits=18, decimal_places=2, null=True,
                                    blank=True)
    q4_target = models.DecimalField(_("Q4 target"), max_digits=18, decimal_places=2, null=True,
                                    blank=True)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices,
                                 default=Direction.HIGHER_IS_BETTER)
    program = models.CharField(_("programme"), max_length=300, blank=True)
    activity = models.CharField(_("activity"), max_length=300, blank=True)
    budget = models.PositiveBigIntegerField(_("budget (Rupiah)"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("performance indicator")

    def __str__(self) -> str:
        return self.name

    def quarter_target(self, quarter: int):
        """The cumulative target up to `quarter`; the annual target when none was set."""
        value = getattr(self, f"q{quarter}_target")
        return self.target if value is None else value


def _evidence_upload_path(realisation: Realisation, filename: str) -> str:
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower() or ".pdf"
    return (f"performance/{realisation.tenant.slug}/{realisation.indicator.agreement.year}/"
            f"{realisation.indicator_id}-q{realisation.quarter}{suffix}")


class Realisation(TenantScopedModel):
    """What an indicator reached by the end of a quarter (cumulative, like its targets)."""

    indicator = models.ForeignKey(PerformanceIndicator, on_delete=models.CASCADE,
                                  related_name="realisations", verbose_name=_("indicator"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    value = models.DecimalField(_("realisation"), max_digits=18, decimal_places=2)
    evidence = models.FileField(_("evidence"), upload_to=_evidence_upload_path, blank=True)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        ordering = ["quarter"]
        verbose_name = _("realisation")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "indicator", "quarter"],
                                    name="realisation_one_per_quarter"),
        ]
