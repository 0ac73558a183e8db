"""Reads of employees, limited to what a grant covers."""

from __future__ import annotations

from django.db.models import QuerySet

from integritas.accounts.permissions import Grant
from integritas.people.models import Employee
from integritas.tenancy.selectors import unit_paths_q


def employees_for(tenant, grant: Grant) -> QuerySet[Employee]:
    return Employee.objects.filter(tenant=tenant).filter(unit_paths_q(grant, "unit__path"))
