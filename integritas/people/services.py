"""Writes for employees and the positions they hold over time."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.audit.services import diff, record
from integritas.core.errors import DomainError, NotFound
from integritas.core.services import service
from integritas.people import nip as nip_rules
from integritas.people.models import Employee, Position, PositionKind
from integritas.people.names import sort_name
from integritas.people.signals import employee_placed
from integritas.tenancy.models import Unit

EDITABLE_FIELDS = ("nip", "employment", "name", "sex", "email", "unit", "position_title",
                   "position_kind", "echelon", "superior")
# A change of any of these ends the position held and starts a new one.
POSITION_FIELDS = ("unit", "position_title", "position_kind", "echelon")
NAME_MAX_LENGTH = Employee._meta.get_field("name").max_length
TITLE_MAX_LENGTH = Employee._meta.get_field("position_title").max_length
# Echelons as written in the civil service (`II.a` … `V.a`); `III/a` and `iiia` are accepted.
_ECHELON = re.compile(r"^(I|II|III|IV|V)[./ ]?([ab])$", re.IGNORECASE)


@service
def create_employee(tenant, actor, *, nip: str, name: str, unit: Unit, position_title: str,
                    position_kind: str = PositionKind.EXECUTOR, echelon: str = "",
                    sex: str | None = None, employment: str = Employee.Employment.PNS,
                    email: str = "", superior: Employee | None = None,
                    started_on: dt.date | None = None) -> Employee:
    """A new employee, holding their first position from `started_on` (default today)."""
    values = _validated(tenant, None, {
        "nip": nip, "employment": employment, "name": name, "sex": sex, "email": email,
        "unit": unit, "position_title": position_title, "position_kind": position_kind,
        "echelon": echelon, "superior": superior,
    })
    employee = Employee(tenant=tenant, **values)
    _save(employee)
    _open_position(employee, started_on or timezone.localdate())
    record(tenant, actor, "people.employee.create", employee, _snapshot(employee))
    employee_placed.send(Employee, tenant=tenant, actor=actor, employee=employee)
    return employee


@service
def update_employee(tenant, actor, employee: Employee, *, effective_on: dt.date | None = None,
                    **changes) -> Employee:
    """Change an employee's data; a new unit or position takes effect on `effective_on`."""
    _ensure_own(tenant, employee)
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise DomainError("unknown_field", _("Unknown field %(name)s."), field=unknown[0],
                          name=unknown[0])
    proposed = {name: getattr(employee, name) for name in EDITABLE_FIELDS} | changes
    if "nip" in changes and "sex" not in changes:
        proposed["sex"] = None  # follows the new NIP
    values = _validated(tenant, employee, proposed)
    day = effective_on or timezone.localdate()
    position_changed = employee.status == Employee.Status.ACTIVE and any(
        values[f] != getattr(employee, f) for f in POSITION_FIELDS)
    if position_changed:
        _ensure_current_position_began_by(employee, day)
    before = _snapshot(employee)
    for name, value in values.items():
        setattr(employee, name, value)
    changed = diff(before, _snapshot(employee))
    if not changed:
        return employee
    _save(employee)
    if position_changed:
        _close_position(employee, day)
        _open_position(employee, day)
    record(tenant, actor, "people.employee.update", employee, changed)
    if position_changed:
        employee_placed.send(Employee, tenant=tenant, actor=actor, employee=employee)
    return employee


@service
def set_employee_status(tenant, actor, employee: Employee, status: str, *,
                        effective_on: dt.date | None = None) -> Employee:
    """Move out, retire or reinstate. Leaving ends the position held; returning opens one."""
    _ensure_own(tenant, employee)
    if status not in Employee.Status.values:
        raise DomainError("employee_status_invalid", _("Choose a valid status."), field="status")
    if status == employee.status:
        return employee
    day = effective_on or timezone.localdate()
    if status != Employee.Status.ACTIVE:
        _ensure_current_position_began_by(employee, day)
    before = employee.status
    employee.status = status
    employee.save(update_fields=["status", "updated_at"])
    if status == Employee.Status.ACTIVE:
        _open_position(employee, day)
    else:
        _close_position(employee, day)
    record(tenant, actor, "people.employee.status", employee,
           {"status": [before, status], "effective_on": day.isoformat()})
    if status == Employee.Status.ACTIVE:
        employee_placed.send(Employee, tenant=tenant, actor=actor, employee=employee)
    return employee


