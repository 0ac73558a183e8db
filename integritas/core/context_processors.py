from django.urls import NoReverseMatch, reverse

from integritas.accounts.permissions import has_perm
from integritas.core.navigation import NAVIGATION


def shell(request):
    """Navigation for the tenant pages, grouped by section, filtered by the user's roles."""
    tenant = getattr(request, "tenant", None)
    memberships = getattr(request, "memberships", [])
    if tenant is None or not memberships:
        return {"nav_sections": []}
    sections: dict[str, list[dict]] = {}
    for item in NAVIGATION:
        if not has_perm(memberships, item.permission):
            continue
        try:
            url = reverse(item.url_name, kwargs={"tenant_slug": tenant.slug})
        except NoReverseMatch:
            continue
        sections.setdefault(str(item.section), []).append(
            {"label": item.label, "url": url, "active": request.path.startswith(url)
             and (url != reverse("home_tenant", kwargs={"tenant_slug": tenant.slug})
                  or request.path == url)}
        )
    return {
        "nav_sections": list(sections.items()),
        "role_labels": sorted({m.get_role_display() for m in memberships}),
    }
