"""The demo data and the figures given to the leadership overview."""

import datetime as dt
import random

import time_machine
from django_scopes import scope

from integritas.conflicts import metrics
from integritas.conflicts.demo import seed_demo
from integritas.conflicts.models import Declaration, Evaluation, NilStatement
from integritas.conflicts.tests.helpers import decide, declare
from integritas.core.testing.factories import EmployeeFactory


@time_machine.travel(dt.datetime(2026, 11, 20, 9), tick=False)
def test_seed_demo_gives_every_conflicts_page_something_to_show(world, org):
    for n in range(16):
        EmployeeFactory(unit=world.units["dukcapil_bidang" if n % 2 else "pendidikan"],
                        superior=org["kabid"] if n % 2 else org["kadis_pendidikan"])
    with scope(tenant=world.tenant.pk):
        seed_demo(world.tenant, random.Random(7))
        statuses = set(Declaration.objects.values_list("status", flat=True))
        assert Declaration.objects.count() == 30
        assert statuses == {"suspended", "decided", "withdrawn"}
        assert Declaration.objects.filter(escalated_at__isnull=False).exists()
        assert NilStatement.objects.exists()
        assert Evaluation.objects.count() == 1


@time_machine.travel(dt.datetime(2026, 11, 20, 9), tick=False)
def test_metrics_count_declarations_pending_and_overdue_per_opd(world, org):
    with scope(tenant=world.tenant.pk):
        assert metrics.tenant_metrics(world.tenant) == {}
    decide(world, declare(world, today=dt.date(2026, 11, 2)), today=dt.date(2026, 11, 4))
    declare(world, today=dt.date(2026, 11, 2))  # overdue since 12 November
    declare(world, persona="budi", today=dt.date(2026, 11, 19))
    with scope(tenant=world.tenant.pk):
        units = metrics.unit_metrics(world.tenant)
        tenant = metrics.tenant_metrics(world.tenant)
    assert units[world.units["dukcapil"].pk] == {
        "coi_declarations": 2, "coi_pending": 1, "coi_overdue": 1}
    assert units[world.units["pendidikan"].pk] == {
        "coi_declarations": 1, "coi_pending": 1, "coi_overdue": 0}
    assert tenant == {"coi_declarations": 3, "coi_pending": 2, "coi_overdue": 1,
                      "coi_decided_on_time_pct": 100.0}
