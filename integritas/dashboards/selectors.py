"""What each role sees first on its home page: figures it may see, its own record, the calendar."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import grant, has_perm


def home_panels(request) -> list[dict]:
    """Figure cards, each shown only to roles that may open the page it links to."""
    tenant, memberships = request.tenant, request.memberships
    panels: list[dict] = []
    if has_perm(memberships, "people.view"):
        panels += _people_panels(tenant, grant(memberships, "people.view"))
    if has_perm(memberships, "units.view"):
        panels.append(_units_panel(tenant, grant(memberships, "units.view")))
    if has_perm(memberships, "accounts.manage"):
        panels.append(_accounts_panel(tenant))
    if has_perm(memberships, "audit.view"):
        panels.append(_audit_panel(tenant))
    return panels


def own_record(request):
    """The signed-in person's employee record in this Pemda, if the roster has one."""
    from integritas.people.models import Employee

    return (Employee.objects.filter(tenant=request.tenant, user=request.user)
            .select_related("unit", "superior").first())


def upcoming_days_off(tenant, today: dt.date | None = None, limit: int = 3) -> list[dict]:
    from integritas.core.calendar import holidays_in_year

    today = today or timezone.localdate()
    days = holidays_in_year(tenant, today.year) + holidays_in_year(tenant, today.year + 1)
    return [day for day in days if day["date"] >= today][:limit]


def _url(name: str, tenant) -> str:
    return reverse(name, kwargs={"tenant_slug": tenant.slug})


def _people_panels(tenant, people_grant) -> list[dict]:
    from integritas.people.selectors import employees_for

    counts = employees_for(tenant, people_grant).aggregate(
        active=Count("pk", filter=Q(status="active")),
        without_superior=Count("pk", filter=Q(status="active", superior__isnull=True)),
    )
    url = _url("people:employee_list", tenant)
    return [
        {"label": _("Active employees"), "value": counts["active"], "url": url},
        {"label": _("Active employees without a direct superior"),
         "value": counts["without_superior"], "url": f"{url}?status=active",
         "tone": "amber" if counts["without_superior"] else ""},
    ]


def _units_panel(tenant, units_grant) -> dict:
    from integritas.tenancy.selectors import units_for

    return {"label": _("Active units"),
            "value": units_for(tenant, units_grant).filter(is_active=True).count(),
            "url": _url("tenancy:unit_list", tenant)}


def _accounts_panel(tenant) -> dict:
    from integritas.accounts.models import Membership

    users = Membership.objects.filter(tenant=tenant, is_active=True).values("user").distinct()
    return {"label": _("Users with a role"), "value": users.count(),
            "url": _url("accounts:membership_list", tenant)}


def _audit_panel(tenant) -> dict:
    from integritas.audit.models import AuditEvent

    since = timezone.now() - dt.timedelta(days=7)
    return {"label": _("Audit events in the last 7 days"),
            "value": AuditEvent.objects.filter(tenant=tenant, occurred_at__gte=since).count(),
            "url": _url("audit:event_list", tenant)}
