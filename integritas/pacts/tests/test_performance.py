"""Perjanjian kinerja services: agreements, indicators, signing, realisation, revision and the
achievement formula."""

import hashlib
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from integritas.accounts.permissions import grant
from integritas.accounts.selectors import active_memberships
from integritas.audit.models import AuditEvent
from integritas.core.documents import verify_pdf
from integritas.core.errors import NotFound
from integritas.core.models import SigningKey
from integritas.pacts import performance
from integritas.pacts.models import PerformanceAgreement, Realisation
from integritas.pacts.performance_selectors import (
    achievement_by_opd,
    achievement_percent,
    agreement_achievement,
    agreement_for,
    agreements_for,
    indicator_rows,
    versions_of,
)
from integritas.pacts.tests.helpers import raises
from integritas.pacts.tests.performance_helpers import (
    PASSWORD,
    YEAR,
    add_indicator,
    build_chain,
    sign_both,
    signed_chain,
)

PDF = b"%PDF-1.4\n% evidence\n"


def D(value) -> Decimal:
    return Decimal(str(value))


# --- The formula ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("realisation", "target", "direction", "expected"), [
    (90, 90, "higher", "100.00"),
    (45, 90, "higher", "50.00"),
    (99, 90, "higher", "110.00"),
    (8, 10, "lower", "120.00"),
    (10, 10, "lower", "100.00"),
    (15, 10, "lower", "50.00"),
    (25, 10, "lower", "0"),
    (0, 0, "lower", "100"),
    (1, 0, "lower", "0"),
    (0, 0, "higher", "100"),
    (5, 0, "higher", "100"),
])
def test_achievement_percent_follows_the_direction_and_handles_a_zero_target(
        realisation, target, direction, expected):
    assert achievement_percent(D(realisation), D(target), direction) == D(expected)


# --- Agreements ----------------------------------------------------------------------------------

def test_creating_an_agreement_snapshots_both_parties(world):
    chain = build_chain(world)
    head = chain.head
    assert (head.status, head.version, head.year) == ("draft", 1, YEAR)
    assert head.first_party_name == "Kadis Dukcapil"
    assert head.first_party_position == "Kepala Dinas"
    assert head.second_party_name == "Wali Kota"
    assert head.opd == world.units["dukcapil"]


def test_a_child_agreement_takes_the_parents_first_party_as_its_superior(world):
    chain = build_chain(world)
    child = performance.create_agreement(world.tenant, world.users["admin"], year=YEAR,
                                         first_party=chain.people["kabid"], parent=chain.head)
    assert child.second_party == chain.people["kadis_dukcapil"]
    assert child.opd == world.units["dukcapil"] and child.unit == world.units["dukcapil_bidang"]


def test_a_parent_of_another_year_is_refused(world):
    chain = build_chain(world)
    raises("performance_parent_invalid", performance.create_agreement, world.tenant,
           world.users["admin"], year=YEAR + 1, first_party=chain.people["kabid"],
           parent=chain.head)


def test_the_regional_head_may_be_named_by_text(world):
    chain = build_chain(world)
    agreement = performance.create_agreement(
        world.tenant, world.users["admin"], year=YEAR, first_party=chain.people["inspektur"],
        second_party_name="Dr. H. Wali Kota", second_party_position="Wali Kota Contoh")
    assert agreement.second_party is None
    assert agreement.second_party_position == "Wali Kota Contoh"


def test_a_second_agreement_for_the_same_year_is_refused(world):
    chain = build_chain(world)
    raises("performance_agreement_exists", performance.create_agreement, world.tenant,
           world.users["admin"], year=YEAR, first_party=chain.people["kadis_dukcapil"],
           second_party=chain.people["wali_kota"])


