"""Signing services: electronic signing with password and TOTP, witnessing, paper records."""

import datetime as dt
import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from integritas.audit.models import AuditEvent
from integritas.core.documents import verify_pdf
from integritas.core.documents.keys import init_local_ca
from integritas.core.testing.factories import totp_now
from integritas.core.testing.personas import TEST_TOTP_SECRET
from integritas.pacts import services
from integritas.pacts.models import PactSignature, PactTarget
from integritas.pacts.signing import (
    record_paper_signature,
    sign_pact,
    witness_pact,
)
from integritas.pacts.tests.helpers import DUE, raises
from integritas.pacts.tests.signing_helpers import PASSWORD, SIGN_DAY, ceremony, refreshed

PDF_SCAN = b"%PDF-1.4\n% scanned pact\n"
PNG_SCAN = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def pact(world):
    return ceremony(world)


def sign_as_siti(world, pact, **overrides):
    arguments = {"password": PASSWORD, "today": SIGN_DAY} | overrides
    return sign_pact(world.tenant, world.users["employee"], pact.siti, **arguments)


def count_signatures(world) -> int:
    with scope(tenant=world.tenant.pk):
        return PactSignature.objects.count()


def test_signing_stores_a_verifiable_pdf_and_marks_the_target_signed(world, pact, unscoped):
    signature = sign_as_siti(world, pact)
    year = signature.signed_at.year
    assert re.fullmatch(rf"PI-{year}-[A-Z2-7]{{6}}", signature.document_id)
    with signature.pdf.open("rb") as file:
        data = file.read()
    assert signature.pdf.name == f"pacts/contoh/{year}/{signature.document_id}.pdf"
    assert signature.pdf_sha256 == hashlib.sha256(data).hexdigest()
    result = verify_pdf(world.tenant, data)
    assert (result.valid, result.document_id) == (True, signature.document_id)
    assert result.signer == "Siti Aminah, S.Kom."
    assert signature.text == pact.campaign.text and signature.method == "electronic"
    assert (signature.signer_position, signature.witness_name) == ("Analis Kebijakan", "Kabid")
    assert not signature.is_late
    target = refreshed(world, pact.siti)
    assert target.status == PactTarget.Status.SIGNED and target.signed_at is not None
    assert AuditEvent.objects.filter(action="pacts.signature.sign").count() == 1


def test_signing_twice_is_refused(world, pact):
    sign_as_siti(world, pact)
    raises("pact_already_signed", sign_as_siti, world, pact)


def test_only_the_targeted_employee_can_sign(world, pact):
    raises("pact_not_targeted", sign_pact, world.tenant, world.users["opd_head"], pact.siti,
           password=PASSWORD)
    raises("pact_not_targeted", sign_pact, world.tenant, world.users["admin"], pact.budi,
           password=PASSWORD)


def test_a_wrong_password_is_refused_beside_the_field(world, pact):
    error = raises("pact_password_wrong", sign_as_siti, world, pact, password="nope")
    assert error.field == "password"
    assert count_signatures(world) == 0


def test_an_enrolled_signer_must_give_a_valid_totp_code(world, pact):
    # opd_head has TOTP enrolled (every staff persona has)
    kabid = world.users["opd_head"]
    raises("pact_totp_required", sign_pact, world.tenant, kabid, pact.kabid, password=PASSWORD)
    raises("pact_totp_wrong", sign_pact, world.tenant, kabid, pact.kabid, password=PASSWORD,
           totp_code="000000" if totp_now(TEST_TOTP_SECRET) != "000000" else "111111")
    signature = sign_pact(world.tenant, kabid, pact.kabid, password=PASSWORD,
                          totp_code=totp_now(TEST_TOTP_SECRET), today=SIGN_DAY)
    assert signature.signer_name == "Kabid"


def test_signing_after_the_due_date_is_allowed_but_marked_late(world, pact):
    signature = sign_as_siti(world, pact, today=DUE + dt.timedelta(days=1))
    assert signature.is_late


def test_signing_is_refused_when_the_campaign_is_closed(world, pact):
    services.close_campaign(world.tenant, world.users["inspektur"], pact.campaign)
    raises("pact_campaign_not_open", sign_as_siti, world, pact)


def test_signing_without_a_signing_key_stores_nothing(world):
    pact = ceremony(world, key=False)
    raises("signing_key_missing", sign_as_siti, world, pact)
    assert count_signatures(world) == 0
    assert refreshed(world, pact.siti).status == PactTarget.Status.PENDING


