"""Whistleblowing end to end in Chromium: an anonymous report with evidence from a phone, the
receipt saved and used to log in; the Inspektur (with the case key unlocked by the password
login) asks a question, the reporter answers, and the handler takes the case through the
examination to `selesai`, which the reporter then reads. Screenshots of every page.

Selectors use names and attributes, not button words, so the test holds in either language.
"""

from __future__ import annotations

import pytest

from e2e.conftest import MOBILE
from integritas.core.testing.personas import TEST_TOTP_SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WHAT = "Petugas loket meminta uang Rp300.000 agar izin usaha saya cepat terbit."
QUESTION = "Mohon sebutkan tanggal dan nomor loket kejadian."
ANSWER = "Tanggal 2 November, loket nomor 3."


def test_an_anonymous_report_is_handled_to_the_end(world, open_tab, tmp_path):
    handler = open_tab()
    # The password login creates and unlocks the Inspektur's case key before the report
    # arrives, so intake seals the new case to it.
    handler.log_in(world.users["inspektur"].email, TEST_TOTP_SECRET)

    reporter = open_tab(viewport=MOBILE)
    receipt, number = _report(reporter, tmp_path)
    _log_in_with_receipt(reporter, receipt)

    case_url = f"/contoh/kasus/{number}/"
    handler.go("/contoh/kasus/")
    handler.screenshot("cases_1_list")
    handler.page.click(f"a[href='{case_url}']")
    assert WHAT in handler.page.content()
    assert handler.page.locator("a[download][href*='/bukti/']").count() == 1
    handler.screenshot("cases_2_case_received")
    _step(handler, "verify", reason="Memuat 4W1H.")
    _step(handler, "request_information", public_note=QUESTION)
    handler.screenshot("cases_3_question_asked")

    reporter.go("/contoh/lapor/status/")
    assert QUESTION in reporter.page.content()
    reporter.page.fill("textarea[name=body]", ANSWER)
    reporter.page.click("form[action$='/status/pesan/'] button[type=submit]")
    reporter.page.wait_for_load_state()
    reporter.screenshot("cases_4_reporter_answered")

    handler.go(case_url)
    assert ANSWER in handler.page.content()
    _step(handler, "verify")
    _step(handler, "review")
    _step(handler, "examine", select={"exam_kind": "klarifikasi"})
    handler.screenshot("cases_5_examination")
    _step(handler, "follow_up", select={"admin_criterion": "no_loss"},
          findings="Pungutan tanpa dasar; uang telah dikembalikan.")
    _step(handler, "close", select={"outcome": "terbukti"},
          public_note="Laporan Anda terbukti; petugas telah dijatuhi hukuman disiplin.")
    assert "selesai" in handler.page.content() or "Closed" in handler.page.content()
    handler.screenshot("cases_6_closed")
    handler.go("/contoh/kasus/statistik/")
    handler.screenshot("cases_7_statistics")

    reporter.go("/contoh/lapor/status/")
    assert "petugas telah dijatuhi hukuman disiplin" in reporter.page.content()
    reporter.screenshot("cases_8_reporter_sees_the_end")
    for tab in (handler, reporter):
        assert tab.console_errors() == [] and tab.csp_violations() == []


def _report(tab, tmp_path) -> tuple[str, str]:
    evidence = tmp_path / "kronologi.txt"
    evidence.write_text("Kronologi: Senin pagi di loket 3, diminta Rp300.000.\n")
    page = tab.page
    tab.go("/contoh/lapor/kirim/wbs/")
    page.select_option("select[name=category]", "suap")
    page.fill("textarea[name=what]", WHAT)
    page.fill("[name=where]", "Loket perizinan")
    page.set_input_files("input[name=files]", str(evidence))
    tab.screenshot("cases_0_report_form")
    page.click("form[enctype] button[type=submit]")
    page.wait_for_load_state()
    receipt = page.locator("[data-receipt]").inner_text().strip()
    number = page.locator("[data-case-number]").inner_text().strip()
    tab.screenshot("cases_0_receipt")
    page.check("input[name=saved]")
    page.click("form.no-print button[type=submit]")
    page.wait_for_load_state()
    return receipt, number


def _log_in_with_receipt(tab, receipt: str) -> None:
    page = tab.page
    tab.go("/contoh/lapor/status/")
    if page.locator("input[name=receipt]").count():
        page.fill("input[name=receipt]", receipt)
        page.click("form button[type=submit]")
        page.wait_for_load_state()
    tab.screenshot("cases_0_status")


def _step(tab, step: str, select: dict | None = None, **texts) -> None:
    page = tab.page
    form = f"form:has(input[name=step][value={step}])"
    page.click(f"details:has(input[name=step][value={step}]) > summary")
    for name, value in (select or {}).items():
        page.select_option(f"{form} select[name={name}]", value)
    for name, value in texts.items():
        page.fill(f"{form} textarea[name={name}]", value)
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()
