"""Figures this module gives the leadership overview and the public transparency page.

Contract (read by `integritas.oversight`): `unit_metrics(tenant)` returns `{unit_id: {key: value}}`
for the units with data; `tenant_metrics(tenant)` returns the Pemda-wide `{key: value}`. Values are
numbers, short codes or None; an empty result means the module is not yet in use. Callers run inside
the tenant's scope.

Keys, per OPD (`unit_id` is the declarant's OPD, the top-level unit, when they declared) and for
the Pemda:
- `coi_declarations`: declarations filed (withdrawn ones included);
- `coi_pending`: declarations whose decision is still suspended;
- `coi_overdue`: of those, the ones past their decision deadline;
- tenant only, `coi_decided_on_time_pct`: decisions made within the deadline, 0–100 rounded to
  one decimal, None before the first decision.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from integritas.conflicts.models import Decision, Declaration

SUSPENDED = Declaration.Status.SUSPENDED


def _counts(today) -> dict:
    return {
        "coi_declarations": Count("pk"),
        "coi_pending": Count("pk", filter=Q(status=SUSPENDED)),
        "coi_overdue": Count("pk", filter=Q(status=SUSPENDED, due_on__lt=today)),
    }


def unit_metrics(tenant) -> dict[int, dict]:
    rows = (Declaration.objects.filter(tenant=tenant).values("opd_id")
            .annotate(**_counts(timezone.localdate())).order_by())
    return {row.pop("opd_id"): row for row in rows}


def tenant_metrics(tenant) -> dict:
    figures = Declaration.objects.filter(tenant=tenant).aggregate(
        **_counts(timezone.localdate()))
    if not figures["coi_declarations"]:
        return {}
    decided = Decision.objects.filter(tenant=tenant).aggregate(
        n=Count("pk"), on_time=Count("pk", filter=Q(on_time=True)))
    figures["coi_decided_on_time_pct"] = (round(100 * decided["on_time"] / decided["n"], 1)
                                          if decided["n"] else None)
    return figures
