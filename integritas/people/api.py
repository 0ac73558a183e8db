"""Employees over the API: `/api/v1/employees`. Same rules as the pages (services, selectors)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.people import selectors, services
from integritas.people.models import Employee, Position
from integritas.people.nip import format_nip

router = Router(tags=["employees"])

EmploymentCode = Literal["pns", "pppk"]
SexCode = Literal["M", "F"]
StatusCode = Literal["active", "moved", "retired"]
PositionKindCode = Literal["jpt", "administrator", "pengawas", "pelaksana", "fungsional"]
SortKey = Literal["name", "-name", "nip", "-nip", "unit", "-unit"]


class EmployeeOut(Schema):
    id: int
    nip: str = Field(description="18 digits")
    nip_formatted: str = Field(description="As printed: 19660801 198803 1 001")
    name: str = Field(description="As written, with titles")
    sex: SexCode
    employment: EmploymentCode
    email: str
    unit_id: int
    unit_name: str
    position_title: str
    position_kind: PositionKindCode
    echelon: str
    superior_id: int | None
    superior_name: str | None
    status: StatusCode


class PositionOut(Schema):
    unit_id: int
    unit_name: str
    title: str
    kind: PositionKindCode
    echelon: str
    started_on: dt.date
    ended_on: dt.date | None


class EmployeeDetailOut(EmployeeOut):
    user_email: str | None = Field(description="The linked login account, if any")
    positions: list[PositionOut]


class EmployeePage(Schema):
    count: int
    items: list[EmployeeOut]


class EmployeeFilters(Schema):
    q: str = Field("", max_length=200, description="Part of the name or of the NIP")
    unit: int | None = Field(None, description="A unit id; its sub-units are included")
    status: StatusCode | None = None
    position_kind: PositionKindCode | None = None
    employment: EmploymentCode | None = None
    sort: SortKey = "name"
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class EmployeeIn(Schema):
    nip: str = Field(max_length=30, description="18 digits; spaces are ignored")
    name: str = Field(max_length=200)
    unit_id: int
    position_title: str = Field(max_length=200)
    position_kind: PositionKindCode = "pelaksana"
    echelon: str = Field("", max_length=10, description="Like III.a; empty for none")
    sex: SexCode | None = Field(None, description="Defaults to digit 15 of the NIP")
    employment: EmploymentCode = "pns"
    email: str = Field("", max_length=254)
    superior_id: int | None = None
    started_on: dt.date | None = Field(None, description="Start of the first position; today "
                                                         "if empty")


class EmployeePatch(Schema):
    nip: str | None = Field(None, max_length=30)
    name: str | None = Field(None, max_length=200)
    unit_id: int | None = None
    position_title: str | None = Field(None, max_length=200)
    position_kind: PositionKindCode | None = None
    echelon: str | None = Field(None, max_length=10)
    sex: SexCode | None = None
    employment: EmploymentCode | None = None
    email: str | None = Field(None, max_length=254)
    superior_id: int | None = Field(None, description="null removes the superior")
    effective_on: dt.date | None = Field(None, description="When a new unit or position takes "
                                                           "effect; today if empty")


class UserLinkIn(Schema):
    email: str | None = Field(..., max_length=254, description="A user holding a role in this "
                                                               "Pemda; null unlinks")


class StatusIn(Schema):
    status: StatusCode
    effective_on: dt.date | None = None


@router.get("", response=EmployeePage)
def list_employees(request, filters: Query[EmployeeFilters]):
    grant = require_perm(request, "people.view")
    with tenant_scope(request):
        rows = selectors.employee_rows(request.tenant, grant)
        if filters.q.strip():
            rows = selectors.search_employees(rows, filters.q.strip())
        if filters.unit is not None:
            rows = selectors.in_unit_subtree(request.tenant, grant, rows, filters.unit)
        for name in ("status", "position_kind", "employment"):
            if getattr(filters, name):
                rows = rows.filter(**{name: getattr(filters, name)})
        field = selectors.EMPLOYEE_SORTS[filters.sort.lstrip("-")]
        rows = rows.order_by(f"-{field}" if filters.sort.startswith("-") else field, "pk")
        start = (filters.page - 1) * filters.page_size
        return {"count": rows.count(),
                "items": [_employee(e) for e in rows[start:start + filters.page_size]]}


@router.get("/{int:employee_id}", response=EmployeeDetailOut)
def get_employee(request, employee_id: int):
    grant = require_perm(request, "people.view")
    with tenant_scope(request):
        return _employee_detail(selectors.employee_detail(request.tenant, grant, employee_id))


@router.post("", response={201: EmployeeDetailOut})
def create_employee(request, payload: EmployeeIn):
    require_perm(request, "people.manage")
    with tenant_scope(request):
        values = _with_relations(request.tenant, payload.dict())
        employee = services.create_employee(request.tenant, request.user, **values)
        return Status(201, _employee_detail(employee))


@router.patch("/{int:employee_id}", response=EmployeeDetailOut)
def update_employee(request, employee_id: int, payload: EmployeePatch):
    grant = require_perm(request, "people.manage")
    with tenant_scope(request):
        employee = selectors.employee_detail(request.tenant, grant, employee_id)
        changes = _with_relations(request.tenant, payload.dict(exclude_unset=True))
        effective_on = changes.pop("effective_on", None)
        employee = services.update_employee(request.tenant, request.user, employee,
                                            effective_on=effective_on, **changes)
        return _employee_detail(employee)


@router.post("/{int:employee_id}/status", response=EmployeeDetailOut)
def change_status(request, employee_id: int, payload: StatusIn):
    grant = require_perm(request, "people.manage")
    with tenant_scope(request):
        employee = selectors.employee_detail(request.tenant, grant, employee_id)
        services.set_employee_status(request.tenant, request.user, employee, payload.status,
                                     effective_on=payload.effective_on)
        return _employee_detail(employee)


@router.put("/{int:employee_id}/user", response=EmployeeDetailOut,
            summary="Link the employee's login account by email; a null email unlinks it")
def link_user(request, employee_id: int, payload: UserLinkIn):
    grant = require_perm(request, "people.manage")
    with tenant_scope(request):
        employee = selectors.employee_detail(request.tenant, grant, employee_id)
        user = (None if payload.email is None
                else selectors.linkable_user(request.tenant, payload.email))
        if employee.user != user:
            employee = services.link_user(request.tenant, request.user, employee, user)
        return _employee_detail(employee)


def _with_relations(tenant, values: dict) -> dict:
    """Ids in a payload become this Pemda's rows; another Pemda's id is a 404."""
    if "unit_id" in values:
        values["unit"] = selectors.unit_of_tenant(tenant, values.pop("unit_id"))
    if "superior_id" in values:
        superior_id = values.pop("superior_id")
        values["superior"] = (None if superior_id is None
                              else selectors.superior_of_tenant(tenant, superior_id))
    return values


def _employee(employee: Employee) -> dict:
    return {
        "id": employee.pk,
        "nip": employee.nip,
        "nip_formatted": format_nip(employee.nip),
        "name": employee.name,
        "sex": employee.sex,
        "employment": employee.employment,
        "email": employee.email,
        "unit_id": employee.unit_id,
        "unit_name": employee.unit.name,
        "position_title": employee.position_title,
        "position_kind": employee.position_kind,
        "echelon": employee.echelon,
        "superior_id": employee.superior_id,
        "superior_name": employee.superior.name if employee.superior_id else None,
        "status": employee.status,
    }


def _employee_detail(employee: Employee) -> dict:
    return _employee(employee) | {
        "user_email": employee.user.email if employee.user_id else None,
        "positions": [_position(p) for p in selectors.positions_of(employee)],
    }


def _position(position: Position) -> dict:
    return {
        "unit_id": position.unit_id,
        "unit_name": position.unit.name,
        "title": position.title,
        "kind": position.kind,
        "echelon": position.echelon,
        "started_on": position.started_on,
        "ended_on": position.ended_on,
    }
