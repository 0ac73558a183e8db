"""Conflicts of interest in Chromium: Siti (the `employee` persona) declares a conflict in a
tender she evaluates; her Kabid (the `opd_head` persona) finds it in his list, decides a recusal
within the deadline; the Dukcapil register shows it decided, and the decision prints as a PDF.

Selectors use URLs, names and classes, not button words, so the test holds in either language.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django_scopes import scopes_disabled

from integritas.conflicts.models import Declaration
from integritas.conflicts.tests.helpers import build_org

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BASE = "/contoh/benturan/"


def test_employee_declares_the_superior_decides_and_the_register_shows_it(world, open_tab):
    build_org(world)

    employee = _signed_in(open_tab, world.users["employee"])
    number = _declare(employee)

    superior = _signed_in(open_tab, world.users["opd_head"])
    _decide(superior, number)

    superior.go(BASE + "register/")
    row = superior.page.locator("table.data tbody tr", has_text=number)
    assert row.locator(".badge").first.get_attribute("class") == "badge"  # decided: green
    superior.screenshot("conflicts_4_register")
    pdf = superior.page.request.get(superior.base_url + BASE + f"{_pk(number)}/keputusan.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    superior.go(BASE + "peta-risiko/")
    assert superior.page.locator("table.data tbody tr").count() == 1
    superior.screenshot("conflicts_4b_risk_map")

    employee.go(BASE + f"{_pk(number)}/")
    assert employee.page.locator("form[action$='/tarik/']").count() == 0
    employee.screenshot("conflicts_5_employee_sees_decision")
    for tab in (employee, superior):
        assert not tab.console_errors() and not tab.csp_violations()


def _signed_in(open_tab, user):
    """A tab with the user's session (the login form itself is tested in test_login.py)."""
    client = Client()
    client.force_login(user)
    tab = open_tab()
    tab.page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "url": tab.base_url,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    return tab


def _declare(tab) -> str:
    page = tab.page
    tab.go(BASE)
    tab.screenshot("conflicts_1_my_declarations_empty")
    with page.expect_navigation():
        page.locator(f"a[href$='{BASE}baru/']").click()
    page.check("input[name=kind][value=aktual]")
    page.select_option("select[name=conflict_type]", "pemilihan-rekanan")
    page.select_option("select[name=source]", "keluarga-kerabat")
    page.select_option("select[name=subject_kind]", "procurement")
    page.fill("input[name=subject_ref]", "PBJ-2026-014")
    page.fill("textarea[name=description]",
              "CV milik kakak ipar saya ikut tender blangko yang saya evaluasi.")
    page.fill("input[name=parties-0-name]", "CV Maju Jaya")
    page.select_option("select[name=parties-0-relation]", "business")
    page.set_input_files("input[name=files]", files=[{
        "name": "akta-cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 akta"}])
    tab.screenshot("conflicts_2_declaration_form")
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    assert page.locator("p.alert strong").count() == 1  # "decision suspended"
    assert page.locator("form[action$='/tarik/']").count() == 1
    tab.screenshot("conflicts_3_declared_decision_suspended")
    with scopes_disabled():
        return Declaration.objects.get().number


def _decide(tab, number: str) -> None:
    page = tab.page
    tab.go(BASE + "keputusan/")
    with page.expect_navigation():
        page.locator("table.data a", has_text=number).click()
    page.check("input[name=is_real][value=yes]")
    page.fill("textarea[name=impact]", "Penilaian dapat menguntungkan CV Maju Jaya.")
    page.check("input[name=measure][value=recusal]")
    page.fill("textarea[name=reasons]", "Anggota Pokja lain menggantikan dalam evaluasi.")
    tab.screenshot("conflicts_3b_decision_form")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("form[action$='/putuskan/'] button[type=submit]").click()
    with scopes_disabled():
        assert Declaration.objects.get().status == Declaration.Status.DECIDED


def _pk(number: str) -> int:
    return int(number.rsplit("-", 1)[1])
