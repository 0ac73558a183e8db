"""Public verification: the document page, the PDF upload page and the public API."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from integritas.core.documents.keys import init_local_ca
from integritas.pacts.tests.verification_helpers import (
    DOCUMENT_ID,
    sign_sample,
    signed_pact,
    witnessed,
)
from integritas.pacts.verification import MAX_UPLOAD_BYTES

UPLOAD_URL = "/verifikasi/"
API_VERIFY = "/api/v1/public/verify"
HUNDRED_MB = 100 * 1024 * 1024


@pytest.fixture
def pact(world):
    return signed_pact(world)


def upload(client, data: bytes, name: str = "pakta.pdf"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, data, "application/pdf")})


def api_verify(client, data: bytes):
    return client.post(API_VERIFY, {"file": SimpleUploadedFile("pakta.pdf", data)})


def one_byte_changed(pdf: bytes) -> bytes:
    """"Ahmad" → "Ahmed" inside the signed signature dictionary."""
    position = pdf.index(b"Ahmad Fauzi") + len(b"Ahm")
    return pdf[:position] + b"e" + pdf[position + 1:]


def verdict_of(response) -> str:
    html = response.content.decode()
    return "valid" if 'data-verdict="valid"' in html else (
        "invalid" if 'data-verdict="invalid"' in html else "none")


# --- The upload page ---------------------------------------------------------------------------

def test_upload_page_is_public_and_shows_the_form(client):
    response = client.get(reverse("verification:upload"))
    assert response.status_code == 200
    assert b'type="file" name="file"' in response.content
    assert b"csrfmiddlewaretoken" in response.content


def test_authentic_pdf_is_valid_and_links_to_its_document_page(client, pact):
    response = upload(client, pact.pdf)
    assert response.status_code == 200
    assert verdict_of(response) == "valid"
    assert reverse("verification:document", args=[DOCUMENT_ID]).encode() in response.content
    assert b"authentic, unaltered document" in response.content


def test_one_byte_changed_inside_the_signed_range_is_invalid_as_modified(client, pact):
    response = upload(client, one_byte_changed(pact.pdf))
    assert verdict_of(response) == "invalid"
    assert b"<code>modified</code>" in response.content
    assert b"altered after it was signed" in response.content


def test_bytes_appended_after_signing_make_it_invalid(client, pact):
    response = upload(client, pact.pdf + b"\n% appended\n")
    assert verdict_of(response) == "invalid"
    assert b"<code>changed_after_signing</code>" in response.content


def test_pdf_signed_by_an_inactive_pemdas_key_is_an_untrusted_signer(client, world, pact):
    init_local_ca(world.other_tenant, world.users["outsider"])
    foreign = sign_sample(world.other_tenant)
    world.other_tenant.is_active = False
    world.other_tenant.save(update_fields=["is_active"])
    response = upload(client, foreign)
    assert verdict_of(response) == "invalid"
    assert b"<code>untrusted_signer</code>" in response.content


def test_validly_signed_pdf_with_an_unregistered_document_id_is_unknown(client, world, pact):
    unregistered = sign_sample(world.tenant, document_id="PI-2027-NEVERISSUED")
    response = upload(client, unregistered)
    assert verdict_of(response) == "invalid"
    assert b"<code>unknown_document</code>" in response.content


def test_a_file_that_is_not_a_pdf_is_invalid_as_not_pdf(client, world):
    response = upload(client, b"GIF89a definitely an image", name="foto.pdf")
    assert verdict_of(response) == "invalid"
    assert b"<code>not_pdf</code>" in response.content


def test_upload_without_a_file_says_to_choose_one(client, world):
    response = client.post(UPLOAD_URL, {})
    assert response.status_code == 422
    assert b'data-error-code="file_required"' in response.content


def test_a_100_mb_upload_is_refused_from_its_declared_size_without_reading_it(client, world):
    started = time.monotonic()
    # The body is small; only the declared length is 100 MB, so a view that read the body would
    # see a truncated request — the answer must come from the declared size alone.
    response = client.post(UPLOAD_URL, {"file": SimpleUploadedFile("big.pdf", b"%PDF-1.7")},
                           CONTENT_LENGTH=str(HUNDRED_MB))
    assert response.status_code == 413
    assert b'data-error-code="file_too_large"' in response.content
    assert b"the limit is 20.0" in response.content
    assert time.monotonic() - started < 2


def test_a_file_just_over_20_mb_is_refused_with_a_clear_error(client, world):
    response = upload(client, b"%PDF-1.7\n" + b"0" * MAX_UPLOAD_BYTES)
    assert response.status_code == 413
    assert b'data-error-code="file_too_large"' in response.content


def test_upload_form_is_csrf_protected(world):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(UPLOAD_URL, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.7")})
    assert response.status_code == 403


# --- The document page -------------------------------------------------------------------------

def test_document_page_shows_the_public_facts_with_the_nip_masked(client, world, pact):
    response = client.get(reverse("verification:document", args=[DOCUMENT_ID]))
    assert response.status_code == 200
    html = response.content.decode()
    assert pact.nip not in html
    assert "*" * 14 + pact.nip[-4:] in html
    for fact in ("Siti Aminah, S.Kom.", "Pemerintah Kota Contoh", "Pakta Integritas (version 1)",
                 "Bidang Pelayanan Pendaftaran Penduduk", "12 January 2027", "Electronic",
                 "Kepala Bidang Pelayanan", "not confirmed yet", "Signed, awaiting witness"):
        assert fact in html, fact


def test_document_page_shows_that_the_witness_confirmed(client, world, pact):
    witnessed(world, pact.signature)
    html = client.get(reverse("verification:document", args=[DOCUMENT_ID])).content.decode()
    assert ">confirmed<" in html
    assert "Signed and witnessed" in html


def test_document_page_is_in_indonesian_by_default(world, pact):
    response = Client().get(reverse("verification:document", args=[DOCUMENT_ID]))
    assert b'<html lang="id">' in response.content
    assert b"12 Januari 2027" in response.content


def test_unknown_document_id_is_a_friendly_not_registered_404(client, world):
    response = client.get(reverse("verification:document", args=["PI-2027-NOPE"]))
    assert response.status_code == 404
    assert b"Document not registered" in response.content
    assert b"PI-2027-NOPE" in response.content


def test_document_of_an_inactive_pemda_is_not_registered(client, world, pact):
    world.tenant.is_active = False
    world.tenant.save(update_fields=["is_active"])
    response = client.get(reverse("verification:document", args=[DOCUMENT_ID]))
    assert response.status_code == 404
    assert b"Pemerintah Kota Contoh" not in response.content


# --- The public API ----------------------------------------------------------------------------

def test_api_verify_answers_valid_with_the_document_id_without_a_token(client, pact):
    response = api_verify(client, pact.pdf)
    assert response.status_code == 200
    body = response.json()
    assert (body["valid"], body["reason"], body["document_id"]) == (True, "valid", DOCUMENT_ID)
    assert body["signer"] == "Siti Aminah, S.Kom."
    assert body["signed_at"].startswith("2027-01-12T09:30")


def test_api_verify_answers_200_invalid_for_a_modified_pdf(client, pact):
    response = api_verify(client, one_byte_changed(pact.pdf))
    assert response.status_code == 200
    body = response.json()
    assert (body["valid"], body["reason"], body["signer"]) == (False, "modified", None)


def test_api_verify_answers_not_pdf_for_another_file(client, world):
    body = api_verify(client, b"hello").json()
    assert (body["valid"], body["reason"]) == (False, "not_pdf")


def test_api_verify_refuses_a_100_mb_upload_with_413(client, world):
    response = client.post(API_VERIFY, {"file": SimpleUploadedFile("big.pdf", b"%PDF-1.7")},
                           CONTENT_LENGTH=str(HUNDRED_MB))
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"


def test_api_verify_without_a_file_is_422(client, world):
    response = client.post(API_VERIFY, {})
    assert response.status_code == 422
    assert response.json()["code"] == "file_required"


def test_api_document_gives_the_public_fields_with_the_nip_masked(client, pact):
    response = client.get(f"/api/v1/public/documents/{DOCUMENT_ID}")
    assert response.status_code == 200
    body = response.json()
    assert body["signer_nip_masked"] == "*" * 14 + pact.nip[-4:]
    assert pact.nip not in response.content.decode()
    assert (body["pemda"], body["method"], body["witness_confirmed"]) == (
        "Pemerintah Kota Contoh", "electronic", False)


def test_api_document_unknown_id_is_404(client, world):
    response = client.get("/api/v1/public/documents/PI-2027-NOPE")
    assert response.status_code == 404
    assert response.json()["code"] == "document_not_found"


# --- Performance agreements (Perjanjian Kinerja) -----------------------------------------------

@pytest.fixture
def agreement(world):
    from integritas.pacts.tests.performance_helpers import signed_chain

    return signed_chain(world).head


def test_signed_performance_agreement_page_shows_it_with_the_nip_masked(client, agreement):
    from integritas.people.nip import mask

    assert agreement.document_id.startswith("PK-")
    response = client.get(reverse("verification:document", args=[agreement.document_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Perjanjian Kinerja" in html and str(agreement.year) in html
    assert agreement.first_party_name in html and agreement.second_party_name in html
    assert mask(agreement.first_party_nip) in html
    assert agreement.first_party_nip not in html


def test_signed_performance_agreement_pdf_uploads_as_valid(client, agreement):
    with agreement.pdf.open("rb") as pdf:
        response = upload(client, pdf.read(), "pk.pdf")
    assert verdict_of(response) == "valid"
    assert agreement.first_party_name.encode() in response.content


def test_public_api_gives_a_performance_agreements_facts(client, agreement):
    body = client.get(f"/api/v1/public/documents/{agreement.document_id}").json()
    assert (body["kind"], body["year"], body["signer_name"], body["second_party_name"]) == (
        "performance_agreement", agreement.year, agreement.first_party_name,
        agreement.second_party_name)
    assert body["signer_nip_masked"] != agreement.first_party_nip
