"""Reads of survey periods, their results and indices, limited to what a grant covers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant
from integritas.core.errors import DomainError, NotFound
from integritas.surveys.models import (
    Kind,
    Questionnaire,
    SurveyLink,
    SurveyPeriod,
    SurveyPolicy,
    SurveyResponse,
)
from integritas.tenancy.selectors import unit_paths_q

CENT = Decimal("0.01")


def index_value(mean) -> Decimal | None:
    """The index (1–4) shown and fed to the LKE: two decimals, half up."""
    return None if mean is None else Decimal(mean).quantize(CENT, rounding=ROUND_HALF_UP)


def periods_for(tenant, grant: Grant) -> QuerySet[SurveyPeriod]:
    if not grant.allowed:
        return SurveyPeriod.objects.none()
    return (SurveyPeriod.objects.filter(tenant=tenant)
            .filter(unit_paths_q(grant, "unit__path"))
            .select_related("unit", "questionnaire")
            .annotate(response_count=Count("responses"), mean=Avg("responses__mean")))


def period_for(tenant, grant: Grant, pk) -> SurveyPeriod:
    period = periods_for(tenant, grant).filter(pk=pk).first()
    if period is None:
        raise NotFound("surveys.period_not_found", _("The survey period does not exist."))
    return period


@dataclass(frozen=True)
class QuestionResult:
    code: str
    text: str
    mean: Decimal | None
    counts: tuple[tuple[int, str, int, float], ...]  # (value, label, count, percent)


@dataclass(frozen=True)
class LkeValue:
    item_code: str
    node_title: str
    weight: Decimal
    value: Decimal  # index / 4 × weight, two decimals


@dataclass(frozen=True)
class PeriodResults:
    responses: int
    index: Decimal | None
    questions: tuple[QuestionResult, ...]
    lke: LkeValue | None


def period_results(period: SurveyPeriod) -> PeriodResults:
    """Per question: the mean and the spread over the scale; the index and its LKE value."""
    questionnaire = period.questionnaire
    rows = list(period.responses.values_list("answers", flat=True))
    results = []
    for question in questionnaire.questions:
        values = [row.get(question["code"]) for row in rows if row.get(question["code"])]
        counts = Counter(values)
        results.append(QuestionResult(
            question["code"], question["text"],
            index_value(Decimal(sum(values)) / len(values)) if values else None,
            tuple((point["value"], point["label"], counts[point["value"]],
                   round(100 * counts[point["value"]] / len(values), 1) if values else 0.0)
                  for point in questionnaire.scale)))
    index = index_value(period.responses.aggregate(mean=Avg("mean"))["mean"])
    return PeriodResults(len(rows), index, tuple(results), lke_value(period, index))


def lke_value(period: SurveyPeriod, index: Decimal | None) -> LkeValue | None:
    """The hasil value this index earns in the LKE in force when the period closes."""
    from integritas.lke.scoring import INDEX_MAX, rounded
    from integritas.lke.selectors import framework_in_force

    if index is None:
        return None
    try:
        framework = framework_in_force(period.tenant, period.closes_on)
    except DomainError:
        return None
    code = period.questionnaire.lke_item
    if not framework.has_item(code):
        return None
    node = framework.node(framework.item(code).node_code)
    return LkeValue(code, node.title, node.weight, rounded(index / INDEX_MAX * node.weight))


def questionnaire_in_force(kind: str, on: dt.date) -> Questionnaire:
    found = (Questionnaire.objects.filter(code=kind, effective_from__lte=on)
             .order_by("-effective_from", "-version").first())
    if found is None:
        raise NotFound("surveys.no_questionnaire",
                       _("No %(kind)s questionnaire is in force on %(date)s."),
                       field="kind", kind=kind.upper(), date=on.isoformat())
    return found


def unit_indices(tenant, unit, year: int) -> dict:
    """{"ipak", "ipkp", "responses"} of `unit` in `year`: each index (1–4, two decimals) is that
    of the unit's latest period of the year with responses; `responses` counts the responses of
    those periods. Callers run inside the tenant's scope."""
    periods = (SurveyPeriod.objects.filter(tenant=tenant, unit=unit, closes_on__year=year)
               .annotate(response_count=Count("responses"), mean=Avg("responses__mean"))
               .filter(response_count__gt=0).order_by("-closes_on", "-pk"))
    latest: dict[str, SurveyPeriod] = {}
    for period in periods:
        latest.setdefault(period.kind, period)
    return {
        "ipak": index_value(latest[Kind.SPAK].mean) if Kind.SPAK in latest else None,
        "ipkp": index_value(latest[Kind.SPKP].mean) if Kind.SPKP in latest else None,
        "responses": sum(period.response_count for period in latest.values()),
    }


def responses_of(period: SurveyPeriod) -> QuerySet[SurveyResponse]:
    return period.responses.order_by("created_at")


# --- the public form ---------------------------------------------------------------------------

def link_of(unit) -> SurveyLink:
    """The unit's public link (made when its first period opens)."""
    return SurveyLink.objects.get(tenant_id=unit.tenant_id, unit=unit)


def link_by_token(tenant, token: str) -> SurveyLink:
    link = (SurveyLink.objects.filter(tenant=tenant, token=token, unit__is_active=True)
            .select_related("unit").first())
    if link is None:
        raise NotFound("surveys.link_not_found", _("This survey link does not exist."))
    return link


def open_periods(link: SurveyLink, today: dt.date) -> list[SurveyPeriod]:
    """What the form asks today: SPAK first, then SPKP."""
    periods = (SurveyPeriod.objects.filter(tenant=link.tenant, unit=link.unit,
                                           status=SurveyPeriod.Status.OPEN,
                                           opens_on__lte=today, closes_on__gte=today)
               .select_related("questionnaire"))
    return sorted(periods, key=lambda period: period.kind)


def policy_in_force(today: dt.date) -> SurveyPolicy:
    policy = SurveyPolicy.objects.filter(effective_from__lte=today).first()
    if policy is None:
        raise DomainError("surveys.not_configured",
                          _("The survey form is not configured yet (run load_libraries)."),
                          status=503)
    return policy
