"""The examination workflow: every step, who/when/why, what the reporter reads, the clocks."""

import datetime as dt

import pytest
from django_scopes import scope

from integritas.audit.models import AuditEvent
from integritas.cases import keys, reporter, workflow
from integritas.cases.models import (
    Case,
    Conclusion,
    DueKind,
    Message,
    Referral,
    State,
    Transition,
)
from integritas.cases.tests.helpers import file_report
from integritas.cases.tests.ws_helpers import case_keys_of, move, new_case
from integritas.core.calendar import add_working_days
from integritas.core.errors import DomainError

pytestmark = pytest.mark.django_db

TO_REVIEW = [("verify", {}), ("review", {})]


def test_verification_is_the_first_response_and_starts_the_simple_request_clock(world, desk):
    case = new_case(world)
    assert case.due_kind == DueKind.FIRST_RESPONSE
    case = move(world, case, desk["inspektur"], ("verify", {"reason": "Mulai verifikasi"}))
    today = dt.date.today()
    assert case.state == State.VERIFIKASI
    assert case.first_response_at is not None
    assert case.due_kind == DueKind.SIMPLE
    assert case.due_on == add_working_days(world.tenant, today, 5)


def test_each_step_records_who_when_and_why_encrypted(world, desk):
    case = move(world, new_case(world), desk["inspektur"],
                ("verify", {"reason": "Laporan memuat 4W1H"}))
    with scope(tenant=world.tenant.pk):
        transition = Transition.objects.get(case=case)
        event = AuditEvent.objects.filter(action="cases.case.verify").get()
    assert (transition.source, transition.target) == (State.DITERIMA, State.VERIFIKASI)
    assert transition.actor == world.users["inspektur"]
    assert b"4W1H" not in bytes(transition.reason_box)
    k = case_keys_of(case, world.users["inspektur"], desk["inspektur"])
    assert keys.open_text(k, transition.reason_box) == "Laporan memuat 4W1H"
    assert "4W1H" not in str(event.changes)


def test_asking_the_reporter_pauses_the_clock_and_sends_the_question(world, desk):
    filed = file_report(world.tenant)
    case = move(world, filed.case, desk["inspektur"], ("verify", {}),
                ("request_information", {"public_note": "Mohon sebutkan nomor loket."}))
    assert case.state == State.MENUNGGU_KELENGKAPAN
    assert case.due_on is None
    assert "Mohon sebutkan nomor loket." in str(reporter_status(world, filed.receipt))


def test_asking_the_reporter_needs_the_words_they_will_read(world, desk):
    case = move(world, new_case(world), desk["inspektur"], ("verify", {}))
    with pytest.raises(DomainError) as error:
        move(world, case, desk["inspektur"], ("request_information", {}))
    assert error.value.code == "public_note_required"


def test_a_step_not_allowed_from_the_current_state_is_a_coded_409(world, desk):
    case = new_case(world)
    with pytest.raises(workflow.TransitionNotAllowed) as error:
        move(world, case, desk["inspektur"], ("close", {"outcome": "terbukti"}))
    assert error.value.status == 409
    assert error.value.code == "transition_not_allowed"
    with scope(tenant=world.tenant.pk):
        assert Case.objects.get(pk=case.pk).state == State.DITERIMA


def test_examination_kind_sets_the_desk_or_field_clock(world, desk):
    clarified = move(world, new_case(world), desk["inspektur"], *TO_REVIEW,
                     ("examine", {"exam_kind": "klarifikasi"}))
    audited = move(world, new_case(world), desk["inspektur"], *TO_REVIEW,
                   ("examine", {"exam_kind": "investigatif"}))
    assert clarified.state == audited.state == State.PEMERIKSAAN
    assert (clarified.due_kind, audited.due_kind) == (DueKind.DESK, DueKind.FIELD)
    assert audited.due_on > clarified.due_on
    assert clarified.audit_relevant is True


def test_review_continues_the_verification_clock(world, desk):
    verified = move(world, new_case(world), desk["inspektur"], ("verify", {}))
    reviewed = move(world, verified, desk["inspektur"], ("review", {}))
    assert reviewed.due_on == verified.due_on


