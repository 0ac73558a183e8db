"""Logging in as a person does: password, then the authenticator code, in a real browser."""

import pytest

from e2e.conftest import MOBILE
from integritas.core.testing.personas import TEST_TOTP_SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def other_code_than(current: str) -> str:
    return f"{(int(current) + 1) % 1_000_000:06d}"


def test_staff_login_with_totp_ends_on_tenant_home(world, open_tab):
    tab = open_tab()
    tab.log_in(world.users["auditor"].email, TEST_TOTP_SECRET)
    tab.screenshot("login-auditor-home")
    assert tab.page.url == f"{tab.base_url}/contoh/"
    assert tab.page.locator("main h1").count() == 1


def test_wrong_totp_code_shows_an_error(world, open_tab):
    from integritas.core.testing.factories import totp_now

    tab = open_tab()
    tab.log_in(world.users["auditor"].email, None,
               code=other_code_than(totp_now(TEST_TOTP_SECRET)))
    tab.screenshot("login-wrong-code")
    assert "/contoh/" not in tab.page.url
    assert tab.page.locator("input[name=code]").count() == 1
    assert tab.page.locator("[role=alert]").count() >= 1


def test_pages_send_csp_and_log_no_console_errors(world, open_tab):
    tab = open_tab()
    response = tab.go("/akun/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    tab.log_in(world.users["inspektur"].email, TEST_TOTP_SECRET)
    home = tab.go("/contoh/")
    assert "content-security-policy" in home.headers
    assert tab.csp_violations() == []
    assert tab.console_errors() == []


def test_mobile_viewport_shows_the_menu_toggle(world, open_tab):
    tab = open_tab(viewport=MOBILE, is_mobile=True, has_touch=True)
    tab.log_in(world.users["auditor"].email, TEST_TOTP_SECRET)
    toggle = tab.page.locator("label[for=nav-toggle]")
    assert toggle.is_visible()
    toggle.click()
    assert tab.page.get_by_role("navigation").first.is_visible()
    tab.screenshot("mobile-menu-open")
