"""Figures this module gives the leadership overview and the public transparency page.

Contract (read by `integritas.oversight`): `unit_metrics(tenant)` returns `{unit_id: {key: value}}`
for the units with data; `tenant_metrics(tenant)` returns the Pemda-wide `{key: value}`. Values are
numbers, short codes or None; an empty result means the module is not yet in use. Callers run inside
the tenant's scope.

Risks count in the registers of the newest year that has any (the current register cycle):
- `risks`: risks in the unit's (UPR's) registers;
- `risks_high`: of those, residual score in a band that requires an RTP (tinggi, sangat tinggi);
- `rtp_overdue`: RTPs of those risks past their due date and not completed (today);
- `activities_without_risks`: the unit's activities of that year with no mapped risk.
Tenant-wide: the same four summed, plus `spip_level`: the newest submitted or quality-assured
SPIP maturity level (0–5), or None.
"""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.utils import timezone

from integritas.risk.models import Activity, Register, Risk, TreatmentPlan
from integritas.risk.selectors import high_score_floor, latest_level

KEYS = ("risks", "risks_high", "rtp_overdue", "activities_without_risks")


def _current_year(tenant) -> int | None:
    return Register.objects.filter(tenant=tenant).aggregate(y=Max("year"))["y"]


def unit_metrics(tenant) -> dict[int, dict]:
    year = _current_year(tenant)
    if year is None:
        return {}
    floor = high_score_floor(tenant)
    today = timezone.localdate()
    result: dict[int, dict] = {}

    def put(unit_id, key, value):
        result.setdefault(unit_id, dict.fromkeys(KEYS, 0))[key] = value

    for row in (Risk.objects.filter(tenant=tenant, register__year=year)
                .order_by().values("register__unit_id")
                .annotate(n=Count("pk"), high=Count("pk", filter=Q(residual_score__gte=floor)))):
        put(row["register__unit_id"], "risks", row["n"])
        put(row["register__unit_id"], "risks_high", row["high"])
    for row in (TreatmentPlan.objects.filter(tenant=tenant, risk__register__year=year,
                                             completed_on__isnull=True, due_on__lt=today)
                .order_by().values("risk__register__unit_id").annotate(n=Count("pk"))):
        put(row["risk__register__unit_id"], "rtp_overdue", row["n"])
    # A LEFT JOIN on the activity's risks, not NOT EXISTS: the scoped subquery's tenant filter
    # leads SQLite to the tenant index and a scan per activity.
    for row in (Activity.objects.filter(tenant=tenant, year=year, risks__isnull=True)
                .order_by().values("unit_id").annotate(n=Count("pk"))):
        put(row["unit_id"], "activities_without_risks", row["n"])
    return result


def tenant_metrics(tenant) -> dict:
    level = latest_level(tenant)
    per_unit = unit_metrics(tenant)
    if not per_unit and level is None:
        return {}
    totals = {key: sum(values[key] for values in per_unit.values()) for key in KEYS}
    return {**totals, "spip_level": level}