@service
def link_user(tenant, actor, employee: Employee, user) -> Employee:
    """Link the login account of an employee (or unlink with `user=None`)."""
    _ensure_own(tenant, employee)
    if user is not None:
        taken = Employee.objects.filter(user=user).exclude(pk=employee.pk).exists()
        if taken:
            raise DomainError("employee_user_taken",
                              _("This user account is already linked to another employee."),
                              field="user")
    before = employee.user.email if employee.user_id else None
    employee.user = user
    employee.save(update_fields=["user", "updated_at"])
    record(tenant, actor, "people.employee.link_user", employee,
           {"user": [before, user.email if user is not None else None]})
    return employee


def _validated(tenant, employee: Employee | None, values: dict[str, Any]) -> dict[str, Any]:
    """The cleaned values of an employee, or a DomainError on the first field that is wrong."""
    employment = values["employment"]
    if employment not in Employee.Employment.values:
        raise DomainError("employee_employment_invalid", _("Choose PNS or PPPK."),
                          field="employment")
    facts = nip_rules.validate(values["nip"], employment)
    _ensure_nip_free(tenant, facts.nip, employee)
    return {
        "nip": facts.nip,
        "employment": employment,
        "name": _clean_name(values["name"]),
        "sex": _checked_sex(values["sex"], facts),
        "email": _clean_email(values["email"]),
        "unit": _checked_unit(tenant, values["unit"]),
        "position_title": _clean_title(values["position_title"]),
        "position_kind": _checked_kind(values["position_kind"]),
        "echelon": _clean_echelon(values["echelon"]),
        "superior": _checked_superior(tenant, employee, values["superior"]),
    }


def _ensure_own(tenant, employee: Employee) -> None:
    if employee.tenant_id != tenant.pk:
        raise NotFound("employee_not_found", _("The employee does not exist."))


def _ensure_nip_free(tenant, nip: str, employee: Employee | None) -> None:
    others = Employee.objects.filter(tenant=tenant, nip=nip)
    if employee is not None:
        others = others.exclude(pk=employee.pk)
    if others.exists():
        raise _nip_taken()


def _nip_taken() -> DomainError:
    return DomainError("employee_nip_taken",
                       _("Another employee of this Pemda already has this NIP."), field="nip")


