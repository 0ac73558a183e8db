import pytest
from django.core import mail
from django_scopes import scopes_disabled

from integritas.accounts import services
from integritas.accounts.models import ApiToken, Membership, User
from integritas.accounts.roles import Role
from integritas.audit.models import AuditEvent
from integritas.core.errors import DomainError, NotFound, PermissionDenied


def actions(tenant):
    with scopes_disabled():
        return list(AuditEvent.objects.filter(tenant=tenant).order_by("seq")
                    .values_list("action", flat=True))


def test_create_user_normalises_the_email_and_records_it(world, unscoped):
    user = services.create_user(world.tenant, world.users["admin"], email=" Budi@Contoh.GO.id ",
                                full_name="Budi", password="a-long-good-passphrase")
    assert user.email == "budi@contoh.go.id"
    assert user.check_password("a-long-good-passphrase")
    assert "accounts.user.create" in actions(world.tenant)


def test_create_user_refuses_an_email_already_taken_whatever_its_case(world):
    with pytest.raises(DomainError) as error:
        services.create_user(world.tenant, world.users["admin"], email="AUDITOR@contoh.go.id",
                             full_name="Twin")
    assert (error.value.code, error.value.field) == ("email_taken", "email")


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"email": "not-an-email", "full_name": "X"}, "invalid_email"),
    ({"email": "x@contoh.go.id", "full_name": "  "}, "full_name_required"),
    ({"email": "x@contoh.go.id", "full_name": "X", "password": "short"}, "weak_password"),
])
def test_create_user_rejects_bad_input_with_a_code(world, kwargs, code):
    with pytest.raises(DomainError) as error:
        services.create_user(world.tenant, world.users["admin"], **kwargs)
    assert error.value.code == code
    assert not User.objects.filter(email="x@contoh.go.id").exists()


def test_user_without_password_gets_a_set_password_email_after_commit(
        world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.create_user(world.tenant, world.users["admin"],
                                    email="baru@contoh.go.id", full_name="Pegawai Baru")
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["baru@contoh.go.id"]]
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/akun/password/reset/" in line)
    path = link.strip().split("127.0.0.1:8000", 1)[-1]
    set_password_page = client.get(path, follow=True)
    assert set_password_page.status_code == 200
    response = client.post(set_password_page.redirect_chain[-1][0], {
        "password1": "a-long-good-passphrase", "password2": "a-long-good-passphrase"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-good-passphrase")


def test_assign_role_requires_a_unit_for_unit_scoped_roles(world):
    with pytest.raises(DomainError) as error:
        services.assign_role(world.tenant, world.users["admin"], user=world.users["employee"],
                             role=Role.OPD_HEAD)
    assert (error.value.code, error.value.field) == ("unit_required", "unit")


def test_assign_role_refuses_a_unit_of_another_pemda(world):
    with pytest.raises(DomainError) as error:
        services.assign_role(world.tenant, world.users["admin"], user=world.users["employee"],
                             role=Role.OPD_HEAD, unit=world.units["lain_inspektorat"])
    assert error.value.code == "unit_not_in_tenant"


def test_assign_role_refuses_an_unknown_role(world):
    with pytest.raises(DomainError) as error:
        services.assign_role(world.tenant, world.users["admin"], user=world.users["employee"],
                             role="superuser")
    assert error.value.code == "invalid_role"


def test_assign_role_twice_is_a_coded_error(world):
    with pytest.raises(DomainError) as error:
        services.assign_role(world.tenant, world.users["admin"], user=world.users["auditor"],
                             role=Role.AUDITOR)
    assert error.value.code == "role_already_assigned"


def test_revoked_role_can_be_given_back(world, unscoped):
    membership = Membership.objects.get(user=world.users["auditor"])
    services.revoke_role(world.tenant, world.users["admin"], membership)
    again = services.assign_role(world.tenant, world.users["admin"], user=world.users["auditor"],
                                 role=Role.AUDITOR)
    assert again.pk == membership.pk and again.is_active
    assert actions(world.tenant)[-2:] == ["accounts.membership.revoke",
                                          "accounts.membership.assign"]


def test_revoke_role_of_another_pemda_is_not_found(world, unscoped):
    membership = Membership.objects.get(user=world.users["outsider"])
    with pytest.raises(NotFound):
        services.revoke_role(world.tenant, world.users["admin"], membership)


def test_last_administrator_cannot_be_removed(world, unscoped):
    membership = Membership.objects.get(user=world.users["admin"])
    with pytest.raises(DomainError) as error:
        services.revoke_role(world.tenant, world.users["admin"], membership)
    assert error.value.code == "last_admin"


def test_invite_member_failing_on_the_role_leaves_no_user_behind(world):
    with pytest.raises(DomainError):
        services.invite_member(world.tenant, world.users["admin"], email="baru@contoh.go.id",
                               full_name="Baru", role=Role.OPD_HEAD)
    assert not User.objects.filter(email="baru@contoh.go.id").exists()


def test_api_token_stores_only_the_digest_of_its_secret(world, unscoped):
    token, secret = services.create_api_token(world.tenant, world.users["auditor"],
                                              user=world.users["auditor"], name="SIMPEG")
    assert secret.startswith("itg_contoh.")
    assert token.key_hash == ApiToken.digest(secret)
    assert token.hint == secret[-4:]
    assert secret not in str(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_api_token_needs_a_name(world):
    with pytest.raises(DomainError) as error:
        services.create_api_token(world.tenant, world.users["auditor"],
                                  user=world.users["auditor"], name=" ")
    assert (error.value.code, error.value.field) == ("name_required", "name")


def test_api_token_is_refused_to_a_role_without_api_access(world):
    with pytest.raises(PermissionDenied) as error:
        services.create_api_token(world.tenant, world.users["admin"],
                                  user=world.users["employee"], name="x")
    assert error.value.code == "token_not_allowed"


def test_revoking_a_token_twice_is_a_coded_error(world):
    token, _secret = services.create_api_token(world.tenant, world.users["auditor"],
                                               user=world.users["auditor"], name="x")
    services.revoke_api_token(world.tenant, world.users["auditor"], token)
    with pytest.raises(DomainError) as error:
        services.revoke_api_token(world.tenant, world.users["auditor"], token)
    assert error.value.code == "token_already_revoked"
