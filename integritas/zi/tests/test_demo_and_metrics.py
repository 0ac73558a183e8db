"""The demo data every page shows in `make run`, and the figures given to the overview."""

import random
from decimal import Decimal

import pytest

from integritas.zi import assessment as lke
from integritas.zi import metrics, services
from integritas.zi.models import LkeAssessment, Predicate, ZiProgramme

pytestmark = pytest.mark.usefixtures("in_scope")


def test_demo_declares_pilot_units_with_one_wbk_and_two_evaluated(world, zi_libraries):
    from integritas.zi.demo import seed_demo

    seed_demo(world.tenant, random.Random(3))
    programmes = ZiProgramme.objects.filter(tenant=world.tenant)
    assert programmes.count() == 3  # the world has three units; a demo Pemda has the seven
    assert programmes.filter(predicate=Predicate.WBK).count() == 1
    current = LkeAssessment.objects.filter(tenant=world.tenant).order_by("-year").first().year
    this_year = LkeAssessment.objects.filter(tenant=world.tenant, year=current)
    assert this_year.filter(tpi_total__isnull=False).count() == 2
    assert all(0 < a.answered < a.item_count or a.answered == a.item_count for a in this_year)


def test_metrics_give_the_latest_tpi_score_else_the_units(world, assessment):
    lke.answer_items(world.tenant, world.users["zi_coordinator"], assessment,
                     {"pemenuhan.1.ii.a": {"value": "Ya"}})
    unit = world.units["dukcapil"].pk
    assert metrics.unit_metrics(world.tenant)[unit] == {
        "zi_status": "dicanangkan", "zi_score": Decimal("0.33"), "zi_predicate": None}
    lke.evaluate_items(world.tenant, world.users["tpi"], assessment,
                       {"hasil.1.i.a": {"value": "3.6"}})
    assert metrics.unit_metrics(world.tenant)[unit]["zi_score"] == Decimal("15.75")
    programme = assessment.programme
    for action in ("develop", "assess_by_tpi", "propose", "award_wbk"):
        programme = services.move_programme(world.tenant, world.users["inspektur"], programme,
                                            action, year=2026)
    assert metrics.tenant_metrics(world.tenant) == {"zi_units": 1, "zi_wbk": 1, "zi_wbbm": 0}


def test_metrics_are_empty_when_the_module_is_not_in_use(world, in_scope):
    assert metrics.unit_metrics(world.tenant) == {} and metrics.tenant_metrics(world.tenant) == {}
