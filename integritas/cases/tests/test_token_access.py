"""Letting one's own API token open cases, from the page: the case key unlocked by the password
login is wrapped under the token's secret; a wrong secret is refused; access can be withdrawn."""

import pytest
from django_scopes import scope

from integritas.accounts.services import create_api_token
from integritas.audit.models import AuditEvent
from integritas.cases.models import HandlerTokenKey
from integritas.cases.tests.ws_helpers import handler_client, new_case

pytestmark = pytest.mark.django_db
PAGE = "/contoh/kasus/akses-token/"


def token_of(world, name="inspektur"):
    user = world.users[name]
    return create_api_token(world.tenant, user, user=user, name="integrasi-sipd")


def test_a_handler_lets_their_token_open_their_cases_through_the_api(world, desk, client):
    case = new_case(world)
    token, secret = token_of(world)
    page = handler_client(client, world, "inspektur")
    assert page.get(f"/api/v1/cases/{case.number}",
                    HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 403
    response = page.post(PAGE, {"token": token.pk, "secret": f"  {secret} "})
    assert response.status_code == 302
    assert "opens your cases" in page.get(PAGE).content.decode()
    detail = client.get(f"/api/v1/cases/{case.number}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert detail.status_code == 200 and "uang pelicin" in detail.json()["answers"]["what"]
    with scope(tenant=world.tenant.pk):
        assert AuditEvent.objects.filter(action="cases.token.enable").count() == 1


def test_a_secret_that_is_not_the_tokens_is_refused_and_nothing_is_stored(world, desk, client):
    token, _secret = token_of(world)
    _other, other_secret = token_of(world)
    page = handler_client(client, world, "inspektur")
    response = page.post(PAGE, {"token": token.pk, "secret": other_secret})
    assert response.status_code == 400
    assert "This is not the secret of that token" in response.content.decode()
    with scope(tenant=world.tenant.pk):
        assert not HandlerTokenKey.objects.exists()


def test_withdrawn_access_closes_the_cases_to_the_token(world, desk, client):
    case = new_case(world)
    token, secret = token_of(world)
    page = handler_client(client, world, "inspektur")
    page.post(PAGE, {"token": token.pk, "secret": secret})
    withdrawn = page.post(f"{PAGE}{token.pk}/cabut/")
    assert withdrawn.status_code == 302
    assert client.get(f"/api/v1/cases/{case.number}",
                      HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 403
    assert "no case access" in page.get(PAGE).content.decode()


def test_with_a_locked_case_key_the_page_asks_to_log_in_again(world, desk, client_for):
    token, secret = token_of(world)
    page = client_for(world.users["inspektur"])  # logged in without the password: key locked
    assert "Your case key is locked" in page.get(PAGE).content.decode()
    assert page.post(PAGE, {"token": token.pk, "secret": secret}).status_code == 403


def test_someone_elses_token_cannot_be_chosen_or_withdrawn(world, desk, client):
    others, secret = token_of(world, "auditor")
    page = handler_client(client, world, "inspektur")
    assert page.post(PAGE, {"token": others.pk, "secret": secret}).status_code == 400
    assert page.post(f"{PAGE}{others.pk}/cabut/").status_code == 404
    assert page.get(f"{PAGE}{others.pk}/cabut/").status_code == 405