@pytest.mark.parametrize(("overrides", "code"), [
    ({"year": 1999}, "performance_year_invalid"),
    ({"year": "abc"}, "performance_year_invalid"),
    ({"second_party": "self"}, "performance_same_party"),
    ({"second_party": None}, "performance_field_required"),
])
def test_bad_agreement_input_is_refused(world, overrides, code):
    chain = build_chain(world)
    kabid = chain.people["kabid"]
    arguments = {"year": YEAR, "first_party": kabid,
                 "second_party": chain.people["kadis_dukcapil"]} | overrides
    if arguments["second_party"] == "self":
        arguments["second_party"] = kabid
    raises(code, performance.create_agreement, world.tenant, world.users["admin"], **arguments)


def test_an_employee_of_another_tenant_cannot_be_a_party(world):
    chain = build_chain(world)
    raises("performance_employee_not_found", performance.create_agreement, world.tenant,
           world.users["admin"], year=YEAR, first_party=world.employees["lain_staff"],
           second_party=chain.people["wali_kota"])


# --- Indicators ----------------------------------------------------------------------------------

def test_indicators_are_added_updated_and_removed_in_draft_with_an_audit_trail(world, unscoped):
    chain = build_chain(world)
    indicator = add_indicator(world, chain.head)
    assert (indicator.target, indicator.q1_target, indicator.budget) == (D(90), D(80),
                                                                         1_500_000_000)
    performance.update_indicator(world.tenant, world.users["admin"], indicator, target="92,5")
    event = AuditEvent.objects.filter(action="pacts.performance.indicator.update").get()
    assert event.changes == {"target": ["90.00", "92.5"]}
    performance.remove_indicator(world.tenant, world.users["admin"], indicator)
    assert not chain.head.indicators.exists()


@pytest.mark.parametrize(("overrides", "code", "field"), [
    ({"name": " "}, "performance_field_required", "name"),
    ({"target": "-1"}, "performance_number_negative", "target"),
    ({"target": "lots"}, "performance_number_invalid", "target"),
    ({"q2_target": "1.234"}, "performance_number_precision", "q2_target"),
    ({"direction": "sideways"}, "performance_direction_invalid", "direction"),
    ({"budget": "1500.50"}, "performance_budget_not_whole", "budget"),
])
def test_bad_indicator_input_is_refused_beside_its_field(world, overrides, code, field):
    chain = build_chain(world)
    error = raises(code, add_indicator, world, chain.head, **overrides)
    assert error.field == field


def test_a_signed_agreements_indicators_are_not_edited(world, unscoped):
    chain = signed_chain(world)
    indicator = chain.head.indicators.first()
    raises("performance_not_draft", performance.update_indicator, world.tenant,
           world.users["admin"], indicator, target="1")
    raises("performance_not_draft", add_indicator, world, chain.head)


# --- Signing -------------------------------------------------------------------------------------

def test_both_parties_signing_makes_the_agreement_signed(world, unscoped):
    chain = build_chain(world)
    add_indicator(world, chain.head)
    first = performance.sign_agreement(world.tenant, world.users["opd_head"], chain.head,
                                       password=PASSWORD)
    assert first.status == "draft" and first.first_party_signed_at is not None
    signed = performance.sign_agreement(world.tenant, world.users["regional_head"], chain.head,
                                        password=PASSWORD)
    assert signed.status == "signed" and signed.second_party_signed_by == world.users[
        "regional_head"]
    assert AuditEvent.objects.filter(action="pacts.performance.sign").count() == 2


def test_signing_needs_indicators_the_right_password_and_one_signature_per_party(world):
    chain = build_chain(world)
    opd_head = world.users["opd_head"]
    raises("performance_no_indicators", performance.sign_agreement, world.tenant, opd_head,
           chain.head, password=PASSWORD)
    add_indicator(world, chain.head)
    raises("pact_password_wrong", performance.sign_agreement, world.tenant, opd_head,
           chain.head, password="wrong")
    performance.sign_agreement(world.tenant, opd_head, chain.head, password=PASSWORD)
    raises("performance_already_signed", performance.sign_agreement, world.tenant, opd_head,
           chain.head, password=PASSWORD)


