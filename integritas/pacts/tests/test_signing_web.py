"""Signing pages and API: my pacts, sign, witness, download, paper upload, access per persona."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from integritas.accounts.models import ApiToken
from integritas.core.testing.factories import totp_now
from integritas.core.testing.personas import TEST_TOTP_SECRET
from integritas.pacts.models import PactSignature, PactTarget
from integritas.pacts.signing import sign_pact
from integritas.pacts.tests.signing_helpers import PASSWORD, SIGN_DAY, ceremony, refreshed

API = "/api/v1/pacts"


@pytest.fixture
def pact(world):
    return ceremony(world)


@pytest.fixture
def signed(world, pact):
    return sign_pact(world.tenant, world.users["employee"], pact.siti, password=PASSWORD,
                     today=SIGN_DAY)


def url(name, *args):
    return reverse(f"pacts:{name}", args=["contoh", *args])


def bearer(world, persona):
    secret = ApiToken.new_secret(world.tenant.slug)
    with scopes_disabled():
        ApiToken.objects.create(tenant=world.tenant, user=world.users[persona], name="test",
                                key_hash=ApiToken.digest(secret), hint=secret[-4:])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_my_pacts_lists_a_pending_pact_with_its_deadline(world, pact, client_for):
    response = client_for(world.users["employee"]).get(url("my_pacts"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pakta Integritas 2027" in page and url("sign", pact.siti.pk) in page


def test_the_sign_page_shows_the_text_with_the_signers_own_data(world, pact, client_for):
    response = client_for(world.users["employee"]).get(url("sign", pact.siti.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>Siti Aminah, S.Kom.</strong>" in page
    assert 'name="password"' in page and 'name="totp_code"' not in page


def test_the_sign_page_asks_an_enrolled_signer_for_a_totp_code(world, pact, client_for):
    response = client_for(world.users["opd_head"]).get(url("sign", pact.kabid.pk))
    assert 'name="totp_code"' in response.content.decode()


def test_signing_on_the_page_redirects_with_the_pdf_ready(world, pact, client_for):
    client = client_for(world.users["employee"])
    response = client.post(url("sign", pact.siti.pk), {"password": PASSWORD})
    assert response.status_code == 302 and response.url == url("my_pacts")
    with scope(tenant=world.tenant.pk):
        signature = PactSignature.objects.get(target=pact.siti)
    page = client.get(url("my_pacts")).content.decode()
    assert signature.document_id in page and url("signature_pdf", signature.pk) in page
    download = client.get(url("signature_pdf", signature.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_wrong_password_is_shown_beside_the_field(world, pact, client_for):
    response = client_for(world.users["employee"]).post(url("sign", pact.siti.pk),
                                                        {"password": "wrong"})
    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()
    assert refreshed(world, pact.siti).status == PactTarget.Status.PENDING


def test_someone_elses_pact_is_not_found(world, pact, client_for):
    for persona in ("opd_head", "admin", "outsider"):
        client = client_for(world.users[persona])
        assert client.get(url("sign", pact.siti.pk)).status_code == 404
        assert client.post(url("sign", pact.siti.pk), {"password": PASSWORD}).status_code == 404


@pytest.mark.parametrize(("persona", "status"), [
    ("employee", 200), ("opd_head", 200), ("inspektur", 200), ("upg", 404), ("outsider", 404),
])
def test_the_pdf_is_for_the_signer_the_witness_and_pact_managers(world, signed, client_for,
                                                                 persona, status):
    response = client_for(world.users[persona]).get(url("signature_pdf", signed.pk))
    assert response.status_code == status


def test_the_witness_confirms_from_their_page(world, pact, signed, client_for):
    client = client_for(world.users["opd_head"])
    page = client.get(url("my_pacts")).content.decode()
    assert url("witness", signed.pk) in page
    response = client.post(url("witness", signed.pk))
    assert response.status_code == 302
    assert refreshed(world, pact.siti).status == PactTarget.Status.WITNESSED
    assert url("witness", signed.pk) not in client.get(url("my_pacts")).content.decode()


def test_the_signer_cannot_confirm_as_witness(world, pact, signed, client_for):
    client_for(world.users["employee"]).post(url("witness", signed.pk))
    assert refreshed(world, pact.siti).status == PactTarget.Status.SIGNED


def test_an_officer_records_a_paper_pact_and_errors_show_beside_the_field(world, pact,
                                                                          client_for):
    client = client_for(world.users["inspektur"])
    assert client.get(url("paper_upload", pact.budi.pk)).status_code == 200
    bad = SimpleUploadedFile("pakta.pdf", b"not a pdf")
    response = client.post(url("paper_upload", pact.budi.pk),
                           {"scan": bad, "signed_on": "2026-01-05"})
    assert response.status_code == 400
    assert "Upload the scan as a PDF, JPEG or PNG file." in response.content.decode()
    scan = SimpleUploadedFile("pakta.pdf", b"%PDF-1.4 scan")
    response = client.post(url("paper_upload", pact.budi.pk),
                           {"scan": scan, "signed_on": "2026-01-05"})
    assert response.status_code == 302
    assert refreshed(world, pact.budi).status == PactTarget.Status.PAPER


def test_only_pact_managers_open_the_paper_upload(world, pact, client_for):
    assert client_for(world.users["employee"]).get(
        url("paper_upload", pact.budi.pk)).status_code == 403
    assert client_for(world.users["outsider"]).get(
        url("paper_upload", pact.budi.pk)).status_code == 404


def test_the_api_lists_and_signs_the_callers_pacts(world, pact, client):
    headers = bearer(world, "opd_head")
    listed = client.get(f"{API}/my-targets", **headers).json()
    assert [row["id"] for row in listed] == [pact.kabid.pk]
    response = client.post(f"{API}/targets/{pact.kabid.pk}/sign",
                           {"password": PASSWORD, "totp_code": "12"},
                           content_type="application/json", **headers)
    assert (response.status_code, response.json()["code"]) == (400, "pact_totp_wrong")
    response = client.post(f"{API}/targets/{pact.kabid.pk}/sign",
                           {"password": PASSWORD, "totp_code": totp_now(TEST_TOTP_SECRET)},
                           content_type="application/json", **headers)
    assert response.status_code == 201
    body = response.json()
    assert body["verify_url"].endswith(f"/verifikasi/{body['document_id']}")
    pdf = client.get(f"{API}/signatures/{body['id']}/pdf", **headers)
    assert pdf.status_code == 200
    again = client.post(f"{API}/targets/{pact.kabid.pk}/sign", {"password": PASSWORD},
                        content_type="application/json", **headers)
    assert again.status_code == 400


def test_the_api_hides_other_peoples_targets_and_signatures(world, pact, signed, client):
    headers = bearer(world, "upg")
    response = client.post(f"{API}/targets/{pact.siti.pk}/sign", {"password": PASSWORD},
                           content_type="application/json", **headers)
    assert response.status_code == 404
    assert client.get(f"{API}/signatures/{signed.pk}", **headers).status_code == 404


def test_the_api_witnesses_and_records_paper(world, pact, signed, client):
    witnessed = client.post(f"{API}/signatures/{signed.pk}/witness",
                            **bearer(world, "opd_head"))
    assert witnessed.status_code == 200 and witnessed.json()["witnessed_at"]
    headers = bearer(world, "auditor")
    scan = SimpleUploadedFile("pakta.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    response = client.post(f"{API}/targets/{pact.budi.pk}/paper",
                           {"scan": scan, "signed_on": "2026-01-05"}, **headers)
    assert response.status_code == 201 and response.json()["method"] == "paper"
    refused = client.post(f"{API}/targets/{pact.budi.pk}/paper",
                          {"scan": scan, "signed_on": "2026-01-05"}, **bearer(world, "employee"))
    assert refused.status_code == 403
