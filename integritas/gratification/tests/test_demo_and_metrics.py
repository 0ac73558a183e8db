"""The demo data and the figures for the overview."""

import random

from django_scopes import scope

from integritas.gratification import metrics
from integritas.gratification.demo import seed_demo
from integritas.gratification.models import GratificationReport
from integritas.gratification.tests.helpers import report


def test_demo_reports_cover_every_state_and_the_wedding_limit(world, reporter):
    with scope(tenant=world.tenant.pk):
        seed_demo(world.tenant, random.Random(7))
        reports = GratificationReport.objects.filter(tenant=world.tenant)
        assert reports.count() == 25
        statuses = set(reports.values_list("status", flat=True))
        weddings = set(reports.filter(occasion="wedding").values_list("hint", flat=True))
    assert {"diajukan", "verifikasi", "diteruskan_kpk", "menunggu_sk_kpk", "milik_negara",
            "milik_penerima", "ditetapkan_upg", "selesai"} <= statuses
    assert {"exempt", "report"} <= weddings


def test_metrics_count_reports_value_forwarded_and_punctuality(world, reporter):
    import datetime as dt

    from integritas.gratification import services

    on_time = report(world, reporter, value=2_000_000)
    report(world, reporter, received_on=dt.date(2026, 10, 1))  # reported after 10 working days
    upg = world.users["upg"]
    services.start_verification(world.tenant, upg, on_time)
    services.forward_to_kpk(world.tenant, upg, on_time, kpk_number="GOL-1")
    with scope(tenant=world.tenant.pk):
        tenant = metrics.tenant_metrics(world.tenant)
        units = metrics.unit_metrics(world.tenant)
    assert (tenant["grat_reports"], tenant["grat_forwarded_kpk"], tenant["grat_value_forwarded"],
            tenant["grat_on_time_pct"]) == (2, 1, 2_000_000, 50.0)
    assert len(tenant["by_month"]) == 12
    assert units == {world.units["dukcapil_bidang"].pk: {"grat_reports": 2,
                                                        "grat_on_time_pct": 50.0}}


def test_metrics_are_empty_before_the_module_is_used(world):
    with scope(tenant=world.tenant.pk):
        assert metrics.tenant_metrics(world.tenant) == {}
        assert metrics.unit_metrics(world.tenant) == {}
