"""Figures this module gives the leadership overview and the public transparency page.

Contract (read by `integritas.oversight`): `unit_metrics(tenant)` returns `{unit_id: {key: value}}`
for the units with data; `tenant_metrics(tenant)` returns the Pemda-wide `{key: value}`. Values are
numbers, short codes or None; an empty result means the module is not yet in use. Callers run inside
the tenant's scope. Counts come from the plaintext columns only; nothing is decrypted.

Unit keys (per unit concerned; cases naming no unit are left out):
- `cases_open` — cases not yet finished or rejected;
- `cases_overdue` — open cases whose current working-day deadline has passed;
- `median_first_response_days` — median working days from receipt to the first response, over
  the cases received in the last 365 days (as the tenant medians).

Tenant keys: `cases_received`, `cases_open`, `cases_overdue`, `cases_closed` (finished or
rejected), `cases_within_deadline_pct` (closed cases never stamped as breached, 0–100),
`median_first_response_days`, `median_close_days` (working days, cases received in the
last 365 days), `substantiated_pct` (of the
cases finished with an outcome: terbukti or sebagian terbukti, 0–100), `by_month` (the last 12
months, oldest first: `{"month": "2026-11", "received", "closed", "within_deadline"}`),
`by_channel` (`{"wbs": n, "complaint": n}`). Percentages and medians are None when there is
nothing to measure.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from integritas.cases import statistics
from integritas.cases.models import Case, Channel

MEDIAN_WINDOW_DAYS = 365


def unit_metrics(tenant) -> dict[int, dict]:
    today = timezone.localdate()
    cases = Case.objects.filter(tenant=tenant, unit__isnull=False)
    result: dict[int, dict] = {}
    for unit_id, open_, overdue in (
            cases.values_list("unit_id")
            .annotate(open=Count("pk", filter=statistics.OPEN),
                      overdue=Count("pk", filter=statistics.OPEN & Q(due_on__lt=today)))
            .order_by()):
        result[unit_id] = {"cases_open": open_, "cases_overdue": overdue,
                           "median_first_response_days": None}
    spans = defaultdict(list)
    count, zone = statistics.working_day_counter(tenant), timezone.get_current_timezone()
    for unit_id, received, first in cases.filter(
            first_response_at__isnull=False, received_at__gte=_median_window()).values_list(
            "unit_id", "received_at", "first_response_at"):
        spans[unit_id].append(count(received.astimezone(zone).date(),
                                    first.astimezone(zone).date()))
    for unit_id, values in spans.items():
        result[unit_id]["median_first_response_days"] = statistics.median_of(values)
    return result


def _median_window():
    """Medians describe the current year of work: cases received in the last 365 days."""
    return timezone.now() - timedelta(days=MEDIAN_WINDOW_DAYS)


def tenant_metrics(tenant) -> dict:
    cases = Case.objects.filter(tenant=tenant)
    figures = statistics.figures(tenant, cases, medians_since=_median_window())
    if not figures.received:
        return {}
    return {
        "cases_received": figures.received,
        "cases_open": figures.open,
        "cases_overdue": figures.overdue,
        "cases_closed": figures.closed,
        "cases_within_deadline_pct": figures.within_deadline_pct,
        "median_first_response_days": figures.median_first_response_days,
        "median_close_days": figures.median_close_days,
        "substantiated_pct": figures.substantiated_pct,
        "by_month": figures.by_month,
        "by_channel": {code: figures.by_channel.get(code, 0) for code in Channel.values},
    }
