import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from integritas.accounts import services
from integritas.accounts.models import ApiToken, Membership, User
from integritas.accounts.roles import Role
from integritas.core.testing.factories import grant_role

LIST = reverse("accounts:membership_list", kwargs={"tenant_slug": "contoh"})
CREATE = reverse("accounts:membership_create", kwargs={"tenant_slug": "contoh"})
TOKENS = reverse("accounts:token_list", kwargs={"tenant_slug": "contoh"})


def test_member_list_shows_users_of_this_pemda_with_their_roles(world, client_for):
    html = client_for(world.users["admin"]).get(LIST).content.decode()
    assert "opd_head@contoh.go.id" in html
    assert "Disdukcapil" in html or "Dinas Kependudukan" in html
    assert "auditor@lain.go.id" not in html


def test_member_list_filters_by_role_and_searches(world, client_for):
    client = client_for(world.users["admin"])
    by_role = client.get(LIST, {"role": "upg"}).context["object_list"]
    assert [u.email for u in by_role] == ["upg@contoh.go.id"]
    by_text = client.get(LIST, {"q": "INSPEKTUR@"}).context["object_list"]
    assert [u.email for u in by_text] == ["inspektur@contoh.go.id"]


def test_member_list_exports_to_excel(world, client_for):
    response = client_for(world.users["admin"]).get(LIST, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 1 + 10
    assert any("Head of OPD" in str(row[2]) or "Kepala" in str(row[2]) for row in rows[1:])


def test_admin_invites_a_new_user_with_a_unit_scoped_role(world, client_for, unscoped):
    response = client_for(world.users["admin"]).post(CREATE, {
        "email": "kadis@contoh.go.id", "full_name": "Kepala Dinas", "role": "opd_head",
        "unit": world.units["pendidikan"].pk})
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="kadis@contoh.go.id")
    assert membership.unit == world.units["pendidikan"]


def test_invite_shows_the_coded_error_beside_the_field(world, client_for):
    response = client_for(world.users["admin"]).post(CREATE, {
        "email": "kadis@contoh.go.id", "full_name": "Kepala Dinas", "role": "opd_head"})
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not User.objects.filter(email="kadis@contoh.go.id").exists()


def test_admin_adds_a_role_to_an_existing_user(world, client_for, unscoped):
    client_for(world.users["admin"]).post(CREATE, {
        "email": "auditor@contoh.go.id", "role": "upg"})
    roles = set(Membership.objects.filter(user=world.users["auditor"]).values_list("role",
                                                                                    flat=True))
    assert roles == {"auditor", "upg"}


def test_admin_revokes_a_role_with_a_post(world, client_for, unscoped):
    membership = Membership.objects.get(user=world.users["upg"])
    url = reverse("accounts:membership_revoke", kwargs={"tenant_slug": "contoh",
                                                        "pk": membership.pk})
    client = client_for(world.users["admin"])
    assert client.get(url).status_code == 302
    membership.refresh_from_db()
    assert membership.is_active
    client.post(url)
    membership.refresh_from_db()
    assert not membership.is_active


def test_revoke_form_asks_for_confirmation(world, client_for):
    html = client_for(world.users["admin"]).get(LIST).content.decode()
    assert "data-confirm=" in html


def test_new_token_secret_is_shown_once_with_a_copy_button(world, client_for, unscoped):
    client = client_for(world.users["auditor"])
    response = client.post(TOKENS, {"name": "SIMPEG"})
    secret = response.context["secret"]
    html = response.content.decode()
    assert secret in html and 'data-copy="#new-token"' in html
    assert ApiToken.objects.get().key_hash == ApiToken.digest(secret)
    assert secret not in client.get(TOKENS).content.decode()


def test_token_page_lists_only_own_tokens(world, client_for):
    services.create_api_token(world.tenant, world.users["inspektur"],
                              user=world.users["inspektur"], name="milik-inspektur")
    html = client_for(world.users["auditor"]).get(TOKENS).content.decode()
    assert "milik-inspektur" not in html


def test_token_without_a_name_shows_the_error_beside_the_field(world, client_for):
    response = client_for(world.users["auditor"]).post(TOKENS, {"name": ""})
    assert response.context["form"].errors["name"]


# --- create_token command -----------------------------------------------------------------

def test_create_token_prints_the_token_on_the_last_line(world, unscoped):
    out = io.StringIO()
    call_command("create_token", "auditor@contoh.go.id", "--name", "cron", stdout=out,
                 stderr=io.StringIO())
    secret = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.get(key_hash=ApiToken.digest(secret)).name == "cron"


def test_create_token_needs_the_tenant_when_the_user_has_several(world, unscoped):
    grant_role(world.users["auditor"], world.other_tenant, Role.AUDITOR)
    with pytest.raises(CommandError, match="--tenant"):
        call_command("create_token", "auditor@contoh.go.id", stdout=io.StringIO())
    out = io.StringIO()
    call_command("create_token", "auditor@contoh.go.id", "--tenant", "lain", stdout=out,
                 stderr=io.StringIO())
    assert out.getvalue().strip().startswith("itg_lain.")


@pytest.mark.parametrize(("args", "message"), [
    (["nobody@contoh.go.id"], "no user"),
    (["auditor@contoh.go.id", "--tenant", "lain"], "no role"),
    (["employee@contoh.go.id"], "token_not_allowed"),
])
def test_create_token_explains_what_is_wrong(world, args, message):
    with scopes_disabled(), pytest.raises(CommandError, match=message):
        call_command("create_token", *args, stdout=io.StringIO())
