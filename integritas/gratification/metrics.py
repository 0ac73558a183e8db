"""Figures this module gives the leadership overview and the public transparency page.

Contract (read by `integritas.oversight`): `unit_metrics(tenant)` returns `{unit_id: {key: value}}`
for the units with data; `tenant_metrics(tenant)` returns the Pemda-wide `{key: value}`. Values are
numbers, short codes or None; an empty result means the module is not yet in use. Callers run inside
the tenant's scope.

Keys (all reports ever made, by the unit the recipient was in when reporting):
- unit: `grat_reports` (count), `grat_on_time_pct` (share reported to the UPG within the
  10 working days, 0–100 with one decimal, None without reports).
- tenant: `grat_reports`, `grat_forwarded_kpk` (count forwarded to KPK), `grat_value_forwarded`
  (int rupiah), `grat_on_time_pct`, `by_month` (the last 12 months by month reported:
  `{"month": "2026-11", "reports": n, "value_forwarded": rupiah}`).
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from integritas.gratification import selectors
from integritas.gratification.models import GratificationReport


def unit_metrics(tenant) -> dict[int, dict]:
    rows = (GratificationReport.objects.filter(tenant=tenant).order_by().values("unit_id")
            .annotate(reports=Count("pk"), on_time=Count("pk", filter=selectors.ON_TIME)))
    return {row["unit_id"]: {"grat_reports": row["reports"],
                             "grat_on_time_pct": selectors.percent(row["on_time"],
                                                                   row["reports"])}
            for row in rows}


def tenant_metrics(tenant) -> dict:
    reports = GratificationReport.objects.filter(tenant=tenant)
    totals = selectors.totals(reports)
    if not totals.reports:
        return {}
    since = selectors.twelve_months_back(timezone.localdate())
    return {
        "grat_reports": totals.reports,
        "grat_forwarded_kpk": totals.forwarded,
        "grat_value_forwarded": totals.value_forwarded,
        "grat_on_time_pct": totals.on_time_pct,
        "by_month": selectors.by_month(reports, since),
    }
