"""Logging in: password, then TOTP; recovery codes; lockout; enrolment and keeping TOTP on."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from django.urls import reverse

from integritas.accounts.roles import Role
from integritas.core.testing.factories import DEMO_PASSWORD, UserFactory, grant_role, totp_now
from integritas.core.testing.personas import TEST_TOTP_SECRET

LOGIN = "/akun/login/"


def log_in_with_password(client, email, password=DEMO_PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def reauthenticate(client):
    """allauth asks for the password again before any change to two-factor settings."""
    response = client.post(reverse("account_reauthenticate"), {"password": DEMO_PASSWORD})
    assert response.status_code == 302


def log_in_fully(client, user):
    response = log_in_with_password(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    return client.post(reverse("mfa_authenticate"), {"code": totp_now(TEST_TOTP_SECRET)})


def test_login_page_uses_our_layout_without_inline_script(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="card public-card"' in html
    assert 'class="btn"' in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
    assert "style=" not in html


def test_staff_logs_in_with_password_then_totp_code(world, client):
    response = log_in_fully(client, world.users["auditor"])
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == "/contoh/"
    assert response.status_code == 200


def test_wrong_totp_code_keeps_the_user_logged_out(world, client):
    log_in_with_password(client, world.users["auditor"].email)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert client.get("/contoh/").status_code == 302


def test_recovery_code_logs_in_once(world, client, unscoped):
    user = world.users["inspektur"]
    codes = RecoveryCodes.activate(user).generate_codes()
    log_in_with_password(client, user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    client.post(reverse("account_logout"))
    log_in_with_password(client, user.email)
    reused = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert reused.status_code == 200


def test_employee_without_totp_logs_in_with_password_only(world, client):
    response = log_in_with_password(client, world.users["employee"].email)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(world, client):
    email = world.users["auditor"].email
    for _attempt in range(5):
        log_in_with_password(client, email, "wrong-password-123")
    response = log_in_with_password(client, email)
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert client.get("/contoh/").status_code == 302


def test_lockout_counts_the_email_whatever_its_case(world, client):
    for _attempt in range(5):
        log_in_with_password(client, "AUDITOR@contoh.go.id", "wrong-password-123")
    response = log_in_with_password(client, "auditor@contoh.go.id")
    assert response.status_code == 429


def test_locked_out_page_speaks_indonesian_by_default(world):
    client = Client()  # no language chosen: the default applies
    for _attempt in range(6):
        response = log_in_with_password(client, world.users["admin"].email, "wrong-password-1")
    assert response.status_code == 429
    assert '<html lang="id">' in response.content.decode()


def test_staff_without_totp_is_sent_to_enrol(world, client, unscoped):
    user = UserFactory(email="baru@contoh.go.id")
    grant_role(user, world.tenant, Role.AUDITOR)
    client.force_login(user)
    response = client.get("/contoh/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_totp_activation_page_shows_qr_code_and_secret(world, client, unscoped):
    user = UserFactory(email="baru@contoh.go.id")
    grant_role(user, world.tenant, Role.AUDITOR)
    log_in_with_password(client, user.email)
    reauthenticate(client)
    response = client.get(reverse("mfa_activate_totp"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html
    secret = response.context["form"].secret
    assert f'id="totp-secret">{secret}<' in html
    assert "data-copy" in html


def test_enrolling_totp_lets_staff_in(world, client, unscoped):
    user = UserFactory(email="baru@contoh.go.id")
    grant_role(user, world.tenant, Role.AUDITOR)
    log_in_with_password(client, user.email)
    reauthenticate(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/contoh/").status_code == 200


def test_staff_cannot_deactivate_totp_while_holding_the_role(world, client, unscoped):
    user = world.users["auditor"]
    log_in_fully(client, user)
    reauthenticate(client)
    page = client.get(reverse("mfa_deactivate_totp"))
    assert page.status_code == 200
    assert "alert-error" in page.content.decode()
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_employee_may_deactivate_their_own_totp(world, client, unscoped):
    from integritas.core.testing.factories import enrol_totp

    user = world.users["employee"]
    enrol_totp(user, TEST_TOTP_SECRET)
    log_in_fully(client, user)
    reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@pytest.mark.parametrize("url_name", ["mfa_index", "account_change_password",
                                      "mfa_generate_recovery_codes"])
def test_account_pages_render_in_the_app_layout(world, client, url_name):
    log_in_fully(client, world.users["auditor"])
    reauthenticate(client)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="page-head"' in html
    assert re.search(r"<h1>\s*\S", html)


def test_recovery_codes_can_be_viewed_and_downloaded(world, client, unscoped):
    user = world.users["auditor"]
    codes = RecoveryCodes.activate(user).generate_codes()
    log_in_fully(client, user)
    reauthenticate(client)
    page = client.get(reverse("mfa_view_recovery_codes"))
    assert codes[0] in page.content.decode()
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert codes[0] in download.content.decode()


def test_password_reset_page_renders(client):
    response = client.get(reverse("account_reset_password"))
    assert response.status_code == 200
    assert 'class="card public-card"' in response.content.decode()
