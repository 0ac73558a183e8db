"""What every report of a Pemda reads, built once per process and kept while it holds.

A report needs the Pemda, its case settings and escrow key, its active units, the people it is
sealed to (exclusions applied) and its first deadline. These change a few times a year and are
read at every submission, so each process keeps them as an `IntakeContext` under the cache
tokens of the Pemda's calendar and of `intake_scope` (`core.cache_tokens`): checking them is one
query. `receivers.py` bumps the intake token whenever a row they come from is saved or deleted
(memberships, users, handler keys, conflict declarations, employees, units, settings, escrow,
deadline policies), inside the writer's transaction, so the next report after a commit reads the
new state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django_scopes import scope

from integritas.cases import deadlines, keys
from integritas.cases.models import CaseSettings, DueKind, EscrowKey
from integritas.core.cache_tokens import ProcessCache
from integritas.core.calendar import add_working_days, calendar_scopes
from integritas.tenancy.models import Tenant, Unit

_contexts: ProcessCache[IntakeContext | None] = ProcessCache()
_tenant_ids: dict[str, int] = {}


def intake_scope(tenant_id: int) -> str:
    return f"cases:intake:{tenant_id}"


@dataclass
class IntakeContext:
    tenant: Tenant
    settings: CaseSettings
    escrow: EscrowKey | None
    units: dict[int, Unit]  # the active units, by id
    _recipients: dict[int | None, list[tuple[int, bytes]]] = field(default_factory=dict)
    _first_due: dict[tuple[str, dt.date], dt.date] = field(default_factory=dict)

    def recipients(self, unit: Unit | None) -> list[tuple[int, bytes]]:
        """(user id, public key) of everyone a new report about `unit` is sealed to."""
        key = unit.pk if unit is not None else None
        if key not in self._recipients:
            self._recipients[key] = keys.intake_recipients(self.tenant, unit, self.settings)
        return self._recipients[key]

    def first_response_due(self, channel_code: str, today: dt.date) -> dt.date:
        key = (channel_code, today)
        if key not in self._first_due:
            days = deadlines.deadline_policy(self.tenant, channel_code, today).days_for(
                DueKind.FIRST_RESPONSE)
            self._first_due[key] = add_working_days(self.tenant, today, days)
        return self._first_due[key]


def context(tenant: Tenant) -> IntakeContext:
    """The intake context of an active tenant (the caller has checked it is active)."""
    found = _context_by_id(tenant.pk)
    if found is None:
        raise LookupError(f"tenant {tenant.pk} is not active")
    return found


def context_for_slug(slug: str) -> IntakeContext | None:
    """The intake context of the active tenant at `/<slug>/`, or None if there is none."""
    remembered = _tenant_ids.get(slug)
    if remembered is not None:
        found = _context_by_id(remembered)
        if found is not None and found.tenant.slug == slug:
            return found
        # Deactivated, renamed or replaced since: forget it and look the slug up afresh.
        _tenant_ids.pop(slug, None)
        _contexts.forget(remembered)
    tenant_id = (Tenant.objects.filter(slug=slug, is_active=True)
                 .values_list("pk", flat=True).first())
    if tenant_id is None:
        return None
    _tenant_ids[slug] = tenant_id
    return _context_by_id(tenant_id)


def _context_by_id(tenant_id: int) -> IntakeContext | None:
    return _contexts.get(tenant_id, (*calendar_scopes(tenant_id), intake_scope(tenant_id)),
                         lambda: _build(tenant_id))


def _build(tenant_id: int) -> IntakeContext | None:
    tenant = Tenant.objects.filter(pk=tenant_id, is_active=True).first()
    if tenant is None:
        return None
    with scope(tenant=tenant.pk):
        return IntakeContext(
            tenant=tenant, settings=keys.intake_settings(tenant),
            escrow=keys.active_escrow(tenant),
            units={unit.pk: unit for unit in Unit.objects.filter(tenant=tenant, is_active=True)},
        )
