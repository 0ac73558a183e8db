"""Reads of employees, limited to what a grant covers."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from integritas.accounts.models import User
from integritas.accounts.permissions import Grant
from integritas.accounts.selectors import active_memberships
from integritas.core.errors import DomainError, NotFound
from integritas.people import nip as nip_rules
from integritas.people.models import Employee, Position
from integritas.people.names import sort_name
from integritas.tenancy.models import Unit
from integritas.tenancy.selectors import unit_paths_q, units_for

# The orders a register of employees can take: the key in `?sort=` and the field behind it.
EMPLOYEE_SORTS = {"name": "sort_name", "nip": "nip", "unit": "unit__path"}


class EmployeeNotFound(NotFound, Http404):
    """Outside the tenant or the grant: a 404 page in views, a coded JSON 404 in the API."""


def employees_for(tenant, grant: Grant) -> QuerySet[Employee]:
    return Employee.objects.filter(tenant=tenant).filter(unit_paths_q(grant, "unit__path"))


def employee_rows(tenant, grant: Grant) -> QuerySet[Employee]:
    """Employees for list pages, exports and the API: what each row shows is fetched at once."""
    return employees_for(tenant, grant).select_related("unit", "superior")


def employee_detail(tenant, grant: Grant, pk) -> Employee:
    employee = (
        employees_for(tenant, grant)
        .select_related("unit", "superior", "superior__unit", "user")
        .filter(pk=pk)
        .first()
    )
    if employee is None:
        raise EmployeeNotFound("employee_not_found", _("The employee does not exist."))
    return employee


def positions_of(employee: Employee) -> QuerySet[Position]:
    """The positions an employee has held, the current one first."""
    return Position.objects.filter(employee=employee).select_related("unit") \
        .order_by("-started_on", "-id")


def subordinates_of(tenant, grant: Grant, employee: Employee) -> QuerySet[Employee]:
    return employees_for(tenant, grant).filter(superior=employee).select_related("unit") \
        .order_by("sort_name", "pk")


def covers(grant: Grant, unit: Unit) -> bool:
    """Whether a grant reaches a unit (to decide if a link to it is worth showing)."""
    if grant.unit_paths is None:
        return grant.allowed
    return any(unit.path.startswith(path) for path in grant.unit_paths)


def search_employees(queryset: QuerySet[Employee], query: str) -> QuerySet[Employee]:
    """By NIP (digits, typed with or without spaces) or by name, titles ignored."""
    digits = nip_rules.normalise(query)
    if digits.isdigit():
        return queryset.filter(nip__contains=digits)
    key = sort_name(query)
    return queryset.filter(sort_name__contains=key) if key else queryset


def in_unit_subtree(tenant, grant: Grant, queryset: QuerySet[Employee],
                    unit_id) -> QuerySet[Employee]:
    """Employees of a unit and its sub-units; a unit outside the grant matches nobody."""
    unit = units_for(tenant, grant).filter(pk=_as_int(unit_id)).first()
    if unit is None:
        return queryset.none()
    subtree = Unit.objects.filter(tenant=tenant, path__startswith=unit.path)
    return queryset.filter(unit_id__in=list(subtree.values_list("pk", flat=True)))


def unit_choices(tenant, grant: Grant) -> list[Unit]:
    """Active units a grant covers, in tree order, for filters and forms."""
    return list(units_for(tenant, grant).filter(is_active=True).order_by("path"))


def employee_by_nip(tenant, raw_nip) -> Employee | None:
    return Employee.objects.filter(tenant=tenant, nip=nip_rules.normalise(raw_nip)).first()


def unit_of_tenant(tenant, unit_id) -> Unit:
    unit = Unit.objects.filter(tenant=tenant, pk=_as_int(unit_id)).first()
    if unit is None:
        raise NotFound("employee_unit_not_found", _("The unit does not exist."), field="unit")
    return unit


def superior_of_tenant(tenant, pk) -> Employee:
    employee = Employee.objects.filter(tenant=tenant, pk=_as_int(pk)).first()
    if employee is None:
        raise NotFound("employee_superior_not_found", _("The superior does not exist."),
                       field="superior")
    return employee


def _as_int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def linkable_user(tenant, email: str):
    """The login account an employee of this Pemda may be linked to: it must exist and hold an
    active role here, so a link never reaches into another Pemda's users."""
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        raise DomainError("user_not_found", _("No user account has this email; add the person "
                                              "under Users first."), field="email")
    if not active_memberships(user, tenant):
        raise DomainError("user_not_member", _("This user holds no role in this Pemda; give "
                                               "them one under Users first."), field="email")
    return user