def _clean_name(raw) -> str:
    name = " ".join(str(raw or "").split())
    if not name:
        raise DomainError("employee_name_required", _("Enter the employee's name."),
                          field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError("employee_name_too_long",
                          _("A name has at most %(max)s characters."), field="name",
                          max=NAME_MAX_LENGTH)
    return name


def _checked_sex(sex: str | None, facts: nip_rules.NipFacts) -> str:
    if not sex:
        return facts.sex
    if sex not in Employee.Sex.values:
        raise DomainError("employee_sex_invalid", _("Choose male or female."), field="sex")
    if sex != facts.sex:
        raise DomainError("employee_sex_mismatch",
                          _("Digit 15 of the NIP says %(nip_sex)s; correct the NIP or the sex."),
                          field="sex", nip_sex=Employee.Sex(facts.sex).label)
    return sex


def _clean_email(raw) -> str:
    email = str(raw or "").strip().lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError("employee_email_invalid",
                          _("Enter a valid email address, like name@example.go.id."),
                          field="email") from exc
    return email


def _checked_unit(tenant, unit) -> Unit:
    if not isinstance(unit, Unit) or unit.tenant_id != tenant.pk:
        raise NotFound("employee_unit_not_found", _("The unit does not exist."), field="unit")
    if not unit.is_active:
        raise DomainError("employee_unit_inactive",
                          _("The unit %(unit)s is no longer active; choose another."),
                          field="unit", unit=unit.name)
    return unit


def _clean_title(raw) -> str:
    title = " ".join(str(raw or "").split())
    if not title:
        raise DomainError("employee_position_required", _("Enter the position held."),
                          field="position_title")
    if len(title) > TITLE_MAX_LENGTH:
        raise DomainError("employee_position_too_long",
                          _("A position has at most %(max)s characters."),
                          field="position_title", max=TITLE_MAX_LENGTH)
    return title


def _checked_kind(kind) -> str:
    if kind not in PositionKind.values:
        raise DomainError("employee_position_kind_invalid", _("Choose a valid position kind."),
                          field="position_kind")
    return kind


def _clean_echelon(raw) -> str:
    text = str(raw or "").strip()
    if not text:
        return ""
    match = _ECHELON.match(text)
    if match is None:
        raise DomainError("employee_echelon_invalid",
                          _("Write the echelon like II.a, III.b or IV.a."), field="echelon")
    return f"{match.group(1).upper()}.{match.group(2).lower()}"


def _checked_superior(tenant, employee: Employee | None, superior) -> Employee | None:
    if superior is None:
        return None
    if not isinstance(superior, Employee) or superior.tenant_id != tenant.pk:
        raise NotFound("employee_superior_not_found", _("The superior does not exist."),
                       field="superior")
    if employee is None:
        return superior
    if superior.pk == employee.pk:
        raise DomainError("employee_superior_self", _("An employee cannot be their own superior."),
                          field="superior")
    if employee.pk in _chain_above(superior):
        raise DomainError("employee_superior_cycle",
                          _("%(superior)s reports (directly or not) to this employee, so cannot "
                            "be their superior."), field="superior", superior=superior.name)
    return superior


def _chain_above(employee: Employee) -> set[int]:
    """The ids of everyone above an employee; a chain is a handful of levels deep."""
    seen: set[int] = set()
    current = employee.superior_id
    while current is not None and current not in seen:
        seen.add(current)
        current = Employee.objects.filter(pk=current).values_list("superior_id", flat=True).first()
    return seen


def _save(employee: Employee) -> None:
    employee.sort_name = sort_name(employee.name)
    try:
        with transaction.atomic():
            employee.save()
    except IntegrityError as exc:  # the same NIP saved at the same moment by someone else
        raise _nip_taken() from exc


def _open_position(employee: Employee, day: dt.date) -> Position:
    return Position.objects.create(
        tenant_id=employee.tenant_id, employee=employee, unit=employee.unit,
        title=employee.position_title, kind=employee.position_kind, echelon=employee.echelon,
        started_on=day,
    )


def _ensure_current_position_began_by(employee: Employee, day: dt.date) -> None:
    current = Position.objects.filter(employee=employee, ended_on__isnull=True)
    if current.filter(started_on__gt=day).exists():
        raise DomainError("employee_position_date_order",
                          _("The change cannot take effect before the current position began."),
                          field="effective_on")


def _close_position(employee: Employee, day: dt.date) -> None:
    Position.objects.filter(employee=employee, ended_on__isnull=True).update(
        ended_on=day, updated_at=timezone.now())


def _snapshot(employee: Employee) -> dict[str, Any]:
    """The audited view of an employee: plain values, related rows by name."""
    return {
        "nip": employee.nip,
        "employment": employee.employment,
        "name": employee.name,
        "sex": employee.sex,
        "email": employee.email,
        "unit": employee.unit.name,
        "position_title": employee.position_title,
        "position_kind": employee.position_kind,
        "echelon": employee.echelon,
        "superior": str(employee.superior) if employee.superior_id else None,
    }