def test_only_the_named_witness_confirms_once(world, pact):
    signature = sign_as_siti(world, pact)
    raises("pact_not_witness", witness_pact, world.tenant, world.users["employee"], signature)
    raises("pact_not_witness", witness_pact, world.tenant, world.users["auditor"], signature)
    witnessed = witness_pact(world.tenant, world.users["opd_head"], signature)
    assert witnessed.witnessed_by == world.users["opd_head"]
    assert refreshed(world, pact.siti).status == PactTarget.Status.WITNESSED
    raises("pact_already_witnessed", witness_pact, world.tenant, world.users["opd_head"],
           signature)


def test_a_signer_never_witnesses_their_own_pact(world, pact):
    with scope(tenant=world.tenant.pk):
        target = pact.siti
        target.witness = target.employee  # a bad record from before the witness rules
        target.save(update_fields=["witness"])
    signature = sign_as_siti(world, pact)
    raises("pact_witness_is_signer", witness_pact, world.tenant, world.users["employee"],
           signature)


def test_a_paper_pact_is_recorded_with_its_scan(world, pact):
    scan = SimpleUploadedFile("pakta.pdf", PDF_SCAN, content_type="application/pdf")
    signature = record_paper_signature(world.tenant, world.users["inspektur"], pact.budi,
                                       scan=scan, signed_on=SIGN_DAY, today=SIGN_DAY,
                                       witness_name="Drs. Ali")
    assert (signature.method, signature.witness_name, signature.pdf.name) == ("paper",
                                                                             "Drs. Ali", "")
    assert signature.scan.name.endswith(f"{signature.document_id}.pdf")
    assert signature.recorded_by == world.users["inspektur"]
    assert refreshed(world, pact.budi).status == PactTarget.Status.PAPER


@pytest.mark.parametrize(("name", "content", "code"), [
    ("pakta.pdf", b"MZ\x90\x00 not a pdf", "pact_scan_type"),
    ("pakta.png", b"", "pact_scan_type"),
])
def test_a_paper_scan_must_be_a_pdf_or_an_image_by_content(world, pact, name, content, code):
    scan = SimpleUploadedFile(name, content)
    raises(code, record_paper_signature, world.tenant, world.users["inspektur"], pact.budi,
           scan=scan, signed_on=SIGN_DAY, today=SIGN_DAY)
    assert count_signatures(world) == 0


def test_a_paper_scan_over_ten_megabytes_is_refused(world, pact):
    scan = SimpleUploadedFile("pakta.png", PNG_SCAN + b"\0" * (10 * 1024 * 1024))
    raises("pact_scan_too_large", record_paper_signature, world.tenant,
           world.users["inspektur"], pact.budi, scan=scan, signed_on=SIGN_DAY, today=SIGN_DAY)


def test_a_paper_record_needs_a_past_date_and_an_unsigned_pact(world, pact):
    scan = SimpleUploadedFile("pakta.png", PNG_SCAN)
    raises("pact_signed_on_future", record_paper_signature, world.tenant,
           world.users["inspektur"], pact.budi, scan=scan,
           signed_on=SIGN_DAY + dt.timedelta(days=1), today=SIGN_DAY)
    sign_as_siti(world, pact)
    raises("pact_already_signed", record_paper_signature, world.tenant,
           world.users["inspektur"], pact.siti, scan=scan, signed_on=SIGN_DAY, today=SIGN_DAY)


def test_another_pemdas_target_is_not_found(world, pact):
    init_local_ca(world.other_tenant, world.users["outsider"])
    raises("pact_target_not_found", sign_pact, world.other_tenant, world.users["employee"],
           pact.siti, password=PASSWORD)




def test_the_pdf_text_continues_after_the_identity_table_without_repeating_the_signer(world):
    from integritas.pacts.signing import body_with_slots

    asn = body_with_slots("Saya, **{nama}**, NIP {nip}, {jabatan}, menyatakan sebagai berikut:"
                          "\n\n1. Satu;\n2. Dua.", world.tenant, dt.date(2027, 1, 12))
    assert str(asn).startswith("<p>menyatakan sebagai berikut:</p>")
    assert "data-stamp" not in str(asn)
    officials = body_with_slots("Saya yang bertanda tangan di bawah ini, **{nama}**, NIP {nip},"
                                " {jabatan} pada {unit}, sebagai pejabat di lingkungan {instansi},"
                                " dengan ini menyatakan komitmen untuk:\n\n1. Satu.",
                                world.tenant, dt.date(2027, 1, 12))
    assert str(officials).startswith(
        f"<p>sebagai pejabat di lingkungan {world.tenant.name}, dengan ini menyatakan")
    untouched = body_with_slots("Kami berkomitmen.\n\n1. Satu.", world.tenant,
                                dt.date(2027, 1, 12))
    assert str(untouched).startswith("<p>Kami berkomitmen.</p>")
