"""Set-up of the workspace tests: handlers with keys, a filed report, a handler's keys to it."""

from __future__ import annotations

import pytest
from django_scopes import scope

from integritas.cases import keys, workflow
from integritas.cases.testing import give_handler_key, unlock
from integritas.cases.tests.helpers import file_report

HANDLERS = ("inspektur", "auditor", "external")


@pytest.fixture
def desk(world):
    """Handler keys for the Inspektur, the auditor and the external viewer (before intake, as in
    production: keys are made at the first login)."""
    return {name: give_handler_key(world.users[name]) for name in HANDLERS}


def case_keys_of(case, user, private) -> keys.CaseKeys:
    with scope(tenant=case.tenant_id):
        return keys.keys_with_private_key(case, user, private)


def new_case(world, **changes):
    return file_report(world.tenant, **changes).case


def move(world, case, private, *steps, user="inspektur"):
    """Take the case through `(step, data)` pairs as `user`; returns the case as saved."""
    actor = world.users[user]
    k = case_keys_of(case, actor, private)
    for step, data in steps:
        case = workflow.advance(world.tenant, actor, case, k, step, **data)
    return case


def handler_client(client, world, name):
    client.force_login(world.users[name])
    unlock(client, world.users[name])
    return client


def detail_url(case) -> str:
    return f"/contoh/kasus/{case.number}/"
