"""The UPG's handling, from submission to a closed report, every step audited."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from integritas.audit.models import AuditEvent
from integritas.core.errors import DomainError
from integritas.gratification import services
from integritas.gratification.models import GratificationReport
from integritas.gratification.tests.helpers import report

pytestmark = pytest.mark.django_db
Status = GratificationReport.Status


def proof():
    return SimpleUploadedFile("ntpn.pdf", b"%PDF-1.4 bukti setor", content_type="application/pdf")


def test_upg_forwards_to_kpk_and_records_state_ownership_then_the_deposit(world, reporter):
    tenant, upg = world.tenant, world.users["upg"]
    made = report(world, reporter, value=2_500_000)
    services.start_verification(tenant, upg, made)
    services.forward_to_kpk(tenant, upg, made, kpk_number="GOL-2026-123",
                            forwarded_on=dt.date(2026, 11, 10))
    services.await_kpk_decision(tenant, upg, made)
    services.record_outcome(tenant, upg, made, outcome="milik_negara",
                            decision_number="SK-KPK 77/2026", decided_on=dt.date(2026, 11, 20))
    assert made.status == Status.STATE_PROPERTY
    with pytest.raises(DomainError) as error:
        services.close_report(tenant, upg, made, deposit_reference="NTPN 123")
    assert error.value.code == "gratification_deposit_proof_required"
    services.close_report(tenant, upg, made, deposit_reference="NTPN 123",
                          deposit_proof=proof())
    made.refresh_from_db()
    assert (made.status, made.kpk_number, made.deposit_reference) == (
        Status.CLOSED, "GOL-2026-123", "NTPN 123")
    assert made.deposit_proof.name
    with scope(tenant=tenant.pk):
        actions = list(AuditEvent.objects.filter(action__startswith="gratification")
                       .order_by("pk").values_list("action", flat=True))
    assert actions == ["gratification.report.submit", "gratification.report.verify",
                       "gratification.report.forward", "gratification.report.await_decision",
                       "gratification.report.outcome", "gratification.report.close"]


def test_upg_decides_an_exempt_gift_itself(world, reporter):
    tenant, upg = world.tenant, world.users["upg"]
    made = report(world, reporter, value=500_000)
    services.start_verification(tenant, upg, made)
    services.decide_by_upg(tenant, upg, made, note="Pengecualian huruf l")
    services.record_outcome(tenant, upg, made, outcome="milik_penerima")
    services.close_report(tenant, upg, made)
    assert made.status == Status.CLOSED


def test_kpk_outcome_needs_its_decision_number(world, reporter):
    tenant, upg = world.tenant, world.users["upg"]
    made = report(world, reporter)
    services.start_verification(tenant, upg, made)
    services.forward_to_kpk(tenant, upg, made, kpk_number="GOL-1")
    services.await_kpk_decision(tenant, upg, made)
    with pytest.raises(DomainError) as error:
        services.record_outcome(tenant, upg, made, outcome="milik_penerima")
    assert error.value.field == "decision_number"


def test_steps_out_of_order_are_refused_and_change_nothing(world, reporter):
    tenant, upg = world.tenant, world.users["upg"]
    made = report(world, reporter)
    with pytest.raises(DomainError) as error:
        services.forward_to_kpk(tenant, upg, made, kpk_number="GOL-1")
    assert error.value.code == "gratification_wrong_status"
    made.refresh_from_db()
    assert (made.status, made.kpk_number) == (Status.SUBMITTED, "")


def test_recipient_completes_the_report_when_asked(world, reporter):
    tenant, upg = world.tenant, world.users["upg"]
    made = report(world, reporter)
    with pytest.raises(DomainError):
        services.complete_report(tenant, reporter, made, description="Tambahan")
    services.start_verification(tenant, upg, made)
    services.request_completion(tenant, upg, made, note="Foto barang")
    services.complete_report(tenant, reporter, made, description="Foto terlampir",
                             evidence=[SimpleUploadedFile("foto.jpg", b"jpg")])
    assert made.completion_due_on is None
    assert made.description.endswith("Foto terlampir")


def test_upg_officer_cannot_handle_their_own_report(world, libraries):
    from integritas.people.services import link_user

    upg = world.users["upg"]
    link_user(world.tenant, None, world.employees["pendidikan_staff"], upg)
    made = report(world, upg)
    with pytest.raises(DomainError) as error:
        services.start_verification(world.tenant, upg, made)
    assert error.value.code == "gratification_own_report"


def test_upg_of_another_pemda_cannot_touch_the_report(world, reporter):
    made = report(world, reporter)
    with pytest.raises(DomainError) as error:
        services.start_verification(world.other_tenant, world.users["outsider"], made)
    assert error.value.status == 404
