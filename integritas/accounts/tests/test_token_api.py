"""Creating one's own API token over the API: the secret is shown once and then works."""

import pytest
from django_scopes import scopes_disabled

from integritas.accounts.models import ApiToken
from integritas.accounts.tests.test_api import bearer
from integritas.audit.models import AuditEvent

URL = "/api/v1/accounts/tokens"


def secret_of(world, persona) -> str:
    """A token written directly: some personas may not issue one, yet may hold one."""
    tenant = world.other_tenant if persona == "outsider" else world.tenant
    secret = ApiToken.new_secret(tenant.slug)
    with scopes_disabled():
        ApiToken.objects.create(tenant=tenant, user=world.users[persona], name="set-up",
                                key_hash=ApiToken.digest(secret), hint=secret[-4:])
    return secret


@pytest.mark.parametrize("persona", ["admin", "inspektur", "auditor"])
def test_token_holder_creates_a_token_whose_secret_works(world, client, persona):
    response = client.post(URL, {"name": "SIMPEG sync"}, content_type="application/json",
                           headers=bearer(secret_of(world, persona)))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["hint"], body["revoked_at"]) == (
        "SIMPEG sync", body["secret"][-4:], None)
    me = client.get("/api/v1/accounts/me", headers=bearer(body["secret"])).json()
    assert me["user"]["email"] == world.users[persona].email


def test_token_secret_is_shown_only_when_created(world, client, unscoped):
    auth = bearer(secret_of(world, "admin"))
    secret = client.post(URL, {"name": "Sekali"}, content_type="application/json",
                         headers=auth).json()["secret"]
    listed = client.get(URL, headers=auth)
    assert all("secret" not in token for token in listed.json())
    assert secret not in listed.content.decode()
    assert ApiToken.objects.get(name="Sekali").key_hash == ApiToken.digest(secret)


def test_token_creation_is_audited_without_the_secret(world, client, unscoped):
    secret = client.post(URL, {"name": "Audit me"}, content_type="application/json",
                         headers=bearer(secret_of(world, "auditor"))).json()["secret"]
    event = AuditEvent.objects.get(action="accounts.apitoken.create")
    assert event.changes == {"name": "Audit me", "user": "auditor@contoh.go.id"}
    assert secret not in str(event.changes)


@pytest.mark.parametrize("persona", ["employee", "opd_head", "upg"])
def test_roles_without_api_tokens_cannot_create_one(world, client, persona, unscoped):
    response = client.post(URL, {"name": "x"}, content_type="application/json",
                           headers=bearer(secret_of(world, persona)))
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert not ApiToken.objects.filter(name="x").exists()


@pytest.mark.parametrize(("name", "code"), [("  ", "name_required"), ("x" * 300,
                                                                         "name_too_long")])
def test_bad_token_name_is_a_coded_400(world, client, name, code, unscoped):
    response = client.post(URL, {"name": name}, content_type="application/json",
                           headers=bearer(secret_of(world, "admin")))
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400, code, "name")
    assert ApiToken.objects.count() == 1  # only the set-up token


def test_token_without_a_name_is_422(world, client):
    response = client.post(URL, {}, content_type="application/json",
                           headers=bearer(secret_of(world, "admin")))
    assert (response.status_code, response.json()["code"]) == (422, "invalid_input")


def test_outsiders_new_token_belongs_to_their_own_pemda(world, client, unscoped):
    secret = client.post(URL, {"name": "Lain"}, content_type="application/json",
                         headers=bearer(secret_of(world, "outsider"))).json()["secret"]
    assert secret.startswith("itg_lain.")
    assert ApiToken.objects.get(name="Lain").tenant == world.other_tenant


def test_created_token_is_listed_and_revocable(world, client):
    auth = bearer(secret_of(world, "admin"))
    token_id = client.post(URL, {"name": "Kedua"}, content_type="application/json",
                           headers=auth).json()["id"]
    assert "Kedua" in [t["name"] for t in client.get(URL, headers=auth).json()]
    assert client.post(f"{URL}/{token_id}/revoke", headers=auth).status_code == 204
