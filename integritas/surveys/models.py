"""SPAK and SPKP surveys: questionnaires (library), a unit's public link, periods and responses.

A unit has one public link (`SurveyLink`, the token on its QR poster) that stays the same across
periods, so a printed poster keeps working. A period asks one questionnaire version for one unit
between two dates. A response is anonymous: its answers, the mean of its answers and a hash of the
visit token that made it (so the same form cannot be sent twice); no address, no device id.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integritas.core.models import TenantScopedModel, TimestampedModel


class Kind(models.TextChoices):
    SPAK = "spak", _("SPAK — anti-corruption perception")
    SPKP = "spkp", _("SPKP — service quality perception")


class Questionnaire(TimestampedModel):
    """A questionnaire version from `libraries/surveys/` (shared by every tenant)."""

    code = models.CharField(_("code"), max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    lke_item = models.CharField(_("LKE item"), max_length=60)
    effective_from = models.DateField(_("effective from"))
    source = models.TextField(_("source"), blank=True)
    confidence = models.TextField(_("confidence"), blank=True)
    scale = models.JSONField(_("scale"))  # [{"value": 1, "label": "..."}, ...] lowest first
    questions = models.JSONField(_("questions"))  # [{"code": "...", "text": "..."}, ...]
    content_hash = models.CharField(_("content hash"), max_length=64)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("questionnaire")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def scale_values(self) -> list[int]:
        return [point["value"] for point in self.scale]


class SurveyPolicy(TimestampedModel):
    """The abuse limits of the public form (`libraries/surveys/public-form.yaml`)."""

    effective_from = models.DateField(_("effective from"), unique=True)
    responses_per_address_per_hour = models.PositiveIntegerField()
    device_repeat_days = models.PositiveIntegerField()
    visit_valid_minutes = models.PositiveIntegerField()
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("survey policy")

    def __str__(self) -> str:
        return f"{self.effective_from}"


def new_token() -> str:
    return secrets.token_urlsafe(16)


class SurveyLink(TenantScopedModel):
    unit = models.OneToOneField("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("unit"))
    token = models.CharField(_("token"), max_length=40, default=new_token)

    class Meta:
        verbose_name = _("survey link")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "token"], name="survey_link_token_unique"),
        ]

    def __str__(self) -> str:
        return self.token


class SurveyPeriod(TenantScopedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    kind = models.CharField(_("questionnaire"), max_length=10, choices=Kind.choices)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT,
                                      related_name="periods", verbose_name=_("version"))
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-opens_on", "unit__name", "kind"]
        verbose_name = _("survey period")
        constraints = [
            # One open period per unit and questionnaire: the QR poster leads to exactly one form.
            models.UniqueConstraint(fields=["tenant", "unit", "kind"],
                                    condition=Q(status="open"), name="survey_one_open_period"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                   name="survey_period_dates_in_order"),
        ]
        indexes = [models.Index(fields=["tenant", "unit", "kind", "closes_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        return self.closes_on.year

    def accepts_on(self, day) -> bool:
        return self.status == self.Status.OPEN and self.opens_on <= day <= self.closes_on


class SurveyResponse(TenantScopedModel):
    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField(_("answers"))  # {question code: scale value}
    # Every question is required, so the mean of the response means is the mean of the
    # question means: the period's index is one SQL average.
    mean = models.DecimalField(_("mean"), max_digits=7, decimal_places=4)
    visit_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey response")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "period", "visit_hash"],
                                    name="survey_one_per_visit"),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}:{self.pk}"
