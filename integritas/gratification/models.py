"""Gratification reports (laporan gratifikasi), the rules they are judged by, and the UPG's
handling of them up to KPK's decision.

`RuleSet` rows are reference data loaded from `libraries/gratification/` (one per regulation in
force from a date); a report keeps the hint it was given and its deadlines as they were computed
when it was made, so a later rule change never rewrites history.
"""

from __future__ import annotations

from pathlib import PurePath

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from integritas.core.models import TenantScopedModel, TimestampedModel


class RuleSet(TimestampedModel):
    """One regulation version: exemptions a–q with their limits, the deadlines, form limits."""

    code = models.SlugField(_("code"), max_length=60)
    regulation = models.CharField(_("regulation"), max_length=100)
    effective_from = models.DateField(_("effective from"))
    source = models.CharField(_("source"), max_length=400)
    confidence = models.CharField(_("confidence"), max_length=300, blank=True)
    deadlines = models.JSONField(_("deadlines (working days)"))
    cash_forms = models.JSONField(_("forms counted as cash"))
    report_form = models.JSONField(_("report form limits"))
    exemptions = models.JSONField(_("exemptions"))

    class Meta:
        ordering = ["code", "-effective_from"]
        verbose_name = _("gratification rule set")
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"],
                                    name="gratification_ruleset_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.regulation} ({self.effective_from:%Y-%m-%d})"


class Form(models.TextChoices):
    MONEY = "money", _("Money")
    GOODS = "goods", _("Goods")
    VOUCHER = "voucher", _("Voucher or cash equivalent")
    TRAVEL = "travel", _("Travel or accommodation")
    HOSPITALITY = "hospitality", _("Hospitality (meals, entertainment)")
    SERVICE = "service", _("Service or facility")
    FLOWERS = "flowers", _("Flower arrangement (karangan bunga)")
    OTHER = "other", _("Other")


class Occasion(models.TextChoices):
    WEDDING = "wedding", _("Wedding or engagement")
    BIRTH = "birth", _("Birth or aqiqah")
    CEREMONY = "ceremony", _("Baptism, circumcision or other rites")
    BEREAVEMENT = "bereavement", _("Bereavement or misfortune (musibah)")
    DISASTER = "disaster", _("Disaster (bencana)")
    RELIGIOUS_FEAST = "religious_feast", _("Religious feast (hari raya)")
    FAREWELL = "farewell", _("Farewell or welcome (pisah sambut)")
    RETIREMENT = "retirement", _("Retirement")
    PROMOTION = "promotion", _("Promotion")
    BIRTHDAY = "birthday", _("Birthday")
    OFFICIAL_VISIT = "official_visit", _("Official visit or duty")
    SERVICE_THANKS = "service_thanks", _("Thanks for a service rendered")
    NONE = "none", _("No particular occasion")


class Relation(models.TextChoices):
    FAMILY = "family", _("Family")
    COLLEAGUE = "colleague", _("Colleague")
    SERVICE_USER = "service_user", _("Service user or member of the public")
    SUPPLIER = "supplier", _("Supplier or contractor (rekanan)")
    BUSINESS = "business", _("Business partner")
    OFFICIAL = "official", _("Official of another institution")
    FRIEND = "friend", _("Friend or acquaintance")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    STATE = "milik_negara", _("Property of the state (milik negara)")
    RECIPIENT = "milik_penerima", _("Property of the recipient (milik penerima)")
    OTHER = "lainnya", _("Other (e.g. donated as a social aid)")


