from django.urls import NoReverseMatch, reverse

from integritas.accounts.permissions import has_perm
from integritas.core.navigation import NAVIGATION


def shell(request):
    """Navigation for the tenant pages, grouped by section, filtered by the user's roles.

    `shell_tenant` is the Pemda whose name the page may show: only to someone who holds a role
    in it, so a stranger's 404 page does not confirm which Pemda a URL belongs to."""
    tenant = getattr(request, "tenant", None)
    memberships = getattr(request, "memberships", [])
    if tenant is None or not memberships:
        return {"nav_sections": [], "shell_tenant": None}
    home = reverse("home_tenant", kwargs={"tenant_slug": tenant.slug})
    items = []
    for item in NAVIGATION:
        if not has_perm(memberships, item.permission):
            continue
        try:
            url = reverse(item.url_name, kwargs={"tenant_slug": tenant.slug})
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "section": str(item.section),
                      "active": False})
    _mark_current(items, request.path, home)
    sections: dict[str, list[dict]] = {}
    for entry in items:
        sections.setdefault(entry["section"], []).append(entry)
    return {
        "nav_sections": list(sections.items()),
        "shell_tenant": tenant,
        "role_labels": sorted({m.get_role_display() for m in memberships}),
    }


def _mark_current(items: list[dict], path: str, home: str) -> None:
    """The one entry whose URL is the longest prefix of the page's path (home only on itself)."""
    matches = [e for e in items if path == e["url"] or (e["url"] != home
                                                        and path.startswith(e["url"]))]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
