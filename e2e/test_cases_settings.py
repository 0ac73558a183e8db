"""The Inspektur adapts intake in Chromium: a category taken off the complaint form, one of the
Pemda's own added, a new escrow key whose two shares are shown once; the public form follows.

Selectors use names and attributes, not button words, so the test holds in either language.
"""

from __future__ import annotations

import pytest

from integritas.core.testing.personas import TEST_TOTP_SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SETTINGS = "/contoh/kasus/pengaturan/"
COMPLAINT_FORM = "/contoh/lapor/kirim/pengaduan/"
OWN_CATEGORY = "Parkir liar di kantor pelayanan"


def test_the_inspektur_adapts_the_complaint_form_and_makes_an_escrow_key(world, open_tab):
    inspektur = open_tab()
    inspektur.log_in(world.users["inspektur"].email, TEST_TOTP_SECRET)
    inspektur.go(SETTINGS)
    page = inspektur.page
    complaint = "form:has(input[name=channel][value=complaint])"

    page.uncheck(f"{complaint}:has(input[name=offered]) input[name=offered][value=lainnya]")
    page.click(f"{complaint}:has(input[name=offered]) button[type=submit]")
    page.wait_for_load_state()
    page.fill(f"{complaint}:has(input[name=label]) input[name=label]", OWN_CATEGORY)
    page.click(f"{complaint}:has(input[name=label]) button[type=submit]")
    page.wait_for_load_state()
    assert OWN_CATEGORY in page.content()
    inspektur.screenshot("cases_settings_1_categories")

    public = open_tab()
    public.go(COMPLAINT_FORM)
    options = public.page.locator("select[name=category] option").all_text_contents()
    assert OWN_CATEGORY in options
    assert public.page.locator("select[name=category] option[value=lainnya]").count() == 0
    public.go("/contoh/lapor/kirim/wbs/")
    assert public.page.locator("select[name=category] option[value=lainnya]").count() == 1

    inspektur.go(SETTINGS)
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#escrow button[type=submit]")
    page.wait_for_load_state()
    shares = [page.locator(f"#share{n}").text_content() for n in (1, 2)]
    assert all(share.count("-") >= 8 for share in shares) and shares[0] != shares[1]
    inspektur.screenshot("cases_settings_2_escrow_shares")
    for tab in (inspektur, public):
        assert tab.console_errors() == [] and tab.csp_violations() == []