@pytest.mark.parametrize("persona", ["auditor", "admin", "employee", "outsider"])
def test_someone_who_is_not_a_party_cannot_sign(world, persona):
    chain = build_chain(world)
    add_indicator(world, chain.head)
    with pytest.raises(NotFound):
        performance.sign_agreement(world.tenant, world.users[persona], chain.head,
                                   password=PASSWORD)


def test_a_tenant_admin_signs_for_a_regional_head_named_by_text_only_when_saying_so(
        world, unscoped):
    chain = build_chain(world)
    head = chain.head
    with scope(tenant=world.tenant.pk):
        PerformanceAgreement.objects.filter(pk=head.pk).update(second_party=None)
    add_indicator(world, head)
    admin = world.users["admin"]
    with pytest.raises(NotFound):
        performance.sign_agreement(world.tenant, admin, head, password=PASSWORD)
    signed = performance.sign_agreement(world.tenant, admin, head, password=PASSWORD,
                                        on_behalf_of_regional_head=True)
    assert signed.second_party_signed_by == admin
    event = AuditEvent.objects.filter(action="pacts.performance.sign").get()
    assert event.changes["on_behalf_of_regional_head"] is True


# --- Realisation ---------------------------------------------------------------------------------

def test_realisation_is_recorded_and_a_correction_keeps_the_old_value_in_the_audit(
        world, unscoped):
    chain = signed_chain(world)
    indicator = chain.head.indicators.first()
    opd_head = world.users["opd_head"]
    evidence = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    first = performance.record_realisation(world.tenant, opd_head, indicator, quarter=1,
                                           value="78", evidence=evidence)
    assert re.fullmatch(rf"performance/contoh/{YEAR}/{indicator.pk}-q1(_\w+)?\.pdf",
                        first.evidence.name)
    performance.record_realisation(world.tenant, opd_head, indicator, quarter=1, value="81",
                                   note="Koreksi data SIAK")
    assert Realisation.objects.filter(indicator=indicator).count() == 1
    changes = AuditEvent.objects.filter(
        action="pacts.performance.realisation").order_by("-id").first().changes
    assert changes["value"] == ["78.00", "81"]
    assert changes["note"] == ["", "Koreksi data SIAK"]


