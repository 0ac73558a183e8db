"""The superior's (or COI officer's) decision within the deadline, and escalation of overdue
decisions to the Inspektorat."""

import datetime as dt

from django_scopes import scope, scopes_disabled

from integritas.audit.models import AuditEvent
from integritas.conflicts import services
from integritas.conflicts.models import Decision, Declaration
from integritas.conflicts.tasks import escalate_overdue_decisions
from integritas.conflicts.tests.helpers import decide, declare, raises


def reloaded(world, declaration) -> Declaration:
    with scope(tenant=world.tenant.pk):
        return Declaration.objects.select_related("decision").get(pk=declaration.pk)


def test_superior_decides_within_the_deadline(world, org):
    declaration = declare(world)
    decision = decide(world, declaration, today=declaration.due_on)
    declaration = reloaded(world, declaration)
    assert declaration.status == Declaration.Status.DECIDED
    assert decision.on_time and decision.decided_by == org["kabid"]
    assert decision.measure.code == "recusal"
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="conflicts.declaration.decide").exists()


def test_a_decision_the_day_after_the_deadline_is_late(world, org):
    declaration = declare(world)
    assert not decide(world, declaration, today=dt.date(2026, 11, 12)).on_time


def test_a_superior_cannot_decide_their_own_declaration(world, org):
    services.designate_officer(world.tenant, world.users["admin"],
                               unit=world.units["dukcapil"], employee=org["kabid"])
    own = declare(world, persona="opd_head")
    error = raises("coi_decide_own_declaration", decide, world, own, persona="opd_head")
    assert error.status == 403
    with scopes_disabled():
        assert not Decision.objects.exists()


def test_no_decision_after_the_declaration_was_withdrawn(world, org):
    declaration = declare(world)
    services.withdraw(world.tenant, world.users["employee"], declaration)
    raises("coi_decide_withdrawn", decide, world, declaration)


def test_a_declaration_is_decided_once(world, org):
    declaration = declare(world)
    decide(world, declaration)
    raises("coi_already_decided", decide, world, declaration)


def test_someone_who_is_not_the_superior_cannot_decide(world, org):
    declaration = declare(world)
    error = raises("coi_not_decider", decide, world, declaration, persona="budi")
    assert error.status == 403
    raises("coi_not_decider", decide, world, declaration, persona="auditor")


def test_a_coi_officer_of_a_unit_above_decides(world, org):
    services.designate_officer(world.tenant, world.users["admin"],
                               unit=world.units["dukcapil"], employee=org["budi"])
    declaration = declare(world)
    assert decide(world, declaration, persona="budi").decided_by == org["budi"]


def test_the_measure_must_match_the_analysis(world, org):
    declaration = declare(world)
    raises("coi_measure_mismatch", decide, world, declaration, is_real=False)
    raises("coi_measure_mismatch", decide, world, declaration, measure="no-action")
    raises("coi_measure_invalid", decide, world, declaration, measure="fire-them")
    raises("coi_reasons_required", decide, world, declaration, reasons="")
    assert decide(world, declaration, is_real=False, measure="no-action").is_real is False


def test_overdue_decisions_escalate_once_to_the_inspektorat_who_may_then_decide(world, org):
    declaration = declare(world)
    raises("coi_not_decider", decide, world, declaration, persona="inspektur")
    assert services.escalate_overdue(world.tenant, None, today=dt.date(2026, 11, 11)) == 0
    assert services.escalate_overdue(world.tenant, None, today=dt.date(2026, 11, 12)) == 1
    assert services.escalate_overdue(world.tenant, None, today=dt.date(2026, 11, 13)) == 0
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="conflicts.declaration.escalate").count() == 1
    decision = decide(world, declaration, persona="inspektur", today=dt.date(2026, 11, 13))
    assert decision.decided_by == org["inspektur"] and not decision.on_time


def test_the_periodic_task_escalates_every_pemda(world, org):
    declare(world, today=dt.date(2026, 1, 5))
    escalate_overdue_decisions.call_local()
    with scopes_disabled():
        assert Declaration.objects.filter(escalated_at__isnull=False).count() == 1


def test_an_officer_of_another_pemda_cannot_be_designated(world, org):
    error = raises("coi_employee_not_found", services.designate_officer, world.tenant,
                   world.users["admin"], unit=world.units["dukcapil"],
                   employee=world.employees["lain_staff"])
    assert error.status == 404
