"""Figures about a province's regencies and cities: the only cross-tenant reads in the code base.

Rule 2 of ARCHITECTURE.md forbids queries outside a tenant scope everywhere except here. A
province (itself a tenant) oversees the kabupaten/kota whose `Tenant.parent` it is, yet each of
those is a separate tenant with its own scope. So this module disables scoping with
`django_scopes.scopes_disabled()` and restores the boundary by hand: every query below is
filtered to the children of the one province asked about, and only counts leave this module —
never a row of another Pemda. The view that calls it requires `rollup.view` in the province.

The integrity figures come from each child's latest quarterly snapshot of the leadership
overview (`oversight.MetricSnapshot`), so the province reads one stored row per child rather
than recomputing forty Pemda; only the Pemda-wide aggregates in `ROLLUP_FIGURES` leave here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django_scopes import scopes_disabled

from integritas.tenancy.models import Tenant

AUDIT_WINDOW_DAYS = 30
# Pemda-wide figures of the overview shown per regency/city (keys of the metrics contract).
ROLLUP_FIGURES = ("pact_completion_pct", "cases_open", "cases_overdue", "coi_pending",
                  "grat_reports", "risks_high", "spip_level", "zi_wbk", "mcp_score",
                  "ombudsman_green")


@dataclass(frozen=True)
class RollupRow:
    tenant: Tenant
    units: int
    active_employees: int
    audit_events: int
    figures: dict | None = None  # ROLLUP_FIGURES of the latest snapshot; None without one
    quarter: str = ""

    @property
    def figure_values(self) -> list:
        """The integrity figures in ROLLUP_FIGURES order, None where not known."""
        return [(self.figures or {}).get(key) for key in ROLLUP_FIGURES]


def province_rollup(province: Tenant, now: dt.datetime | None = None) -> list[RollupRow]:
    """One row per active regency/city of the province; empty for a regency or city."""
    if province.kind != Tenant.Kind.PROVINCE:
        return []
    from integritas.audit.models import AuditEvent
    from integritas.people.models import Employee
    from integritas.tenancy.models import Unit

    children = list(Tenant.objects.filter(parent=province, is_active=True).order_by("name"))
    since = (now or timezone.now()) - dt.timedelta(days=AUDIT_WINDOW_DAYS)
    with scopes_disabled():
        units = _count_by_tenant(Unit.objects.filter(is_active=True), children)
        employees = _count_by_tenant(
            Employee.objects.filter(status=Employee.Status.ACTIVE), children)
        events = _count_by_tenant(AuditEvent.objects.filter(occurred_at__gte=since), children)
        snapshots = _latest_snapshots(children)
    return [
        RollupRow(child, units.get(child.pk, 0), employees.get(child.pk, 0),
                  events.get(child.pk, 0), *snapshots.get(child.pk, (None, "")))
        for child in children
    ]


def _latest_snapshots(tenants: list[Tenant]) -> dict[int, tuple[dict, str]]:
    """Each tenant's latest quarter: its ROLLUP_FIGURES and the quarter's name, one query."""
    from integritas.oversight.models import MetricSnapshot

    latest = (MetricSnapshot.objects.filter(tenant=OuterRef("tenant"))
              .order_by("-quarter").values("quarter")[:1])
    rows = (MetricSnapshot.objects.filter(tenant__in=tenants, quarter=Subquery(latest))
            .values_list("tenant_id", "quarter", "tenant_figures"))
    return {tenant_id: ({key: figures.get(key) for key in ROLLUP_FIGURES}, quarter)
            for tenant_id, quarter, figures in rows}


def _count_by_tenant(queryset, tenants: list[Tenant]) -> dict[int, int]:
    rows = (queryset.filter(tenant__in=tenants).values_list("tenant_id")
            .annotate(count=Count("pk")).order_by())
    return dict(rows)
