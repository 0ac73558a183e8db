"""Risks first, in Chromium: the head of Dukcapil registers an activity, opens the year's risk
register, maps the activity's risk from the "activities without risks" list, is refused
submission until the risk over appetite has an RTP, adds one and submits; the Inspektur sees the
risk on the 5×5 map and in the leadership overview, and returns the register with a note, which
the OPD then reads.

Selectors use URLs, names and attributes, not button words, so the test holds in either language.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACTIVITY = "Pelayanan jemput bola KTP-el"
NOTE = "Tambahkan risiko gratifikasi pada pelayanan jemput bola"


def test_an_opd_maps_an_activitys_risks_and_the_inspektorat_returns_the_register(world,
                                                                                 open_tab):
    call_command("load_libraries", verbosity=0)
    year = timezone.localdate().year
    head = _signed_in(open_tab(), world.users["opd_head"])
    _register_activity(head, year)

    inspektur = _signed_in(open_tab(), world.users["inspektur"])
    assert _map_count(inspektur, year, 4, 4) == 0
    overview_before = _overview_high_risks(inspektur)

    register_url = _open_register(head, year)
    _map_risk_of_the_activity(head)
    _submit(head)
    assert "RTP" in head.page.inner_text(".alert-error, [role=alert]")
    head.screenshot("risk_1_submit_refused")
    _add_plan(head, year)
    head.go(register_url)
    _submit(head)
    head.screenshot("risk_2_submitted")

    assert _map_count(inspektur, year, 4, 4) == 1
    inspektur.screenshot("risk_3_heatmap")
    assert overview_before != "1" and _overview_high_risks(inspektur) == "1"
    inspektur.screenshot("risk_4_overview")
    inspektur.go(register_url)
    inspektur.page.fill("textarea[name=note]", NOTE)
    inspektur.page.once("dialog", lambda dialog: dialog.accept())
    inspektur.page.click("button[name=decision][value=return]")
    inspektur.page.wait_for_load_state()

    head.go(register_url)
    assert NOTE in head.page.inner_text("main")
    head.screenshot("risk_5_returned")
    assert not head.console_errors() and not inspektur.csp_violations()


def _signed_in(tab, user):
    """A session cookie for `user`: the login form itself is covered by e2e/test_login.py, and
    this story is about the risk pages."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    tab.page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                                   "url": tab.base_url}])
    return tab


def _register_activity(tab, year):
    tab.go("/contoh/risiko/kegiatan/baru/")
    page = tab.page
    page.fill("input[name=name]", ACTIVITY)
    page.fill("input[name=program]", "Program Pelayanan Pendaftaran Penduduk")
    page.fill("input[name=budget]", "150000000")
    page.fill("input[name=starts_on]", f"{year}-12-14")
    page.fill("input[name=ends_on]", f"{year}-12-31")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert ACTIVITY in page.inner_text("main")


def _open_register(tab, year) -> str:
    tab.go("/contoh/risiko/register/baru/")
    page = tab.page
    page.fill("input[name=year]", str(year))
    page.select_option("select[name=level]", "opd")
    page.fill("input[name=goal]", "Pelayanan administrasi kependudukan yang bersih")
    page.fill("input[name=appetite]", "10")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/risiko/register/\d+/$"))
    return page.url.removeprefix(tab.base_url)


def _map_risk_of_the_activity(tab):
    page = tab.page
    page.click("a[href*='/risiko/baru/?activity=']")
    page.wait_for_load_state()
    tab.screenshot("risk_0_risk_form")
    page.fill("textarea[name=statement]", "Pungutan liar saat perekaman KTP-el di lapangan")
    page.select_option("select[name=category]", "fraud")
    page.fill("textarea[name=cause]", "Petugas menerima uang langsung tanpa bukti bayar")
    page.fill("textarea[name=consequence]", "Kerugian warga, citra Pemda turun")
    page.select_option("select[name=control_effectiveness]", "kurang_memadai")
    page.select_option("select[name=likelihood]", "4")
    page.select_option("select[name=impact]", "4")
    page.select_option("select[name=response]", "kurangi")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/risiko/register/\d+/$"))


def _submit(tab):
    page = tab.page
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("form[action$='/ajukan/'] button")
    page.wait_for_load_state()


def _add_plan(tab, year):
    page = tab.page
    page.click("table.data a[href*='/risiko/daftar/']")
    page.wait_for_load_state()
    form = "form[action$='/rtp/']"
    page.fill(f"{form} input[name=action]", "Pembayaran non-tunai dan kuitansi elektronik")
    page.select_option(f"{form} select[name=kind]", "preventif")
    page.fill(f"{form} input[name=owner]", "Kepala Bidang Pelayanan Pendaftaran Penduduk")
    page.fill(f"{form} input[name=starts_on]", f"{year}-12-14")
    page.fill(f"{form} input[name=due_on]", f"{year}-12-31")
    page.fill(f"{form} input[name=output_indicator]", "Seluruh pembayaran tercatat")
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()
    tab.screenshot("risk_1b_plan")


def _map_count(tab, year, likelihood, impact) -> int:
    tab.go(f"/contoh/risiko/?year={year}")
    link = tab.page.locator(f"table.risk-map a[href*='l={likelihood}&i={impact}']")
    return int(link.first.inner_text()) if link.count() else 0


def _overview_high_risks(tab) -> str:
    """The headline figure "high risks" (the headline that drills into the heat map)."""
    tab.go("/contoh/pengawasan/ikhtisar/")
    figure = tab.page.locator("a.overview-stat[href$='/risiko/'] .value")
    return figure.first.inner_text().strip() if figure.count() else ""  # "" = not yet in use


def test_the_demo_risk_pages_render_for_the_inspektur(world, open_tab):
    """The pages with the demo's data (ten-ish registers, SPIP two years), for the screenshots."""
    import random

    from django_scopes import scope

    from integritas.risk.demo import seed_demo

    with scope(tenant=world.tenant.pk):
        seed_demo(world.tenant, random.Random(3))
    tab = _signed_in(open_tab(), world.users["inspektur"])
    for name, path in (("heatmap", "/contoh/risiko/"), ("registers", "/contoh/risiko/register/"),
                       ("activities", "/contoh/risiko/kegiatan/"),
                       ("matrix", "/contoh/risiko/matriks/"), ("spip", "/contoh/risiko/spip/")):
        tab.go(path)
        tab.screenshot(f"risk_demo_{name}")
    tab.page.click("table.data a[href*='/risiko/spip/']")
    tab.page.wait_for_load_state()
    tab.screenshot("risk_demo_spip_year")
    assert not tab.console_errors() and not tab.csp_violations()
