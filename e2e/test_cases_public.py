"""The public reporting pages in Chromium, on a phone: report with a photo, save the receipt,
follow the report with it, answer the handler; and the same without JavaScript."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from django_scopes import scope
from PIL import Image

from e2e.conftest import MOBILE

pytestmark = pytest.mark.e2e


@pytest.fixture
def evidence(tmp_path):
    path = tmp_path / "foto-loket.jpg"
    exif = Image.Exif()
    exif[0x013B] = "Nama Pemilik Kamera"
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 90, 160)).save(out, format="JPEG", exif=exif.tobytes())
    path.write_bytes(out.getvalue())
    return path


def report_with_photo(tab, evidence) -> str:
    page = tab.page
    tab.go("/contoh/lapor/")
    tab.screenshot("cases-public-01-start-phone")
    page.click("a[href$='/lapor/kirim/pengaduan/']")
    page.select_option("select[name=category]", "pungli")
    page.fill("textarea[name=what]", "Petugas meminta Rp50.000 agar KTP saya cepat selesai.")
    page.fill("input[name=where]", "Loket 2")
    page.select_option("select[name=unit]", label="Dinas Kependudukan dan Catatan Sipil")
    page.set_input_files("input[name=files]", str(evidence))
    tab.screenshot("cases-public-02-form-phone")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-receipt]")
    tab.screenshot("cases-public-03-receipt-phone")
    return page.inner_text("[data-receipt]").strip()


def test_reporter_story_on_a_phone(world, open_tab, evidence):
    from integritas.cases import keys
    from integritas.cases.models import Case, Message
    from integritas.cases.testing import give_handler_key

    private = give_handler_key(world.users["inspektur"])
    tab = open_tab(viewport=MOBILE)
    page = tab.page
    receipt = report_with_photo(tab, evidence)
    number = page.inner_text("[data-case-number]").strip()
    assert number.startswith("ADU-")
    assert page.locator("input[name=saved][required]").count() == 1
    page.check("input[name=saved]")
    page.click("button[type=submit]")
    page.wait_for_selector("input[name=receipt]")

    with scope(tenant=world.tenant.pk):
        case = Case.objects.get(number=number)
        case_keys = keys.keys_with_private_key(case, world.users["inspektur"], private)
        Message.objects.create(tenant=world.tenant, case=case, kind="to_reporter",
                               body_box=keys.seal_text(case_keys, "Jam berapa kejadiannya?"))

    page.fill("input[name=receipt]", receipt.lower())
    page.click("button[type=submit]")
    page.wait_for_selector("text=Jam berapa kejadiannya?")
    page.fill("textarea[name=body]", "Sekitar pukul sepuluh pagi.")
    page.click("form[action$='/status/pesan/'] button[type=submit]")
    page.wait_for_selector("text=Your message has been sent.")
    tab.screenshot("cases-public-04-status-phone")
    assert "Sekitar pukul sepuluh pagi." in page.content()
    page.click("form[action$='/status/keluar/'] button[type=submit]")
    page.wait_for_selector("input[name=receipt]")
    assert tab.console_errors() == [] and tab.csp_violations() == []


def test_reporting_works_without_javascript_on_a_desktop(world, open_tab, evidence):
    tab = open_tab(java_script_enabled=False)
    page = tab.page
    tab.go("/contoh/lapor/kirim/wbs/")
    page.click("button[type=submit]")  # empty: errors beside the fields
    assert page.locator(".has-error").count() >= 2
    tab.screenshot("cases-public-05-errors-desktop")
    page.select_option("select[name=category]", "gratifikasi")
    page.fill("textarea[name=what]", "Kepala bidang menerima parsel dari rekanan.")
    page.fill("input[name=identity_nik]", "123")
    page.click("button[type=submit]")
    with translation.override("id"):  # the public pages speak Indonesian by default
        assert translation.gettext("A NIK has exactly 16 digits.") in page.content()
    page.fill("input[name=identity_nik]", "")
    page.set_input_files("input[name=files]", str(evidence))
    page.click("button[type=submit]")
    page.wait_for_selector("[data-receipt]")
    receipt = page.inner_text("[data-receipt]").strip()
    tab.screenshot("cases-public-06-receipt-desktop")
    page.check("input[name=saved]")
    page.click("button[type=submit]")
    page.fill("input[name=receipt]", receipt)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-state=diterima]")
    tab.screenshot("cases-public-07-status-desktop")
