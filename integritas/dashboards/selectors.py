"""What each role sees first on its home page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import grant, has_perm


def home_panels(request) -> list[dict]:
    from integritas.people.selectors import employees_for
    from integritas.tenancy.selectors import units_for

    tenant, memberships = request.tenant, request.memberships
    panels = []
    if has_perm(memberships, "people.view"):
        people_grant = grant(memberships, "people.view")
        panels.append({
            "label": _("Active employees"),
            "value": employees_for(tenant, people_grant).filter(status="active").count(),
            "url": reverse("people:employee_list", kwargs={"tenant_slug": tenant.slug}),
        })
    if has_perm(memberships, "units.view"):
        panels.append({
            "label": _("Units"),
            "value": units_for(tenant, grant(memberships, "units.view")).count(),
            "url": reverse("tenancy:unit_list", kwargs={"tenant_slug": tenant.slug}),
        })
    return panels
