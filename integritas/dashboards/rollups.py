"""Figures about a province's regencies and cities: the only cross-tenant reads in the code base.

Rule 2 of ARCHITECTURE.md forbids queries outside a tenant scope everywhere except here. A
province (itself a tenant) oversees the kabupaten/kota whose `Tenant.parent` it is, yet each of
those is a separate tenant with its own scope. So this module disables scoping with
`django_scopes.scopes_disabled()` and restores the boundary by hand: every query below is
filtered to the children of the one province asked about, and only counts leave this module —
never a row of another Pemda. The view that calls it requires `rollup.view` in the province.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django_scopes import scopes_disabled

from integritas.tenancy.models import Tenant

AUDIT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class RollupRow:
    tenant: Tenant
    units: int
    active_employees: int
    audit_events: int


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
    return [
        RollupRow(child, units.get(child.pk, 0), employees.get(child.pk, 0),
                  events.get(child.pk, 0))
        for child in children
    ]


def _count_by_tenant(queryset, tenants: list[Tenant]) -> dict[int, int]:
    rows = (queryset.filter(tenant__in=tenants).values_list("tenant_id")
            .annotate(count=Count("pk")).order_by())
    return dict(rows)
