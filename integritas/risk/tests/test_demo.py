"""The demo risk data on the `world` tenant: registers across the matrix, overdue RTPs,
activities without risks, SPIP level 3 latest."""

import random

from django_scopes import scope

from integritas.risk.demo import seed_demo
from integritas.risk.metrics import tenant_metrics, unit_metrics
from integritas.risk.models import Register


def test_seed_demo_gives_every_risk_page_something_to_show(world):
    with scope(tenant=world.tenant.pk):
        seed_demo(world.tenant, random.Random(7))
        figures = tenant_metrics(world.tenant)
        statuses = set(Register.objects.values_list("status", flat=True))
        per_unit = unit_metrics(world.tenant)
    assert figures["risks"] >= 6 * 3
    assert figures["spip_level"] == 3
    assert figures["activities_without_risks"] >= 2
    assert figures["rtp_overdue"] >= 1
    assert {"direviu", "diajukan", "draft"} <= statuses
    assert set(per_unit[world.units["dukcapil"].pk]) == {
        "risks", "risks_high", "rtp_overdue", "activities_without_risks"}
