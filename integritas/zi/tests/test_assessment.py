
"""The LKE self-assessment: answers scored by the engine and stored, evidence, the TPI's values,
items sent back, conflicted evaluators excluded."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from integritas.audit.models import AuditEvent
from integritas.core.errors import DomainError
from integritas.zi import assessment as lke
from integritas.zi.models import LkeAnswer, LkeEvidence

pytestmark = pytest.mark.usefixtures("in_scope")

# PN Serang 2022, "Rencana Pembangunan ZI" (weight 1.00): Ya, C, A → 0.67 (REFERENCE §1.5).
PN_SERANG = {"pemenuhan.1.ii.a": {"value": "ya"}, "pemenuhan.1.ii.b": {"value": "C"},
             "pemenuhan.1.ii.c": {"value": "a"}}


@pytest.fixture(autouse=True)
def _english():
    """Explanations are rendered when computed, in the active language; these read English."""
    with translation.override("en"):
        yield


def test_assessment_uses_the_framework_in_force_that_year(world, assessment):
    assert assessment.framework.code == "permenpanrb-90-2021"
    assert assessment.unit_total == Decimal("0.00") and assessment.item_count > 100


def test_answers_are_scored_and_the_totals_stored(world, assessment):
    assessment = lke.answer_items(world.tenant, world.users["zi_coordinator"], assessment,
                                  PN_SERANG)
    node = assessment.scores["unit"]["nodes"]["pemenuhan.1.ii"]
    assert (node["score"], node["percent"]) == ("0.67", "66.67")
    assert assessment.unit_total == Decimal("0.67") == assessment.ranking_total
    assert assessment.answered == 3
    assert LkeAnswer.objects.get(item_code="pemenuhan.1.ii.a").unit_value == "Ya"
    assert AuditEvent.objects.filter(action="zi.answer.answer").count() == 1


def test_one_wrong_answer_refuses_the_whole_batch_and_names_each_item(world, assessment):
    with pytest.raises(lke.AnswerErrors) as error:
        lke.answer_items(world.tenant, world.users["zi_coordinator"], assessment, {
            **PN_SERANG, "pemenuhan.1.i.b": {"value": "D"},
            "reform.1.i.a": {"value": "50"}, "pemenuhan.9.x": {"value": "A"}})
    assert set(error.value.item_errors) == {"pemenuhan.1.i.b", "reform.1.i.a", "pemenuhan.9.x"}
    assert "expects one of A, B, C" in error.value.item_errors["pemenuhan.1.i.b"]
    assert not LkeAnswer.objects.exclude(unit_value="").exists()


def test_a_computed_percentage_comes_from_its_counts(world, assessment):
    assessment = lke.answer_items(world.tenant, world.users["zi_coordinator"], assessment, {
        "reform.1.i.a.1": {"value": "4"}, "reform.1.i.a.2": {"value": "15"}})
    assert assessment.scores["unit"]["values"]["reform.1.i.a"] == "1"  # capped at 100 %


def test_a_zero_denominator_saves_nothing(world, assessment):
    with pytest.raises(DomainError) as error:
        lke.answer_items(world.tenant, world.users["zi_coordinator"], assessment, {
            "reform.1.i.a.1": {"value": "0"}, "reform.1.i.a.2": {"value": "3"}})
    assert error.value.code == "lke.zero_denominator"
    assert not LkeAnswer.objects.exclude(unit_value="").exists()


def test_tpi_values_are_kept_beside_the_unit_values_and_rank_the_unit(world, assessment):
    lke.answer_items(world.tenant, world.users["zi_coordinator"], assessment, PN_SERANG)
    assessment = lke.evaluate_items(world.tenant, world.users["tpi"], assessment, {
        "pemenuhan.1.ii.a": {"value": "Ya", "note": "Rencana kerja ada"},
        "pemenuhan.1.ii.b": {"value": "A"}, "pemenuhan.1.ii.c": {"value": "A"}})
    assert (assessment.unit_total, assessment.tpi_total) == (Decimal("0.67"), Decimal("1.00"))
    assert (assessment.ranking_source, assessment.ranking_total) == ("tpi", Decimal("1.00"))
    answer = LkeAnswer.objects.get(item_code="pemenuhan.1.ii.b")
    assert (answer.unit_value, answer.tpi_value) == ("C", "A")


def test_an_item_sent_back_is_corrected_by_answering_again(world, assessment):
    lke.answer_items(world.tenant, world.users["zi_coordinator"], assessment, PN_SERANG)
    answer = lke.send_back(world.tenant, world.users["tpi"], assessment, "pemenuhan.1.ii.b",
                           note="Lampirkan dokumen rencana kerja")
    assert answer.needs_correction
    assessment.refresh_from_db()
    assert assessment.returned == 1
    lke.answer_items(world.tenant, world.users["zi_coordinator"], assessment,
                     {"pemenuhan.1.ii.b": {"value": "B"}})
    answer.refresh_from_db()
    assert not answer.needs_correction


def test_an_evaluator_with_a_declared_conflict_on_the_unit_is_excluded(world, assessment):
    from integritas.conflicts import services as conflicts
    from integritas.core.libraries import LIBRARIES_DIR, LOADERS, read_folder
    from integritas.people.services import link_user

    LOADERS["conflicts"](read_folder(LIBRARIES_DIR / "conflicts"))
    evaluator = world.users["tpi"]
    link_user(world.tenant, world.users["admin"], world.employees["pendidikan_staff"], evaluator)
    conflicts.declare(world.tenant, evaluator, kind="aktual",
                      conflict_type="bagian-pihak-dinilai", source="keluarga-kerabat",
                      subject_kind="zi_assessment", subject_unit=world.units["dukcapil"],
                      description="Istri saya Kepala Bidang di Disdukcapil.")
    with pytest.raises(DomainError) as error:
        lke.evaluate_items(world.tenant, evaluator, assessment, PN_SERANG)
    assert error.value.status == 404
    lke.evaluate_items(world.tenant, world.users["auditor"], assessment, PN_SERANG)


def test_evidence_versions_keep_the_old_file(world, assessment):
    actor = world.users["zi_coordinator"]
    first = lke.add_evidence_file(world.tenant, actor, assessment, "pemenuhan.1.i.a",
                                  title="SK Tim ZI", upload=SimpleUploadedFile(
                                      "sk.pdf", b"%PDF-1.7 first"))
    second = lke.add_evidence_file(world.tenant, actor, assessment, "pemenuhan.1.i.a",
                                   title="SK  Tim ZI", upload=SimpleUploadedFile(
                                       "sk-revisi.pdf", b"%PDF-1.7 second"))
    first.refresh_from_db()
    assert (first.version, first.is_current, second.version, second.is_current) == (
        1, False, 2, True)
    with first.file.open("rb") as file:
        assert file.read() == b"%PDF-1.7 first"
    link = lke.add_evidence_link(world.tenant, actor, assessment, "pemenuhan.1.i.a",
                                 title="Berita sosialisasi", url="https://dukcapil.go.id/zi")
    assert link.kind == LkeEvidence.Kind.LINK


@pytest.mark.parametrize("name, content", [
    ("script.pdf", b"#!/bin/sh\nrm -rf /"),
    ("laporan.exe", b"MZ\x90\x00\x03"),
    ("data.xlsx", b"%PDF-1.4 a pdf dressed as a workbook"),
])
def test_evidence_of_a_forbidden_type_is_refused(world, assessment, name, content):
    with pytest.raises(DomainError) as error:
        lke.add_evidence_file(world.tenant, world.users["zi_coordinator"], assessment,
                              "pemenuhan.1.i.a", title="Bukti",
                              upload=SimpleUploadedFile(name, content))
    assert error.value.code == "zi_evidence_type"
    assert not LkeEvidence.objects.exists()


def test_a_second_assessment_for_the_same_year_is_refused(world, assessment):
    with pytest.raises(DomainError) as error:
        lke.start_assessment(world.tenant, world.users["zi_coordinator"],
                             assessment.programme, year=2026)
    assert error.value.code == "zi_assessment_exists"


def test_an_assessment_before_the_declaration_is_refused(world, programme):
    with pytest.raises(DomainError) as error:
        lke.start_assessment(world.tenant, world.users["zi_coordinator"], programme, year=2019)
    assert error.value.field == "year"


def test_an_old_year_uses_the_framework_of_its_time(world, zi_libraries):
    from integritas.zi import services

    programme = services.declare_programme(
        world.tenant, world.users["inspektur"], unit=world.units["pendidikan"],
        declared_on=dt.date(2020, 1, 14), place="Auditorium", signers=[], witnesses=[])
    old = lke.start_assessment(world.tenant, world.users["inspektur"], programme, year=2020)
    assert old.framework.code == "permenpanrb-10-2019"
