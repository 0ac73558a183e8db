"""Reads of units, limited to what a grant covers."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant
from integritas.core.errors import NotFound
from integritas.tenancy.models import Unit


def unit_paths_q(grant: Grant, field: str = "path") -> Q:
    """A filter on a materialised-path field for the units a grant covers (and those below)."""
    if grant.unit_paths is None:
        return Q()
    if not grant.unit_paths:
        return Q(pk__in=[])
    condition = Q()
    for path in grant.unit_paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def units_for(tenant, grant: Grant) -> QuerySet[Unit]:
    return Unit.objects.filter(tenant=tenant).filter(unit_paths_q(grant))


def unit_tree(tenant, grant: Grant) -> list[Unit]:
    """Units in tree order (by path), each with `depth` for indentation."""
    return list(units_for(tenant, grant).order_by("path"))


def unit_for(tenant, grant: Grant, pk) -> Unit:
    """One unit the grant covers; any other id (another Pemda's included) is simply not found."""
    unit = units_for(tenant, grant).select_related("parent").filter(pk=pk).first()
    if unit is None:
        raise NotFound("unit_not_found", _("The unit does not exist."))
    return unit


def ancestor_paths(path: str) -> list[str]:
    """The paths of a unit's ancestors, root first."""
    return [path[:end] for end in range(Unit.PATH_STEP, len(path), Unit.PATH_STEP)]


def search_units(tenant, grant: Grant, *, query: str = "", kind: str = ""
                 ) -> tuple[QuerySet[Unit], set[str] | None]:
    """Units matching a search and/or kind, with their ancestors so the tree stays readable.

    Returns the queryset and the paths of the units that matched themselves (None when there
    was nothing to match, i.e. every unit is listed in its own right).
    """
    units = units_for(tenant, grant)
    condition = Q()
    if query:
        condition &= (Q(name__icontains=query) | Q(short_name__icontains=query)
                      | Q(code__icontains=query))
    if kind:
        condition &= Q(kind=kind)
    if not condition:
        return units, None
    matched = set(units.filter(condition).values_list("path", flat=True))
    shown = set(matched)
    for path in matched:
        shown.update(ancestor_paths(path))
    return units.filter(path__in=shown), matched


def active_employee_counts(tenant, grant: Grant) -> dict[str, int]:
    """Active employees per unit path, sub-units included.

    One aggregate query counts employees per unit; each count is then added to the unit's
    ancestors in Python, which is linear in the number of units (a correlated subquery with
    `LIKE path || '%'` per unit would scan the employees once per unit).
    """
    from integritas.people.models import Employee

    direct = (
        Employee.objects.filter(tenant=tenant, status=Employee.Status.ACTIVE)
        .filter(unit_paths_q(grant, "unit__path"))
        .values_list("unit__path")
        .annotate(count=Count("pk"))
        .order_by()
    )
    totals: Counter[str] = Counter()
    for path, count in direct:
        totals[path] += count
        for ancestor in ancestor_paths(path):
            totals[ancestor] += count
    return dict(totals)


def sub_units(tenant, grant: Grant, unit: Unit) -> QuerySet[Unit]:
    return units_for(tenant, grant).filter(parent=unit).order_by("path")


def ancestors(tenant, grant: Grant, unit: Unit) -> QuerySet[Unit]:
    """The unit's ancestors the grant covers, root first (for breadcrumbs)."""
    return units_for(tenant, grant).filter(path__in=ancestor_paths(unit.path)).order_by("path")


def parent_choices(tenant, grant: Grant, moving: Unit | None = None) -> QuerySet[Unit]:
    """Active units that may take a (moved) unit as a child: never the unit's own subtree."""
    units = units_for(tenant, grant).filter(is_active=True).order_by("path")
    if moving is not None:
        units = units.exclude(path__startswith=moving.path)
    return units