def test_rejection_closes_the_case_with_a_reason_the_reporter_reads(world, desk):
    filed = file_report(world.tenant)
    case = move(world, filed.case, desk["inspektur"], ("verify", {}),
                ("reject", {"public_note": "Bukan kewenangan Inspektorat."}))
    assert case.state == State.DITOLAK and case.closed_at and case.due_on is None
    assert "Bukan kewenangan Inspektorat." in str(reporter_status(world, filed.receipt))


def test_administrative_conclusion_with_tgr_starts_the_sixty_day_clock(world, desk):
    case = move(world, new_case(world), desk["inspektur"], *TO_REVIEW,
                ("examine", {"exam_kind": "investigatif"}),
                ("follow_up", {"admin_criterion": "tgr_settled", "findings": "Kelebihan bayar",
                               "recovered_amount": 12_500_000}))
    assert case.state == State.TINDAK_LANJUT
    assert case.conclusion == Conclusion.ADMINISTRATIF
    assert case.tgr_due == dt.date.today() + dt.timedelta(days=60)
    assert case.recovered_amount == 12_500_000
    case = move(world, case, desk["inspektur"], ("close", {"outcome": "sebagian_terbukti"}))
    assert case.state == State.SELESAI and case.outcome == "sebagian_terbukti"


def test_administrative_conclusion_needs_one_of_the_four_criteria(world, desk):
    case = move(world, new_case(world), desk["inspektur"], *TO_REVIEW,
                ("examine", {"exam_kind": "klarifikasi"}))
    with pytest.raises(DomainError) as error:
        move(world, case, desk["inspektur"], ("follow_up", {"admin_criterion": "maybe"}))
    assert error.value.field == "admin_criterion"


def test_indication_of_a_crime_is_referred_to_the_aph_only(world, desk):
    case = move(world, new_case(world), desk["inspektur"], *TO_REVIEW,
                ("examine", {"exam_kind": "investigatif"}))
    letter = {"letter_number": "700/123/Insp", "letter_date": dt.date.today()}
    with pytest.raises(DomainError) as error:
        move(world, case, desk["inspektur"], ("refer", {"authority_kind": "opd", **letter}))
    assert error.value.code == "aph_required"
    case = move(world, case, desk["inspektur"],
                ("refer", {"authority_kind": "kejaksaan", "authority_name": "Kejari Contoh",
                           **letter}))
    assert case.state == State.DILIMPAHKAN and case.conclusion == Conclusion.INDIKASI_PIDANA
    with scope(tenant=world.tenant.pk):
        referral = Referral.objects.get(case=case)
    assert referral.direction == "out" and referral.letter_number == "700/123/Insp"


def test_a_complaint_without_audit_relevant_content_goes_to_the_responsible_opd(world, desk):
    case = move(world, new_case(world, channel="complaint", category=_complaint_category()),
                desk["inspektur"], *TO_REVIEW,
                ("refer", {"authority_kind": "opd", "unit": world.units["pendidikan"],
                           "audit_relevant": False, "letter_number": "B/45/2026",
                           "letter_date": dt.date.today()}))
    assert case.state == State.DILIMPAHKAN
    assert case.audit_relevant is False and case.within_authority is False
    case = move(world, case, desk["inspektur"], ("close", {"outcome": "terbukti"}))
    assert case.state == State.SELESAI


def test_a_referral_letter_cannot_be_dated_in_the_future(world, desk):
    case = move(world, new_case(world), desk["inspektur"], *TO_REVIEW)
    with pytest.raises(DomainError) as error:
        move(world, case, desk["inspektur"],
             ("refer", {"authority_kind": "kpk", "letter_number": "1",
                        "letter_date": dt.date.today() + dt.timedelta(days=3)}))
    assert error.value.code == "letter_date_future"


def test_messages_to_the_reporter_are_encrypted(world, desk):
    case = move(world, new_case(world), desk["inspektur"], ("verify", {}),
                ("request_information", {"public_note": "Kapan tepatnya?"}))
    with scope(tenant=world.tenant.pk):
        message = Message.objects.get(case=case, kind=Message.Kind.TO_REPORTER)
    assert b"Kapan" not in bytes(message.body_box)


def reporter_status(world, receipt) -> dict:
    with scope(tenant=world.tenant.pk):
        return reporter.status(world.tenant, reporter.open_with_receipt(world.tenant, receipt))


def _complaint_category() -> str:
    from integritas.cases import reference

    return reference.channel("complaint").categories[0][0]
