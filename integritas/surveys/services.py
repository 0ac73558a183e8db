"""Writes for surveys: open and close a unit's period; take one anonymous response per visit."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.audit.services import record
from integritas.core.errors import DomainError, NotFound
from integritas.core.services import service
from integritas.surveys.models import Kind, SurveyLink, SurveyPeriod, SurveyResponse
from integritas.surveys.selectors import questionnaire_in_force

PUBLIC_ACTOR = "public survey form"
MEAN_PLACES = Decimal("0.0001")


@service
def open_period(tenant, actor, *, unit, kind: str, opens_on: dt.date, closes_on: dt.date,
                title: str = "") -> SurveyPeriod:
    """Open a period of `kind` ("spak" or "spkp") for `unit`; one open period per unit and kind."""
    if kind not in Kind.values:
        raise DomainError("surveys.unknown_kind", _("Choose SPAK or SPKP."), field="kind")
    if unit.tenant_id != tenant.pk:
        raise NotFound("surveys.unit_not_found", _("The unit does not exist."), field="unit")
    if closes_on < opens_on:
        raise DomainError("surveys.dates_out_of_order",
                          _("The period cannot close before it opens."), field="closes_on")
    if SurveyPeriod.objects.filter(tenant=tenant, unit=unit, kind=kind,
                                   status=SurveyPeriod.Status.OPEN).exists():
        raise DomainError("surveys.period_already_open",
                          _("%(unit)s already has an open %(kind)s period: close it first."),
                          field="kind", unit=unit.name, kind=kind.upper())
    questionnaire = questionnaire_in_force(kind, opens_on)
    link_for(tenant, actor, unit)
    period = SurveyPeriod.objects.create(
        tenant=tenant, unit=unit, kind=kind, questionnaire=questionnaire,
        title=(title.strip() or f"{kind.upper()} {unit.short_name or unit.name} "
                                f"{closes_on.year}")[:200],
        opens_on=opens_on, closes_on=closes_on, created_by=actor)
    record(tenant, actor, "surveys.period.open", period,
           {"unit": unit.name, "kind": kind, "questionnaire": str(questionnaire),
            "opens_on": opens_on, "closes_on": closes_on})
    return period


def link_for(tenant, actor, unit) -> SurveyLink:
    """The unit's public link, made on first use; it never changes, so posters stay valid."""
    link, created = SurveyLink.objects.get_or_create(tenant=tenant, unit=unit)
    if created:
        record(tenant, actor, "surveys.link.create", link, {"unit": unit.name})
    return link


@service
def ensure_link(tenant, actor, unit) -> SurveyLink:
    return link_for(tenant, actor, unit)


@service
def close_period(tenant, actor, period: SurveyPeriod) -> SurveyPeriod:
    if period.status == SurveyPeriod.Status.CLOSED:
        raise DomainError("surveys.period_closed", _("This period is already closed."))
    period.status = SurveyPeriod.Status.CLOSED
    period.closed_at = timezone.now()
    period.save(update_fields=["status", "closed_at", "updated_at"])
    record(tenant, actor, "surveys.period.close", period,
           {"responses": period.responses.count()})
    return period


def checked_answers(period: SurveyPeriod, answers: dict) -> dict[str, int]:
    """Every question answered with a point of the scale; `DomainError` naming the question."""
    allowed = set(period.questionnaire.scale_values)
    clean = {}
    for question in period.questionnaire.questions:
        raw = answers.get(question["code"])
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
        if value not in allowed:
            raise DomainError("surveys.answer_required",
                              _("Please answer every statement."),
                              field=f"{period.pk}-{question['code']}")
        clean[question["code"]] = value
    return clean


@service
def submit_responses(tenant, actor, *, periods: list[SurveyPeriod],
                     answers: dict[int, dict], visit: str, today: dt.date | None = None
                     ) -> list[SurveyResponse]:
    """Record one visit's answers to the open periods it was shown, all or none.

    `answers` maps a period id to {question code: 1–4}; `visit` is the form's one-time token,
    hashed per period, so the same form sent twice is refused.
    """
    today = today or timezone.localdate()
    if not periods:
        raise DomainError("surveys.nothing_open", _("No survey is open at this unit now."))
    checked = []
    for period in periods:
        if period.tenant_id != tenant.pk or not period.accepts_on(today):
            raise DomainError("surveys.period_not_open",
                              _("This survey is closed. Thank you for your interest."))
        checked.append((period, checked_answers(period, answers.get(period.pk) or {})))
    responses = []
    for period, clean in checked:
        visit_hash = hashlib.sha256(f"{visit}:{period.pk}".encode()).hexdigest()
        mean = (Decimal(sum(clean.values())) / len(clean)).quantize(MEAN_PLACES)
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    tenant=tenant, period=period, answers=clean, mean=mean,
                    visit_hash=visit_hash)
        except IntegrityError as error:
            raise DomainError("surveys.already_received",
                              _("Your answers were already received. Thank you!")) from error
        record(tenant, actor or PUBLIC_ACTOR, "surveys.response.submit", response,
               {"period": period.pk})
        responses.append(response)
    return responses
