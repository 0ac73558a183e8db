"""Who a campaign targets and who witnesses each signer, computed in bulk.

A campaign stores its rule as data (`target_kind` + `target_values`); `targeted_employees` turns
it into one query, used when the campaign opens (thousands of rows) and again for a single
late joiner. `WitnessPlan` decides every witness from values already loaded, without a query
per signer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.accounts.models import Membership
from integritas.accounts.roles import Role
from integritas.core.errors import DomainError, NotFound
from integritas.pacts.models import PactCampaign, TargetKind
from integritas.people.models import Employee, PositionKind
from integritas.tenancy.models import Unit

# The fields of an employee that opening a campaign reads; loading only these keeps 10,000
# rows cheap.
EMPLOYEE_FIELDS = ("id", "name", "unit_id", "unit__path", "position_title", "position_kind",
                   "echelon", "superior_id", "superior__status", "superior__unit__path")


def clean_target_values(tenant, kind: str, values: Iterable) -> list:
    """The stored form of a targeting rule (ids, roles or kinds), checked against the tenant."""
    if kind not in TargetKind.values:
        raise DomainError("pact_campaign_target_kind_invalid", _("Choose who must sign."),
                          field="target_kind")
    if kind == TargetKind.TENANT:
        return []
    as_value = _as_id if kind in (TargetKind.UNITS, TargetKind.EMPLOYEES) else str
    cleaned = sorted({as_value(getattr(value, "pk", value)) for value in values or ()},
                     key=lambda value: (isinstance(value, str), value))
    if not cleaned:
        raise DomainError("pact_campaign_target_values_required",
                          _("Choose at least one unit, role, position kind or employee."),
                          field="target_values")
    allowed = {
        TargetKind.ROLES: set(Role.values),
        TargetKind.POSITION_KINDS: set(PositionKind.values),
        TargetKind.UNITS: set(Unit.objects.filter(tenant=tenant, pk__in=_ids(cleaned))
                              .values_list("pk", flat=True)),
        TargetKind.EMPLOYEES: set(Employee.objects.filter(
            tenant=tenant, pk__in=_ids(cleaned), status=Employee.Status.ACTIVE)
            .values_list("pk", flat=True)),
    }[TargetKind(kind)]
    unknown = [value for value in cleaned if value not in allowed]
    if unknown:
        raise NotFound("pact_campaign_target_not_found",
                       _("%(value)s is not a valid choice for this rule."),
                       field="target_values", value=unknown[0])
    return cleaned


def targeted_employees(tenant, kind: str, values: list) -> QuerySet[Employee]:
    """The active employees a rule targets, today."""
    employees = Employee.objects.filter(tenant=tenant, status=Employee.Status.ACTIVE)
    if kind == TargetKind.UNITS:
        paths = Unit.objects.filter(tenant=tenant, pk__in=values).values_list("path", flat=True)
        subtree = Q(pk__in=[])
        for path in paths:
            subtree |= Q(unit__path__startswith=path)
        return employees.filter(subtree)
    if kind == TargetKind.ROLES:
        holders = Membership.objects.filter(tenant=tenant, role__in=values, is_active=True)
        return employees.filter(user__isnull=False, user_id__in=holders.values("user_id"))
    if kind == TargetKind.POSITION_KINDS:
        return employees.filter(position_kind__in=values)
    if kind == TargetKind.EMPLOYEES:
        return employees.filter(pk__in=values)
    return employees


def campaign_employees(campaign: PactCampaign) -> QuerySet[Employee]:
    return targeted_employees(campaign.tenant, campaign.target_kind, campaign.target_values)


def opd_path(unit_path: str) -> str:
    """The path of the top-level unit (the OPD) a unit belongs to."""
    return unit_path[:Unit.PATH_STEP]


def opd_ids(tenant) -> dict[str, int]:
    """Top-level unit id by path, for the whole tenant in one query."""
    return dict(Unit.objects.filter(tenant=tenant, depth=0).values_list("path", "pk"))


def is_opd_head(unit_path: str, superior_unit_path: str | None) -> bool:
    """The top of an OPD's reporting chain: placed in the OPD itself (not a sub-unit), with no
    superior inside the OPD. Kepala dinas, kepala badan, camat and the inspektur all fit, so
    the rule does not depend on echelons, which differ by kind of OPD."""
    if len(unit_path) != Unit.PATH_STEP:
        return False
    return superior_unit_path is None or not superior_unit_path.startswith(unit_path)


@dataclass(frozen=True)
class Witness:
    employee_id: int | None
    name: str = ""


@dataclass(frozen=True)
class WitnessPlan:
    """The campaign's witness rule: the direct superior, except for the named cases."""

    opd_head_witness_id: int | None
    regional_head_id: int | None
    regional_head_witness: Witness

    @classmethod
    def of(cls, campaign: PactCampaign) -> WitnessPlan:
        return cls(campaign.opd_head_witness_id, campaign.regional_head_id,
                   Witness(campaign.regional_head_witness_id,
                           campaign.regional_head_witness_name))

    def witness_for(self, employee_id: int, unit_path: str, superior_id: int | None,
                    superior_unit_path: str | None) -> Witness:
        if employee_id == self.regional_head_id:
            return self.regional_head_witness
        # The named official may head an OPD too; nobody witnesses their own pact.
        if (self.opd_head_witness_id not in (None, employee_id)
                and is_opd_head(unit_path, superior_unit_path)):
            return Witness(self.opd_head_witness_id)
        return Witness(superior_id)


def _as_id(value) -> int | str:
    """An id as an int; anything else is kept as text, to be named in the error."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)


def _ids(values: list) -> list[int]:
    return [value for value in values if isinstance(value, int)]
