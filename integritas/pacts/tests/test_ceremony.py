"""Ceremony mode: an official runs a tablet session; signers sign one after another with their
own credentials while the official stays logged in."""

import pytest
from django.urls import reverse
from django_scopes import scope

from integritas.audit.models import AuditEvent
from integritas.core.testing.factories import totp_now
from integritas.core.testing.personas import TEST_TOTP_SECRET
from integritas.pacts import services
from integritas.pacts.models import PactSignature, PactTarget
from integritas.pacts.tests.signing_helpers import PASSWORD, ceremony, refreshed


@pytest.fixture
def pact(world):
    return ceremony(world)


def url(name, campaign):
    return reverse(f"pacts:{name}", args=["contoh", campaign.pk])


@pytest.fixture
def tablet(world, pact, client_for):
    """The inspektur's browser with the ceremony started."""
    client = client_for(world.users["inspektur"])
    client.post(url("ceremony", pact.campaign))
    return client


def sign(client, pact, email, password=PASSWORD, **extra):
    return client.post(url("ceremony_sign", pact.campaign),
                       {"email": email, "password": password, **extra})


@pytest.mark.parametrize("persona", ["admin", "inspektur", "auditor"])
def test_a_pacts_manager_sees_the_start_page_then_the_tablet(world, pact, client_for, persona):
    client = client_for(world.users[persona])
    start = client.get(url("ceremony", pact.campaign))
    assert start.status_code == 200 and b"data-ceremony-start" in start.content
    assert client.post(url("ceremony", pact.campaign)).status_code == 302
    page = client.get(url("ceremony", pact.campaign)).content.decode()
    assert url("ceremony_sign", pact.campaign) in page and 'name="email"' in page
    assert url("ceremony_counter", pact.campaign) in page and 'hx-trigger="every 2s"' in page


@pytest.mark.parametrize("persona", ["employee", "opd_head", "upg"])
def test_people_without_pacts_manage_cannot_run_a_ceremony(world, pact, client_for, persona):
    client = client_for(world.users[persona])
    assert client.get(url("ceremony", pact.campaign)).status_code == 403
    assert sign(client, pact, "employee@contoh.go.id").status_code == 403


def test_an_outsider_gets_not_found(world, pact, client_for):
    assert client_for(world.users["outsider"]).get(
        url("ceremony", pact.campaign)).status_code == 404


def test_the_campaign_detail_links_ceremony_mode_while_open(world, pact, client_for):
    page = client_for(world.users["inspektur"]).get(
        reverse("pacts:campaign_detail", args=["contoh", pact.campaign.pk])).content.decode()
    assert url("ceremony", pact.campaign) in page


def test_a_closed_campaign_cannot_start_a_ceremony(world, pact, client_for):
    services.close_campaign(world.tenant, world.users["inspektur"], pact.campaign)
    client = client_for(world.users["inspektur"])
    client.post(url("ceremony", pact.campaign))
    page = client.get(url("ceremony", pact.campaign)).content.decode()
    assert "data-ceremony-start" not in page and 'name="email"' not in page


def test_signing_before_the_ceremony_starts_goes_back_to_the_start_page(world, pact,
                                                                        client_for):
    client = client_for(world.users["inspektur"])
    response = sign(client, pact, "employee@contoh.go.id")
    assert response.status_code == 302 and response.url == url("ceremony", pact.campaign)
    assert refreshed(world, pact.siti).status == PactTarget.Status.PENDING


def test_a_signer_signs_as_themselves_not_as_the_official(world, pact, tablet):
    response = sign(tablet, pact, "employee@contoh.go.id")
    assert response.status_code == 302 and response.url == url("ceremony", pact.campaign)
    with scope(tenant=world.tenant.pk):
        signature = PactSignature.objects.get(target=pact.siti)
        event = AuditEvent.objects.get(action="pacts.signature.sign")
    assert signature.signer_name == "Siti Aminah, S.Kom." and signature.pdf
    assert event.actor_id == world.users["employee"].pk
    assert refreshed(world, pact.siti).status == PactTarget.Status.SIGNED
    page = tablet.get(url("ceremony", pact.campaign)).content.decode()
    assert "Signed: Siti Aminah, S.Kom." in page
    # The official is still logged in as themselves, and the signer was never logged in.
    assert int(tablet.session["_auth_user_id"]) == world.users["inspektur"].pk


def test_each_signer_gets_their_own_signature_row(world, pact, tablet):
    sign(tablet, pact, "employee@contoh.go.id")
    sign(tablet, pact, "opd_head@contoh.go.id", totp_code=totp_now(TEST_TOTP_SECRET))
    with scope(tenant=world.tenant.pk):
        rows = {s.target_id: s.signer_name for s in PactSignature.objects.all()}
    assert rows == {pact.siti.pk: "Siti Aminah, S.Kom.", pact.kabid.pk: "Kabid"}


def test_the_counter_counts_signed_of_total(world, pact, tablet):
    before = tablet.get(url("ceremony_counter", pact.campaign))
    assert before.status_code == 200
    assert b'data-signed>0<' in before.content and b"/ 5" in before.content
    sign(tablet, pact, "employee@contoh.go.id")
    assert b'data-signed>1<' in tablet.get(url("ceremony_counter", pact.campaign)).content


def test_a_wrong_password_is_refused_and_nothing_is_signed(world, pact, tablet):
    response = sign(tablet, pact, "employee@contoh.go.id", password="wrong")
    assert response.status_code == 400
    assert "The email or the password is not correct." in response.content.decode()
    assert refreshed(world, pact.siti).status == PactTarget.Status.PENDING


def test_an_enrolled_signer_without_a_totp_code_is_asked_for_it(world, pact, tablet):
    response = sign(tablet, pact, "opd_head@contoh.go.id")
    assert response.status_code == 400
    assert "Enter the code from your authenticator app." in response.content.decode()


def test_someone_not_targeted_is_refused(world, pact, tablet):
    response = sign(tablet, pact, "upg@contoh.go.id")
    assert response.status_code == 400
    assert "is not among the signers of this campaign." in response.content.decode()


def test_signing_twice_is_refused(world, pact, tablet):
    sign(tablet, pact, "employee@contoh.go.id")
    response = sign(tablet, pact, "employee@contoh.go.id")
    assert response.status_code == 400
    assert "You have already signed this pact." in response.content.decode()
    with scope(tenant=world.tenant.pk):
        assert PactSignature.objects.filter(target=pact.siti).count() == 1


def test_repeated_wrong_passwords_lock_the_signer_out(world, pact, tablet, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign(tablet, pact, "employee@contoh.go.id", password="wrong")
    response = sign(tablet, pact, "employee@contoh.go.id")
    assert response.status_code == 400
    assert "Too many wrong passwords for this email" in response.content.decode()
    assert refreshed(world, pact.siti).status == PactTarget.Status.PENDING


def test_ending_the_ceremony_returns_to_the_start_page(world, pact, tablet):
    response = tablet.post(url("ceremony_end", pact.campaign))
    assert response.status_code == 302
    assert b"data-ceremony-start" in tablet.get(url("ceremony", pact.campaign)).content
