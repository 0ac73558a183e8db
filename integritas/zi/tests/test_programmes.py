"""The ZI programme of a unit: pencanangan, commitment, SK Tim ZI, rencana kerja, status."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from integritas.audit.models import AuditEvent
from integritas.core.documents import verify_pdf
from integritas.core.documents.keys import init_local_ca
from integritas.core.errors import DomainError
from integritas.zi import services
from integritas.zi.models import Predicate, ZiActivity, ZiProgramme, ZiStatusChange

pytestmark = pytest.mark.usefixtures("in_scope")


def test_declaration_is_kept_with_its_witnesses_and_audited(world, programme):
    assert programme.status == ZiProgramme.Status.DECLARED
    assert [w["position"] for w in programme.witnesses] == ["Kapolresta", "Kajari"]
    event = AuditEvent.objects.get(action="zi.programme.declare")
    assert event.changes["place"] == "Ruang Pola Kantor Wali Kota"
    assert ZiStatusChange.objects.get(programme=programme).target == "dicanangkan"


def test_a_unit_has_one_programme_over_the_years(world, programme):
    with pytest.raises(DomainError) as error:
        services.declare_programme(world.tenant, world.users["inspektur"],
                                   unit=world.units["dukcapil"], declared_on=dt.date(2027, 1, 4),
                                   place="Aula", signers=[], witnesses=[])
    assert error.value.code == "zi_programme_exists"


def test_a_witness_without_a_name_is_refused(world, zi_libraries):
    with pytest.raises(DomainError) as error:
        services.declare_programme(world.tenant, world.users["inspektur"],
                                   unit=world.units["pendidikan"], declared_on=dt.date(2026, 7, 9),
                                   place="Aula", signers=[],
                                   witnesses=[{"name": "", "position": "Kajari"}])
    assert error.value.field == "witnesses"
    assert not ZiProgramme.objects.filter(unit=world.units["pendidikan"]).exists()


def test_status_follows_the_reference_workflow_over_the_years(world, programme):
    actor = world.users["inspektur"]
    for action in ("develop", "assess_by_tpi", "propose", "award_wbk", "monitor"):
        programme = services.move_programme(world.tenant, actor, programme, action, year=2026)
    assert (programme.status, programme.predicate, programme.predicate_year) == (
        ZiProgramme.Status.MONITORED, Predicate.WBK, 2026)
    for action in ("develop", "assess_by_tpi", "propose", "award_wbbm"):
        programme = services.move_programme(world.tenant, actor, programme, action, year=2027)
    assert programme.predicate == Predicate.WBBM
    programme = services.move_programme(world.tenant, actor, programme, "revoke", year=2028,
                                        note="Pungli terbukti")
    assert (programme.status, programme.predicate) == (ZiProgramme.Status.REVOKED, "")
    history = list(ZiStatusChange.objects.filter(programme=programme)
                   .values_list("year", "target"))
    assert history[-1] == (2028, "dicabut") and (2027, "predikat_wbbm") in history


def test_wbbm_needs_wbk_first(world, programme):
    actor = world.users["inspektur"]
    for action in ("develop", "assess_by_tpi", "propose"):
        programme = services.move_programme(world.tenant, actor, programme, action, year=2026)
    with pytest.raises(DomainError) as error:
        services.move_programme(world.tenant, actor, programme, "award_wbbm", year=2026)
    assert error.value.code == "zi_wbbm_needs_wbk"


def test_a_step_out_of_order_is_refused_and_nothing_changes(world, programme):
    with pytest.raises(DomainError) as error:
        services.move_programme(world.tenant, world.users["inspektur"], programme, "award_wbk",
                                year=2026)
    assert error.value.code == "zi_transition_not_allowed"
    programme.refresh_from_db()
    assert programme.status == ZiProgramme.Status.DECLARED
    assert ZiStatusChange.objects.filter(programme=programme).count() == 1


def test_team_and_work_plan_with_progress(world, programme):
    actor = world.users["zi_coordinator"]
    staff = world.employees["dukcapil_staff"]
    member = services.add_team_member(world.tenant, actor, programme, employee=staff,
                                      role="koordinator_area", area=5)
    assert member.position_title == staff.position_title
    with pytest.raises(DomainError):
        services.add_team_member(world.tenant, actor, programme, employee=staff,
                                 role="koordinator_area", area=5)
    activity = services.add_activity(world.tenant, actor, programme, year=2026, area=5,
                                     title="Sosialisasi pengendalian gratifikasi",
                                     due_on=dt.date(2026, 9, 30), owner=staff)
    activity = services.report_activity_progress(world.tenant, actor, activity, progress=100)
    assert activity.status == ZiActivity.Status.DONE
    with pytest.raises(DomainError) as error:
        services.report_activity_progress(world.tenant, actor, activity, progress=140)
    assert error.value.field == "progress"


def test_an_employee_of_another_pemda_cannot_join_the_team(world, programme):
    with pytest.raises(DomainError) as error:
        services.add_team_member(world.tenant, world.users["inspektur"], programme,
                                 employee=world.employees["lain_staff"], role="anggota")
    assert error.value.status == 404


def test_commitment_scan_must_be_a_pdf_or_image(world, programme):
    fake = SimpleUploadedFile("komitmen.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(DomainError) as error:
        services.upload_commitment_scan(world.tenant, world.users["inspektur"], programme, fake)
    assert error.value.code == "zi_scan_type"
    scan = SimpleUploadedFile("komitmen.pdf", b"%PDF-1.4 scan")
    programme = services.upload_commitment_scan(world.tenant, world.users["inspektur"],
                                                programme, scan)
    assert programme.commitment_scan and len(programme.commitment_sha256) == 64


def test_generated_commitment_is_signed_by_the_pemda(world, programme):
    with pytest.raises(DomainError) as error:
        services.generate_commitment(world.tenant, world.users["inspektur"], programme,
                                     verify_url="https://integritas.test/verifikasi/")
    assert error.value.code == "signing_key_missing"
    init_local_ca(world.tenant, world.users["admin"])
    programme = services.generate_commitment(world.tenant, world.users["inspektur"], programme,
                                             verify_url="https://integritas.test/verifikasi/")
    with programme.commitment_pdf.open("rb") as file:
        assert verify_pdf(world.tenant, file.read()).valid
    assert programme.commitment_document_id.startswith("ZI-")
