import pytest
from django.db import connection, transaction
from django_scopes import scope

from integritas.audit.services import Entry, record_many


@pytest.fixture
def append(world):
    """Append `n` events to a tenant's chain the way a service does (one transaction, in scope)."""

    def add(n, tenant=None, actor=None, action="tenancy.unit.update", changes=None):
        tenant = tenant or world.tenant
        actor = actor or world.users["admin"]
        unit = world.units["dukcapil"] if tenant == world.tenant else None
        entries = [Entry(action, unit, {"name": [f"v{i}", f"v{i + 1}"]} if changes is None
                         else changes) for i in range(n)]
        with scope(tenant=tenant.pk), transaction.atomic():
            return record_many(tenant, actor, entries)

    return add


@pytest.fixture
def raw_sql():
    """Tampering as someone with database access would: straight SQL, no model in the way."""

    def run(sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run
