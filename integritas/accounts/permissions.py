"""The one place where the system decides who may do what.

`PERMISSIONS` maps each permission to the roles that hold it. Views and API endpoints declare the
permission they need; the authorisation-matrix test walks every role against every view with this
table as the oracle. Roles in `UNIT_SCOPED_ROLES` hold their permissions only for their own unit
and the units below it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from integritas.accounts.roles import UNIT_SCOPED_ROLES, Role

R = Role
STAFF_ROLES = frozenset(Role) - {R.EMPLOYEE, R.EXTERNAL_VIEWER, R.PROVINCE_VIEWER}

PERMISSIONS: dict[str, frozenset[Role]] = {
    "dashboard.view": frozenset(Role),
    "calendar.view": frozenset(Role),
    "calendar.manage": frozenset({R.TENANT_ADMIN}),
    "tenant.manage": frozenset({R.TENANT_ADMIN}),
    "units.view": STAFF_ROLES,
    "units.manage": frozenset({R.TENANT_ADMIN}),
    "people.view": frozenset({
        R.TENANT_ADMIN, R.INSPEKTUR, R.AUDITOR, R.UPG, R.OPD_HEAD, R.ZI_COORDINATOR,
        R.REGIONAL_HEAD,
    }),
    "people.manage": frozenset({R.TENANT_ADMIN}),
    "people.import": frozenset({R.TENANT_ADMIN}),
    "accounts.manage": frozenset({R.TENANT_ADMIN}),
    "audit.view": frozenset({R.TENANT_ADMIN, R.INSPEKTUR, R.AUDITOR}),
    "api.tokens": frozenset({R.TENANT_ADMIN, R.INSPEKTUR, R.AUDITOR}),
    "rollup.view": frozenset({R.PROVINCE_VIEWER}),
    "pacts.view": STAFF_ROLES,
    "pacts.manage": frozenset({R.TENANT_ADMIN, R.INSPEKTUR, R.AUDITOR}),
    "pacts.sign": frozenset(Role),
}


@dataclass(frozen=True)
class Grant:
    """What a set of memberships allows for one permission.

    `unit_paths` is None when the grant covers the whole tenant, else the materialised paths of
    the units (and their sub-units) it covers.
    """

    allowed: bool
    unit_paths: tuple[str, ...] | None = None

    @property
    def whole_tenant(self) -> bool:
        return self.allowed and self.unit_paths is None


def grant(memberships: Iterable, permission: str) -> Grant:
    roles = PERMISSIONS[permission]
    paths: list[str] = []
    allowed = False
    for membership in memberships:
        if membership.role not in roles:
            continue
        allowed = True
        if membership.role in UNIT_SCOPED_ROLES:
            if membership.unit_id is not None:
                paths.append(membership.unit.path)
        else:
            return Grant(True, None)
    return Grant(allowed, tuple(paths)) if allowed else Grant(False)


def has_perm(memberships: Iterable, permission: str) -> bool:
    return grant(memberships, permission).allowed


def roles_with(permission: str) -> frozenset[Role]:
    return PERMISSIONS[permission]