class GratificationReport(FSMModelMixin, TenantScopedModel):
    """One gift received or refused by one employee, reported by that employee."""

    class Status(models.TextChoices):
        SUBMITTED = "diajukan", _("Submitted to the UPG")
        VERIFYING = "verifikasi", _("Being verified")
        FORWARDED = "diteruskan_kpk", _("Forwarded to KPK")
        DECIDED_BY_UPG = "ditetapkan_upg", _("Decided by the UPG")
        AWAITING_KPK = "menunggu_sk_kpk", _("Awaiting KPK's decision")
        STATE_PROPERTY = "milik_negara", _("Property of the state")
        RECIPIENT_PROPERTY = "milik_penerima", _("Property of the recipient")
        OTHER_OUTCOME = "lainnya", _("Other outcome")
        CLOSED = "selesai", _("Closed")

    OPEN_STATUSES = (Status.SUBMITTED, Status.VERIFYING, Status.FORWARDED,
                     Status.DECIDED_BY_UPG, Status.AWAITING_KPK)
    OUTCOME_STATUSES = (Status.STATE_PROPERTY, Status.RECIPIENT_PROPERTY, Status.OTHER_OUTCOME)

    number = models.CharField(_("number"), max_length=30)
    recipient = models.ForeignKey("people.Employee", on_delete=models.PROTECT,
                                  related_name="gratification_reports",
                                  verbose_name=_("recipient"))
    # The recipient's unit and position when reporting: the register stays where it was made.
    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    position_title = models.CharField(_("position"), max_length=200)
    reported_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("reported by"))
    giver_name = models.CharField(_("giver"), max_length=200)
    # Case- and space-insensitive giver name: the key of the yearly sums per giver.
    giver_key = models.CharField(max_length=200, editable=False)
    giver_institution = models.CharField(_("giver's institution or address"), max_length=300,
                                         blank=True)
    relation = models.CharField(_("relation to the recipient"), max_length=20,
                                choices=Relation.choices)
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    description = models.TextField(_("description"))
    value = models.BigIntegerField(_("value (rupiah)"))
    value_is_estimate = models.BooleanField(_("value is an estimate"), default=False)
    received_on = models.DateField(_("date received or offered"))
    place = models.CharField(_("place"), max_length=200)
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices)
    accepted = models.BooleanField(_("accepted"), default=True)
    deposited_at_upg = models.BooleanField(_("deposited at the UPG"), default=False)
    reported_on = models.DateField(_("reported on"))
    # The hint given when reporting (advice only; the UPG and KPK decide).
    rule_set = models.ForeignKey(RuleSet, null=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("rules applied"))
    hint = models.CharField(_("hint"), max_length=20)
    hint_letter = models.CharField(_("exemption point"), max_length=2, blank=True)
    hint_explanation = models.CharField(_("hint explanation"), max_length=400)
    # Deadlines in working days, computed when reported (see services.deadlines_for).
    upg_due_on = models.DateField(_("due at the UPG"))
    forward_due_on = models.DateField(_("UPG to forward to KPK by"))
    kpk_due_on = models.DateField(_("due at KPK (30 working days)"))
    status = FSMField(_("status"), max_length=20, choices=Status.choices,
                      default=Status.SUBMITTED, protected=True)
    completion_note = models.TextField(_("completion requested"), blank=True)
    completion_due_on = models.DateField(_("complete by"), null=True, blank=True)
    kpk_number = models.CharField(_("KPK report number"), max_length=60, blank=True)
    forwarded_on = models.DateField(_("forwarded to KPK on"), null=True, blank=True)
    decision_number = models.CharField(_("decision (SK) number"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    deposit_reference = models.CharField(_("deposit reference (NTPN)"), max_length=60,
                                         blank=True)
    deposit_proof = models.FileField(_("proof of deposit"), upload_to="gratification/proof/",
                                     blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("gratification report")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"],
                                    name="gratification_report_unique_number"),
            models.CheckConstraint(condition=models.Q(value__gte=0),
                                   name="gratification_report_value_not_negative"),
        ]
        indexes = [
            models.Index(fields=["tenant", "recipient", "giver_key", "received_on"]),
            models.Index(fields=["tenant", "status", "reported_on"]),
            models.Index(fields=["tenant", "reported_on"]),
        ]

    def __str__(self) -> str:
        return self.number

    # Transitions: the services call these and record the audit event.
    @transition(status, source=Status.SUBMITTED, target=Status.VERIFYING)
    def start_verification(self):
        pass

    @transition(status, source=Status.VERIFYING, target=Status.FORWARDED)
    def forward_to_kpk(self):
        pass

    @transition(status, source=Status.VERIFYING, target=Status.DECIDED_BY_UPG)
    def decide_by_upg(self):
        pass

    @transition(status, source=Status.FORWARDED, target=Status.AWAITING_KPK)
    def await_kpk_decision(self):
        pass

    @transition(status, source=[Status.AWAITING_KPK, Status.DECIDED_BY_UPG],
                target=RETURN_VALUE(*OUTCOME_STATUSES))
    def record_outcome(self, outcome: str) -> str:
        return outcome

    @transition(status, source=list(OUTCOME_STATUSES), target=Status.CLOSED)
    def close(self):
        pass


def _evidence_path(evidence: Evidence, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"gratification/{evidence.tenant_id}/{evidence.report_id}/{evidence.token}{suffix}"


class Evidence(TenantScopedModel):
    """A file the recipient attached: a photo of the gift, an invitation, a receipt."""

    report = models.ForeignKey(GratificationReport, on_delete=models.CASCADE,
                               related_name="evidence", verbose_name=_("report"))
    token = models.CharField(max_length=32, editable=False)
    file = models.FileField(_("file"), upload_to=_evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class Reminder(TenantScopedModel):
    """A warning sent before one of a report's deadlines; recorded so none goes out twice."""

    class Kind(models.TextChoices):
        FORWARD = "forward", _("UPG to forward to KPK")
        KPK = "kpk", _("30 working days to KPK")
        COMPLETION = "completion", _("Completion of the report")

    report = models.ForeignKey(GratificationReport, on_delete=models.CASCADE,
                               related_name="reminders")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    due_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "report", "kind", "due_on"],
                                    name="gratification_reminder_once"),
        ]
