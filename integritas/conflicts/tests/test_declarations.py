"""Declaring a conflict of one's own, the decision deadline in working days, withdrawal, and
every bad input refused with nothing written."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from integritas.audit.models import AuditEvent
from integritas.conflicts import services
from integritas.conflicts.models import Declaration, RelatedParty
from integritas.conflicts.tests.helpers import MONDAY, decide, declare, raises


def count(model) -> int:
    with scopes_disabled():
        return model.objects.count()


def test_employee_declares_own_conflict_with_decision_due_in_seven_working_days(world, org):
    declaration = declare(world)
    with scope(tenant=world.tenant.pk):
        assert declaration.status == Declaration.Status.SUSPENDED
        assert declaration.declarant == org["siti"]
        assert declaration.superior == org["kabid"]
        assert declaration.opd == world.units["dukcapil"]
        assert declaration.position_title == "Pengadministrasi Kependudukan"
        assert declaration.due_on == dt.date(2026, 11, 11)
        assert [(p.name, p.relation) for p in declaration.parties.all()] == [
            ("CV Maju Jaya", "business"), ("Andi", "family")]
        assert AuditEvent.objects.filter(action="conflicts.declaration.create").count() == 1


def test_deadline_skips_nyepi_and_the_cuti_bersama_of_idul_fitri(world, org):
    # 18 Mar cuti, 19 Nyepi, 20 cuti, weekend, 23–24 cuti: day 1 is 25 March.
    declaration = declare(world, today=dt.date(2026, 3, 17))
    assert declaration.due_on == dt.date(2026, 4, 2)


def test_deadline_skips_christmas_and_its_cuti_bersama(world, org):
    # 23 Dec is day 1; 24 Dec cuti bersama, 25 Christmas, 1 Jan New Year, 5 Jan Isra Mikraj.
    declaration = declare(world, today=dt.date(2026, 12, 22))
    assert declaration.due_on == dt.date(2027, 1, 6)


def test_declaring_on_behalf_of_someone_else_is_refused(world, org):
    error = raises("coi_declare_on_behalf", declare, world, declarant=org["budi"])
    assert error.status == 403
    assert count(Declaration) == 0


def test_declaring_for_oneself_by_naming_oneself_is_accepted(world, org):
    assert declare(world, declarant=org["siti"]).declarant_id == org["siti"].pk


def test_a_user_without_an_employee_record_cannot_declare(world, org):
    raises("coi_no_employee_record", declare, world, persona="tpi")
    assert count(Declaration) == 0


def test_unknown_type_source_or_kind_is_refused(world, org):
    raises("coi_conflict_type_invalid", declare, world, conflict_type="made-up")
    raises("coi_source_invalid", declare, world, source="pemilihan-rekanan")
    raises("coi_kind_invalid", declare, world, kind="imagined")
    raises("coi_subject_kind_invalid", declare, world, subject_kind="party")
    assert count(Declaration) == 0


def test_an_empty_description_or_a_party_without_relation_writes_nothing(world, org):
    raises("coi_description_required", declare, world, description="   ")
    raises("coi_party_relation_invalid", declare, world, parties=[("Andi", "neighbour")])
    raises("coi_party_name_required", declare, world, parties=[("  ", "family")])
    assert count(Declaration) == 0 and count(RelatedParty) == 0


def test_a_unit_of_another_pemda_is_not_found(world, org):
    error = raises("coi_unit_not_found", declare, world,
                   subject_unit=world.units["lain_inspektorat"])
    assert error.status == 404


def test_evidence_files_are_stored_and_their_type_and_size_limits_come_from_data(world, org):
    pdf = SimpleUploadedFile("Bukti akta.PDF", b"%PDF-1.4 test", content_type="application/pdf")
    declaration = declare(world, files=[pdf])
    with scope(tenant=world.tenant.pk):
        evidence = declaration.evidence.get()
        assert evidence.original_name == "Bukti akta.PDF"
        assert evidence.file.name.startswith("conflicts/contoh/")
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    raises("coi_file_type", declare, world, files=[exe])
    big = SimpleUploadedFile("big.pdf", b"0" * (5 * 1024 * 1024 + 1))
    raises("coi_file_too_large", declare, world, files=[big])
    six = [SimpleUploadedFile(f"{n}.pdf", b"%PDF") for n in range(6)]
    raises("coi_too_many_files", declare, world, files=six)
    assert count(Declaration) == 1


def test_the_declarant_withdraws_before_the_decision(world, org):
    declaration = declare(world)
    services.withdraw(world.tenant, world.users["employee"], declaration)
    with scope(tenant=world.tenant.pk):
        declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.WITHDRAWN
    assert declaration.withdrawn_at is not None


def test_only_the_declarant_withdraws(world, org):
    declaration = declare(world)
    error = raises("coi_withdraw_not_declarant", services.withdraw, world.tenant,
                   world.users["opd_head"], declaration)
    assert error.status == 403


def test_a_decided_declaration_cannot_be_withdrawn(world, org):
    declaration = declare(world)
    decide(world, declaration)
    raises("coi_withdraw_not_suspended", services.withdraw, world.tenant,
           world.users["employee"], declaration)


def test_a_declaration_during_the_annual_campaign_counts_as_filed(world, org):
    campaign = services.open_campaign(world.tenant, world.users["inspektur"], year=2026,
                                      opens_on=dt.date(2026, 10, 1),
                                      due_on=dt.date(2026, 12, 15))
    declaration = declare(world, today=MONDAY)
    assert declaration.campaign_id == campaign.pk
    raises("coi_statement_already_filed", services.file_nil_statement, world.tenant,
           world.users["employee"], campaign)
