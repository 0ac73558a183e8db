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
    # Whistleblowing and complaints: a role lets one reach the workspace; each case is opened
    # only to those it is shared with (cases.selectors), never by role alone.
    "cases.view": frozenset({R.INSPEKTUR, R.AUDITOR, R.EXTERNAL_VIEWER}),
    "cases.handle": frozenset({R.INSPEKTUR, R.AUDITOR}),
    "cases.manage": frozenset({R.INSPEKTUR}),
    "cases.stats": frozenset({R.INSPEKTUR, R.AUDITOR, R.REGIONAL_HEAD}),
    # Conflicts of interest: anyone declares; the superior decides (checked per declaration).
    "conflicts.declare": frozenset(Role) - {R.EXTERNAL_VIEWER, R.PROVINCE_VIEWER},
    "conflicts.view": frozenset({
        R.INSPEKTUR, R.AUDITOR, R.OPD_HEAD, R.ZI_COORDINATOR, R.REGIONAL_HEAD,
    }),
    "conflicts.manage": frozenset({R.INSPEKTUR, R.AUDITOR}),
    # Gratification: anyone reports; the UPG processes.
    "gratification.report": frozenset(Role) - {R.EXTERNAL_VIEWER, R.PROVINCE_VIEWER},
    "gratification.view": frozenset({
        R.UPG, R.INSPEKTUR, R.AUDITOR, R.OPD_HEAD, R.REGIONAL_HEAD,
    }),
    "gratification.process": frozenset({R.UPG}),
    # Zona Integritas and its surveys.
    "zi.view": STAFF_ROLES,
    "zi.manage": frozenset({R.INSPEKTUR, R.AUDITOR, R.OPD_HEAD, R.ZI_COORDINATOR}),
    "zi.assess": frozenset({R.OPD_HEAD, R.ZI_COORDINATOR}),
    "zi.evaluate": frozenset({R.TPI_EVALUATOR, R.INSPEKTUR, R.AUDITOR}),
    "zi.frameworks": frozenset({R.TENANT_ADMIN, R.INSPEKTUR}),
    "surveys.view": STAFF_ROLES,
    "surveys.manage": frozenset({R.INSPEKTUR, R.AUDITOR, R.OPD_HEAD, R.ZI_COORDINATOR}),
    # Risk (SPIP) and the external trackers.
    "risk.view": STAFF_ROLES,
    # OPD registers by their heads and ZI coordinators; the Pemda's strategic register and the
    # SPIP self-assessment by the administrators (the SPIP task force); the Inspektorat reviews.
    "risk.edit": frozenset({R.OPD_HEAD, R.ZI_COORDINATOR, R.TENANT_ADMIN}),
    "risk.review": frozenset({R.INSPEKTUR, R.AUDITOR}),
    "risk.configure": frozenset({R.TENANT_ADMIN, R.INSPEKTUR}),
    "risk.assess": frozenset({R.TENANT_ADMIN}),
    "oversight.view": STAFF_ROLES,
    "oversight.manage": frozenset({R.TENANT_ADMIN, R.INSPEKTUR, R.AUDITOR}),
    "overview.view": frozenset({R.REGIONAL_HEAD, R.INSPEKTUR, R.AUDITOR, R.TENANT_ADMIN}),
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