@pytest.mark.parametrize(("arguments", "code"), [
    ({"quarter": 5, "value": "1"}, "performance_quarter_invalid"),
    ({"quarter": 1, "value": "-3"}, "performance_number_negative"),
    ({"quarter": 1, "value": ""}, "performance_number_invalid"),
    ({"quarter": 1, "value": "1",
      "evidence": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")},
     "performance_evidence_type"),
])
def test_bad_realisation_input_is_refused_and_nothing_is_stored(world, arguments, code,
                                                                unscoped):
    chain = signed_chain(world)
    indicator = chain.head.indicators.first()
    raises(code, performance.record_realisation, world.tenant, world.users["opd_head"],
           indicator, **arguments)
    assert not Realisation.objects.exists()


def test_realisation_waits_for_signing_and_is_entered_by_the_party_or_a_manager(world,
                                                                                unscoped):
    chain = build_chain(world)
    indicator = add_indicator(world, chain.head)
    raises("performance_not_signed", performance.record_realisation, world.tenant,
           world.users["opd_head"], indicator, quarter=1, value="1")
    sign_both(world, chain.head)
    performance.record_realisation(world.tenant, world.users["auditor"], indicator, quarter=2,
                                   value="85")
    with pytest.raises(NotFound):
        performance.record_realisation(world.tenant, world.users["employee"], indicator,
                                       quarter=2, value="85")


def test_achievement_per_indicator_agreement_and_opd(world):
    chain = signed_chain(world)
    with scope(tenant=world.tenant.pk):
        ktp, complaints = chain.head.indicators.all()
    performance.record_realisation(world.tenant, world.users["opd_head"], ktp, quarter=1,
                                   value="80")
    performance.record_realisation(world.tenant, world.users["opd_head"], ktp, quarter=2,
                                   value="42")
    performance.record_realisation(world.tenant, world.users["opd_head"], complaints,
                                   quarter=1, value="8")
    everyone = grant(active_memberships(world.users["auditor"], world.tenant), "pacts.view")
    with scope(tenant=world.tenant.pk):
        agreement = agreement_for(world.tenant, everyone, chain.head.pk)
        rows = indicator_rows(agreement)
        assert [row.achievement for row in rows] == [D(50), D(120)]  # Q2 42/84; (2-0.8)
        assert agreement_achievement(agreement) == D(85)
        [opd] = achievement_by_opd(world.tenant, everyone, YEAR)
    assert (opd.opd_name, opd.agreements, opd.achievement) == (
        "Dinas Kependudukan dan Catatan Sipil", 1, D(85))


# --- Revision and visibility ---------------------------------------------------------------------

def test_revision_makes_a_new_draft_version_and_keeps_the_old_one(world, unscoped):
    chain = signed_chain(world)
    old = chain.head
    indicator = old.indicators.first()
    performance.record_realisation(world.tenant, world.users["opd_head"], indicator, quarter=1,
                                   value="79")
    revised = performance.revise_agreement(world.tenant, world.users["admin"], old)
    old.refresh_from_db()
    assert (old.status, old.indicators.count()) == ("superseded", 2)
    assert old.first_party_signed_at is not None
    assert (revised.status, revised.version, revised.supersedes) == ("draft", 2, old)
    assert old.document_id and (revised.document_id, revised.pdf.name) == ("", "")
    assert revised.indicators.count() == 2
    assert revised.indicators.first().realisations.get().value == D(79)
    assert list(versions_of(revised)) == [revised, old]
    raises("performance_not_signed", performance.revise_agreement, world.tenant,
           world.users["admin"], old)


def test_a_unit_limited_grant_sees_its_units_agreements_and_parties_see_their_own(world):
    chain = build_chain(world)
    pendidikan = performance.create_agreement(
        world.tenant, world.users["admin"], year=YEAR,
        first_party=chain.people["kadis_pendidikan"], second_party=chain.people["wali_kota"])
    limited = grant(active_memberships(world.users["zi_coordinator"], world.tenant), "pacts.view")
    nothing = grant([], "pacts.view")
    with scope(tenant=world.tenant.pk):
        assert list(agreements_for(world.tenant, limited)) == [chain.head]
        assert set(agreements_for(world.tenant, nothing, world.users["regional_head"])) == {
            chain.head, pendidikan}
        with pytest.raises(NotFound):
            agreement_for(world.tenant, nothing, pendidikan.pk, world.users["opd_head"])


# --- The signed PDF ------------------------------------------------------------------------------

def test_the_second_signature_produces_a_verifiable_signed_pdf(world, unscoped):
    chain = signed_chain(world)
    head = chain.head
    assert re.fullmatch(rf"PK-{YEAR}-[A-Z2-7]{{6}}", head.document_id)
    with head.pdf.open("rb") as file:
        data = file.read()
    assert head.pdf_sha256 == hashlib.sha256(data).hexdigest()
    result = verify_pdf(world.tenant, data)
    assert (result.valid, result.document_id, result.signer) == (True, head.document_id,
                                                                 "Kadis Dukcapil")


def test_without_a_signing_key_the_last_signature_stores_nothing(world, unscoped):
    chain = build_chain(world)
    add_indicator(world, chain.head)
    SigningKey.objects.filter(tenant=world.tenant).delete()
    performance.sign_agreement(world.tenant, world.users["opd_head"], chain.head,
                               password=PASSWORD)
    raises("signing_key_missing", performance.sign_agreement, world.tenant,
           world.users["regional_head"], chain.head, password=PASSWORD)
    chain.head.refresh_from_db()
    assert (chain.head.status, chain.head.second_party_signed_at) == ("draft", None)
