"""Reads of units, limited to what a grant covers."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from integritas.accounts.permissions import Grant
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
