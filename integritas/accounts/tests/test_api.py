import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from integritas.accounts import services
from integritas.accounts.models import ApiToken, Membership


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def admin_secret(world):
    return services.create_api_token(world.tenant, world.users["admin"],
                                     user=world.users["admin"], name="test")[1]


def test_valid_token_identifies_user_tenant_and_roles(world, client, admin_secret):
    response = client.get("/api/v1/accounts/me", headers=bearer(admin_secret))
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["email"] == "admin@contoh.go.id"
    assert body["tenant"]["slug"] == "contoh"
    assert [r["role"] for r in body["roles"]] == ["tenant_admin"]


def test_using_a_token_notes_when_it_was_last_used(world, client, admin_secret, unscoped):
    client.get("/api/v1/accounts/me", headers=bearer(admin_secret))
    assert ApiToken.objects.get().last_used_at is not None


def test_revoked_token_is_refused(world, client, admin_secret, unscoped):
    services.revoke_api_token(world.tenant, world.users["admin"], ApiToken.objects.get())
    response = client.get("/api/v1/accounts/me", headers=bearer(admin_secret))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_token_with_another_tenant_prefix_is_refused(world, client, admin_secret):
    forged = admin_secret.replace("itg_contoh.", "itg_lain.", 1)
    assert client.get("/api/v1/accounts/me", headers=bearer(forged)).status_code == 401


@pytest.mark.parametrize("secret", ["garbage", "itg_", "itg_contoh.", "itg_.x", "itg_nope.x"])
def test_garbage_token_is_refused(world, client, secret):
    assert client.get("/api/v1/accounts/me", headers=bearer(secret)).status_code == 401


def test_token_of_a_user_whose_roles_were_revoked_is_refused(world, client, unscoped):
    _token, secret = services.create_api_token(world.tenant, world.users["admin"],
                                               user=world.users["auditor"], name="x")
    services.revoke_role(world.tenant, world.users["admin"],
                         Membership.objects.get(user=world.users["auditor"]))
    assert client.get("/api/v1/accounts/me", headers=bearer(secret)).status_code == 401


def test_admin_lists_the_pemda_users_with_their_roles(world, client, admin_secret):
    response = client.get("/api/v1/accounts/memberships", headers=bearer(admin_secret))
    emails = {member["user"]["email"] for member in response.json()}
    assert "opd_head@contoh.go.id" in emails
    assert "auditor@lain.go.id" not in emails


def test_auditor_token_may_not_list_users(world, client):
    _token, secret = services.create_api_token(world.tenant, world.users["auditor"],
                                               user=world.users["auditor"], name="x")
    response = client.get("/api/v1/accounts/memberships", headers=bearer(secret))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_admin_invites_a_user_through_the_api(world, client, admin_secret):
    response = client.post("/api/v1/accounts/memberships", {
        "email": "Kadis@Contoh.go.id", "full_name": "Kepala Dinas", "role": "opd_head",
        "unit_id": world.units["dukcapil"].pk,
    }, content_type="application/json", headers=bearer(admin_secret))
    assert response.status_code == 201
    assert response.json()["user"]["email"] == "kadis@contoh.go.id"


def test_api_invite_with_a_unit_of_another_pemda_is_a_coded_400(world, client, admin_secret):
    response = client.post("/api/v1/accounts/memberships", {
        "email": "kadis@contoh.go.id", "full_name": "Kepala Dinas", "role": "opd_head",
        "unit_id": world.units["lain_inspektorat"].pk,
    }, content_type="application/json", headers=bearer(admin_secret))
    assert response.status_code == 400
    assert response.json()["code"] == "unit_not_in_tenant"


def test_admin_revokes_a_role_through_the_api(world, client, admin_secret, unscoped):
    membership = Membership.objects.get(user=world.users["upg"])
    url = f"/api/v1/accounts/memberships/{membership.pk}/revoke"
    assert client.post(url, headers=bearer(admin_secret)).status_code == 204
    again = client.post(url, headers=bearer(admin_secret))
    assert again.status_code == 400
    assert again.json()["code"] == "role_already_revoked"


def test_revoking_a_role_of_another_pemda_is_not_found(world, client, admin_secret, unscoped):
    membership = Membership.objects.get(user=world.users["outsider"])
    url = f"/api/v1/accounts/memberships/{membership.pk}/revoke"
    assert client.post(url, headers=bearer(admin_secret)).status_code == 404


def test_token_holder_lists_and_revokes_only_their_own_tokens(world, client, admin_secret,
                                                              unscoped):
    other, _secret = services.create_api_token(world.tenant, world.users["auditor"],
                                               user=world.users["auditor"], name="theirs")
    listed = client.get("/api/v1/accounts/tokens", headers=bearer(admin_secret)).json()
    assert [t["name"] for t in listed] == ["test"]
    foreign = client.post(f"/api/v1/accounts/tokens/{other.pk}/revoke",
                          headers=bearer(admin_secret))
    assert foreign.status_code == 404
    own = ApiToken.objects.get(name="test")
    assert client.post(f"/api/v1/accounts/tokens/{own.pk}/revoke",
                       headers=bearer(admin_secret)).status_code == 204
    assert client.get("/api/v1/accounts/me", headers=bearer(admin_secret)).status_code == 401


def test_last_used_is_written_at_most_every_few_minutes(world, client, admin_secret):
    with scopes_disabled():
        token = ApiToken.objects.get()
        recently = timezone.now() - dt.timedelta(minutes=1)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=recently)
        client.get("/api/v1/accounts/me", headers=bearer(admin_secret))
        assert ApiToken.objects.get().last_used_at == recently
