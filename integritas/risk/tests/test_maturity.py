"""SPIP maturity: 25 sub-unsur, evidence, the Inspektorat's assurance, the level from bands."""

from decimal import Decimal

import pytest
from django_scopes import scope

from integritas.risk import services
from integritas.risk.metrics import tenant_metrics
from integritas.risk.tests.helpers import raises

pytestmark = pytest.mark.usefixtures("risk_library")


def _assess_all(world, assessment, level):
    with scope(tenant=world.tenant.pk):
        items = list(assessment.items.all())
    for item in items:
        services.assess_item(world.tenant, world.users["admin"], item, level=level,
                             evidence="SK Satgas SPIP")
    return items


def test_a_self_assessment_scores_the_25_sub_elements_and_the_inspektorat_assures_it(world):
    assessment = services.start_maturity(world.tenant, world.users["admin"], year=2026)
    items = _assess_all(world, assessment, 3)
    assert len(items) == 25
    services.submit_maturity(world.tenant, world.users["admin"], assessment)
    assert (assessment.score, assessment.level) == (Decimal("3.00"), 3)
    for item in items[:13]:
        services.assure_item(world.tenant, world.users["inspektur"], item, qa_level=2)
    services.conclude_maturity(world.tenant, world.users["inspektur"], assessment, accept=True)
    assert assessment.status == "dijamin"
    assert (assessment.score, assessment.level) == (Decimal("2.48"), 2)
    with scope(tenant=world.tenant.pk):
        assert tenant_metrics(world.tenant)["spip_level"] == 2


def test_a_level_above_zero_needs_evidence_and_levels_run_0_to_5(world):
    assessment = services.start_maturity(world.tenant, world.users["admin"], year=2026)
    with scope(tenant=world.tenant.pk):
        item = assessment.items.first()
    raises("risk_maturity_level_invalid", services.assess_item, world.tenant,
           world.users["admin"], item, level=6)
    services.assess_item(world.tenant, world.users["admin"], item, level=2)
    error = raises("risk_maturity_evidence_missing", services.submit_maturity, world.tenant,
                   world.users["admin"], assessment)
    assert item.code in error.render("en")


def test_the_submitter_cannot_assure_their_own_assessment(world):
    assessment = services.start_maturity(world.tenant, world.users["inspektur"], year=2026)
    services.submit_maturity(world.tenant, world.users["inspektur"], assessment)
    raises("risk_maturity_self_assurance", services.conclude_maturity, world.tenant,
           world.users["inspektur"], assessment, accept=True)
