"""Figures this module gives the leadership overview and the public transparency page.

Contract (read by `integritas.oversight`): `unit_metrics(tenant)` returns `{unit_id: {key: value}}`
for the units with data; `tenant_metrics(tenant)` returns the Pemda-wide `{key: value}`. Values are
numbers, short codes or None; an empty result means the module is not yet in use. Callers run inside
the tenant's scope. The keys are documented below as they are filled in.
"""

from __future__ import annotations


def unit_metrics(tenant) -> dict[int, dict]:
    return {}


def tenant_metrics(tenant) -> dict:
    return {}
