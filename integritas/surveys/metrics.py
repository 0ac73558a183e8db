"""Figures this module gives the leadership overview and the public transparency page.

Contract (read by `integritas.oversight`): `unit_metrics(tenant)` returns `{unit_id: {key: value}}`
for the units with data; `tenant_metrics(tenant)` returns the Pemda-wide `{key: value}`. Values are
numbers, short codes or None; an empty result means the module is not yet in use. Callers run inside
the tenant's scope.

Unit keys:
- `ipak`: the SPAK index (Decimal 1–4, two decimals) of the unit's latest SPAK period with
  responses, or None;
- `ipkp`: the same for SPKP;
- `survey_responses`: the responses of those (at most two) latest periods.
Tenant keys:
- `survey_responses`: every response received by the Pemda's units.

One aggregate query over the periods (the responses are averaged by the database), then a loop
over periods only — a Pemda has a few periods per unit and year.
"""

from __future__ import annotations

from django.db.models import Avg, Count

from integritas.surveys.models import Kind, SurveyPeriod, SurveyResponse
from integritas.surveys.selectors import index_value

KEYS = {Kind.SPAK: "ipak", Kind.SPKP: "ipkp"}


def unit_metrics(tenant) -> dict[int, dict]:
    periods = (SurveyPeriod.objects.filter(tenant=tenant)
               .annotate(response_count=Count("responses"), mean=Avg("responses__mean"))
               .filter(response_count__gt=0)
               .order_by("unit_id", "kind", "-closes_on", "-pk")
               .values("unit_id", "kind", "response_count", "mean"))
    metrics: dict[int, dict] = {}
    for period in periods:
        unit = metrics.setdefault(period["unit_id"],
                                  {"ipak": None, "ipkp": None, "survey_responses": 0})
        key = KEYS[period["kind"]]
        if unit[key] is None:
            unit[key] = index_value(period["mean"])
            unit["survey_responses"] += period["response_count"]
    return metrics


def tenant_metrics(tenant) -> dict:
    responses = SurveyResponse.objects.filter(tenant=tenant).count()
    return {"survey_responses": responses} if responses else {}
