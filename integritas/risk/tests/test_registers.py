"""Registers: scoring from the matrix, the RTP rule for submission, the review round trip."""

import datetime as dt

import pytest
from django_scopes import scope

from integritas.audit.models import AuditEvent
from integritas.risk import services
from integritas.risk.models import Register
from integritas.risk.tests.helpers import YEAR, make_register, plan_fields, raises, risk_fields

pytestmark = pytest.mark.usefixtures("risk_library")


def test_risk_score_is_looked_up_in_the_matrix_not_multiplied(world):
    register = make_register(world)
    risk = services.add_risk(world.tenant, world.users["opd_head"], register,
                             **risk_fields(likelihood=1, impact=5))
    assert (risk.score, risk.level) == (20, "sangat_tinggi")  # 1 × 5 would be 5
    assert (risk.residual_score, risk.residual_level) == (11, "sedang")
    assert risk.code == "R01"


@pytest.mark.parametrize("field", ["likelihood", "impact", "residual_likelihood"])
def test_a_likelihood_or_impact_of_six_is_refused(world, field):
    register = make_register(world)
    error = raises("risk_scale_invalid", services.add_risk, world.tenant,
                   world.users["opd_head"], register, **risk_fields(**{field: 6}))
    assert error.field == field
    with scope(tenant=world.tenant.pk):
        assert not register.risks.exists()


def test_submission_is_refused_while_a_risk_over_appetite_has_no_plan(world):
    tenant, head = world.tenant, world.users["opd_head"]
    register = make_register(world)
    high = services.add_risk(tenant, head, register, **risk_fields(code="R-A"))
    services.add_risk(tenant, head, register, **risk_fields(code="R-B", likelihood=1, impact=1))
    error = raises("risk_untreated_over_appetite", services.submit_register, tenant, head,
                   register)
    assert "R-A" in error.render("en") and "R-B" not in error.render("en")
    services.add_plan(tenant, head, high, **plan_fields())
    assert services.submit_register(tenant, head, register).status == Register.Status.SUBMITTED


def test_inspektorat_returns_a_register_with_a_note_and_the_opd_resubmits(world):
    tenant, head, auditor = world.tenant, world.users["opd_head"], world.users["auditor"]
    register = make_register(world)
    services.add_risk(tenant, head, register, **risk_fields(likelihood=1, impact=1))
    services.submit_register(tenant, head, register)
    raises("risk_register_locked", services.add_risk, tenant, head, register, **risk_fields())
    raises("risk_return_note_required", services.review_register, tenant, auditor, register,
           accept=False)
    services.review_register(tenant, auditor, register, accept=False,
                             note="Lengkapi risiko fraud")
    assert register.status == Register.Status.RETURNED
    services.add_risk(tenant, head, register, **risk_fields(likelihood=1, impact=2))
    services.submit_register(tenant, head, register)
    services.review_register(tenant, auditor, register, accept=True)
    assert register.status == Register.Status.REVIEWED
    with scope(tenant=tenant.pk):
        actions = list(AuditEvent.objects.filter(tenant=tenant, action__startswith="risk.register")
                       .values_list("action", flat=True))
    assert actions.count("risk.register.review") == 2


def test_a_plan_due_before_it_starts_is_refused(world):
    register = make_register(world)
    risk = services.add_risk(world.tenant, world.users["opd_head"], register, **risk_fields())
    error = raises("risk_plan_due_before_start", services.add_plan, world.tenant,
                   world.users["opd_head"], risk,
                   **plan_fields(starts_on=dt.date(YEAR, 5, 1), due_on=dt.date(YEAR, 4, 1)))
    assert error.field == "due_on"


def test_monitoring_for_a_quarter_not_yet_begun_is_refused(world):
    register = make_register(world)
    risk = services.add_risk(world.tenant, world.users["opd_head"], register, **risk_fields())
    entry = dict(realisation="Aplikasi diuji", status="berjalan", realisation_pct=40)
    raises("risk_quarter_not_begun", services.record_monitoring, world.tenant,
           world.users["opd_head"], risk, quarter=3, today=dt.date(YEAR, 6, 30), **entry)
    first = services.record_monitoring(world.tenant, world.users["opd_head"], risk, quarter=2,
                                       today=dt.date(YEAR, 6, 30), **entry)
    again = services.record_monitoring(world.tenant, world.users["opd_head"], risk, quarter=2,
                                       today=dt.date(YEAR, 6, 30), **{**entry, "status": "selesai"})
    assert first.pk == again.pk and again.status == "selesai"


def test_an_activity_starts_only_once_a_risk_is_mapped_to_it(world):
    tenant, head = world.tenant, world.users["opd_head"]
    activity = services.create_activity(
        tenant, head, unit=world.units["dukcapil_bidang"], year=YEAR, name="Jemput bola KTP-el",
        program="Pelayanan pendaftaran penduduk", budget=120_000_000,
        starts_on=dt.date(YEAR, 3, 1), ends_on=dt.date(YEAR, 11, 30))
    raises("risk_activity_unmapped", services.start_activity, tenant, head, activity)
    register = make_register(world)
    services.add_risk(tenant, head, register, **risk_fields(activity=activity))
    assert services.start_activity(tenant, head, activity).started_at is not None


def test_an_activity_of_another_unit_cannot_be_mapped(world):
    tenant, head = world.tenant, world.users["opd_head"]
    activity = services.create_activity(
        tenant, world.users["admin"], unit=world.units["pendidikan"], year=YEAR, name="BOS",
        starts_on=dt.date(YEAR, 1, 2), ends_on=dt.date(YEAR, 12, 1))
    register = make_register(world)
    raises("risk_activity_foreign", services.add_risk, tenant, head, register,
           **risk_fields(activity=activity))
