"""A gratification report in Chromium: Siti (the `employee` persona) reports a wedding gift and
sees the live hint before sending; the UPG verifies it, forwards it to KPK, records KPK's
decision (state property) and closes it with the proof of deposit; the register shows it.

Selectors use names, URLs and ids, not button words, so the test holds in either language.
"""

from __future__ import annotations

import re

import pytest
from django_scopes import scope

from integritas.core.libraries import LIBRARIES_DIR, load_holidays, read_folder
from integritas.core.testing.personas import TEST_TOTP_SECRET
from integritas.gratification.libraries import load_rule_sets
from integritas.gratification.models import GratificationReport
from integritas.people.services import link_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_employee_reports_a_wedding_gift_and_the_upg_takes_it_to_kpks_decision(
        world, open_tab, tmp_path):
    load_holidays(read_folder(LIBRARIES_DIR / "calendar"))
    load_rule_sets(read_folder(LIBRARIES_DIR / "gratification"))
    link_user(world.tenant, None, world.employees["dukcapil_staff"], world.users["employee"])

    employee = open_tab()
    employee.log_in(world.users["employee"].email, None)
    number = _report_wedding_gift(employee)

    upg = open_tab()
    upg.page.on("dialog", lambda dialog: dialog.accept())
    upg.log_in(world.users["upg"].email, TEST_TOTP_SECRET)
    _take_to_decision(upg, world, tmp_path)

    with scope(tenant=world.tenant.pk):
        report = GratificationReport.objects.get(number=number)
    assert (report.status, report.kpk_number) == ("selesai", "GOL-2026-0042")

    upg.go("/contoh/gratifikasi/register/")
    assert number in upg.page.content()
    upg.screenshot("gratification_5_register")
    upg.go("/contoh/gratifikasi/statistik/")
    assert upg.page.locator("svg.chart").count() == 3
    upg.screenshot("gratification_6_statistics")
    for tab in (employee, upg):
        assert not tab.console_errors(), tab.console
        assert not tab.csp_violations()


def _report_wedding_gift(tab) -> str:
    page = tab.page
    tab.go("/contoh/gratifikasi/lapor/")
    page.fill("input[name=giver_name]", "Keluarga Bapak Hendra")
    page.fill("input[name=giver_institution]", "Warga Kelurahan Sukamaju")
    page.select_option("select[name=relation]", "service_user")
    page.select_option("select[name=occasion]", "wedding")
    page.select_option("select[name=form]", "money")
    page.fill("textarea[name=description]", "Amplop ucapan di resepsi pernikahan anak")
    page.fill("input[name=received_on]", "2026-11-20")
    page.fill("input[name=place]", "Gedung Serbaguna Kota Contoh")
    page.fill("input[name=value]", "1.200.000")
    page.locator("input[name=value]").blur()
    hint = page.locator("#gratification-hint .alert")
    hint.wait_for()
    assert "Rp1.200.000" in hint.inner_text() and "Rp1.500.000" in hint.inner_text()
    tab.screenshot("gratification_1_live_hint")
    page.click("form.gratification-form button[type=submit]:not([name=preview])")
    page.wait_for_url(re.compile(r".*/gratifikasi/\d+/$"))
    tab.screenshot("gratification_2_report")
    return page.locator("h1").inner_text().split()[-1]


def _take_to_decision(tab, world, tmp_path) -> None:
    page = tab.page
    tab.go("/contoh/gratifikasi/register/")
    page.click("table.data tbody a")
    page.wait_for_load_state()
    _step(page, "verify")
    page.fill("input[name=forward-kpk_number]", "GOL-2026-0042")
    _step(page, "forward")
    tab.screenshot("gratification_3_forwarded")
    _step(page, "await_decision")
    page.select_option("select[name=outcome-outcome]", "milik_negara")
    page.fill("input[name=outcome-decision_number]", "SK-KPK 77/GRAT/2026")
    _step(page, "outcome")
    proof = tmp_path / "bukti-setor.pdf"
    proof.write_bytes(b"%PDF-1.4\n% bukti setor\n")
    page.fill("input[name=close-deposit_reference]", "NTPN 0123456789ABCDEF")
    page.set_input_files("input[name=close-deposit_proof]", str(proof))
    _step(page, "close")
    tab.screenshot("gratification_4_closed")


def _step(page, key: str) -> None:
    page.click(f"form[action*='/langkah/{key}/'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(f"form[action*='/langkah/{key}/']").count() == 0, key
