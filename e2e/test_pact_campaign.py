"""A full integrity-pact campaign in Chromium: the inspektur adopts the PermenPAN 49/2011 text,
creates and opens a campaign for Dukcapil; Siti (the `employee` persona) signs with her password;
her Kabid (the `opd_head` persona) witnesses; completion changes; Siti downloads her signed PDF;
the public page finds it valid, and the same PDF with one byte changed invalid.

Selectors use URLs and attributes, not button words, so the test holds in either language.
"""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone
from django_scopes import scope

from integritas.core.documents.keys import init_local_ca
from integritas.core.testing.factories import DEMO_PASSWORD, totp_now
from integritas.core.testing.personas import TEST_TOTP_SECRET
from integritas.pacts.models import LibraryPactText, PactSignature
from integritas.pacts.signing import sign_pact
from integritas.pacts.tests.helpers import build_org
from integritas.pacts.tests.signing_helpers import ceremony
from integritas.people.services import link_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LIBRARY_CODE = "permenpan-49-2011-asn"
TITLE = "Pakta Integritas Disdukcapil 2027"
SIGNERS_IN_DUKCAPIL = 3
TABLET = {"width": 1024, "height": 768}  # the Kepala Dinas, the Kabid and Siti


def test_a_full_campaign_from_opening_to_a_verified_pdf(world, open_tab, tmp_path):
    library = _set_up(world)
    dukcapil = world.units["dukcapil"]

    official = open_tab()
    official.log_in(world.users["inspektur"].email, TEST_TOTP_SECRET)
    campaign = _adopt_and_open(official, library, dukcapil)
    assert _signed_count(official, campaign) == (0, SIGNERS_IN_DUKCAPIL)

    employee = open_tab()
    employee.log_in(world.users["employee"].email, None)
    _sign(employee)

    witness = open_tab()
    witness.log_in(world.users["opd_head"].email, TEST_TOTP_SECRET)
    _witness(witness)

    assert _signed_count(official, campaign) == (1, SIGNERS_IN_DUKCAPIL)
    official.screenshot("pact_5_completion")

    pdf = _download(employee, tmp_path)
    document_id = _document_id(world)
    altered = tmp_path / "pakta-diubah.pdf"
    altered.write_bytes(_one_byte_changed(pdf.read_bytes()))

    public = open_tab()
    verdict, text = _verdict(public, pdf)
    assert verdict == "valid" and document_id in text
    public.screenshot("pact_7_verified_valid")
    verdict, text = _verdict(public, altered)
    assert verdict == "invalid" and "modified" in text
    public.screenshot("pact_8_altered_invalid")

    for tab in (official, employee, witness, public):
        assert tab.console_errors() == []
        assert tab.csp_violations() == []


def test_a_ceremony_on_a_tablet_with_a_live_counter(world, open_tab):
    pact = ceremony(world, key=False)
    _off_playwrights_thread(lambda: init_local_ca(world.tenant, world.users["admin"]))
    from playwright.sync_api import expect

    official = open_tab(viewport=TABLET)
    official.log_in(world.users["inspektur"].email, TEST_TOTP_SECRET)
    page = official.page
    official.go(f"/contoh/pakta/{pact.campaign.pk}/")
    with page.expect_navigation():
        page.locator("a[href$='/upacara/']").click()
    official.screenshot("pact_ceremony_1_start")
    with page.expect_navigation():
        page.locator("button[data-ceremony-start]").click()
    counter = page.locator("#ceremony-counter [data-signed]")
    assert counter.inner_text() == "0"

    page.fill("input[name=email]", world.users["employee"].email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form[action$='/upacara/tanda-tangan/'] button").click()
    assert "Siti Aminah, S.Kom." in page.locator(".messages").inner_text()
    assert page.input_value("input[name=email]") == ""
    assert counter.inner_text() == "1"
    official.screenshot("pact_ceremony_2_signed")

    # Someone signs elsewhere: the tablet's counter follows without a reload.
    _off_playwrights_thread(lambda: sign_pact(world.tenant, world.users["opd_head"], pact.kabid,
                                              password=DEMO_PASSWORD,
                                              totp_code=totp_now(TEST_TOTP_SECRET)))
    expect(counter).to_have_text("2", timeout=10_000)
    official.screenshot("pact_ceremony_3_live_counter")
    assert official.console_errors() == []
    assert official.csp_violations() == []


def _set_up(world) -> LibraryPactText:
    """The library texts, a signing key, and Siti's and her Kabid's user accounts."""
    call_command("load_libraries", verbosity=0)
    people = build_org(world)
    admin = world.users["admin"]
    link_user(world.tenant, admin, people["siti"], world.users["employee"])
    link_user(world.tenant, admin, people["kabid"], world.users["opd_head"])
    _off_playwrights_thread(lambda: init_local_ca(world.tenant, admin))
    return LibraryPactText.objects.get(code=LIBRARY_CODE, version=1)


def _adopt_and_open(tab, library, unit) -> int:
    """The campaign's id, once it is open."""
    page = tab.page
    tab.go("/contoh/pakta/teks/")
    with page.expect_navigation():
        page.locator(f"form[action$='/teks/{library.pk}/adopsi/'] button").click()
    assert page.locator("section.card").first.locator("tbody tr").count() == 1
    tab.screenshot("pact_1_text_adopted")

    tab.go("/contoh/pakta/baru/")
    today = timezone.localdate()
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=occasion]", "annual")
    page.fill("input[name=opens_on]", today.isoformat())
    page.fill("input[name=due_on]", (today + dt.timedelta(days=14)).isoformat())
    page.select_option("select[name=target_kind]", "units")
    page.select_option("select[name=units]", str(unit.pk))
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    assert re.search(r"/contoh/pakta/\d+/$", page.url), page.url
    tab.screenshot("pact_2_campaign_draft")

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("form[action$='/buka/'] button").click()
    assert page.locator("form[action$='/tutup/']").count() == 1
    tab.screenshot("pact_3_campaign_open")
    return int(re.search(r"/pakta/(\d+)/", page.url).group(1))


def _signed_count(tab, campaign: int) -> tuple[int, int]:
    """Signed and total, from the campaign page's stat cards."""
    tab.go(f"/contoh/pakta/{campaign}/")
    stats = tab.page.locator(".cards .stat .value")
    return int(stats.nth(1).inner_text()), int(stats.nth(0).inner_text())


def _sign(tab) -> None:
    page = tab.page
    tab.go("/contoh/pakta/saya/")
    tab.screenshot("pact_4a_my_pacts")
    with page.expect_navigation():
        page.locator("a[href$='/tandatangani/']").click()
    assert "Siti Aminah, S.Kom." in page.locator(".pact-text").inner_text()
    page.fill("input[name=password]", DEMO_PASSWORD)
    tab.screenshot("pact_4b_sign_page")
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    assert page.url.endswith("/contoh/pakta/saya/")
    assert page.locator("a[href$='/pdf/']").count() == 1
    tab.screenshot("pact_4c_signed")


def _witness(tab) -> None:
    page = tab.page
    tab.go("/contoh/pakta/saya/")
    assert "Siti Aminah, S.Kom." in page.locator("#witness-heading + table").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("form[action$='/saksi/'] button").click()
    assert page.locator("form[action$='/saksi/']").count() == 0
    tab.screenshot("pact_4d_witnessed")


def _download(tab, tmp_path):
    page = tab.page
    tab.go("/contoh/pakta/saya/")
    with page.expect_download() as download:
        page.locator("a[href$='/pdf/']").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    tab.screenshot("pact_6_download")
    return path


def _document_id(world) -> str:
    with scope(tenant=world.tenant.pk):
        return PactSignature.objects.get().document_id


def _one_byte_changed(pdf: bytes) -> bytes:
    """Flip a byte in the middle of the first signed range (before the signature's /Contents)."""
    first_range_end = int(re.search(rb"/ByteRange\s*\[\s*\d+\s+(\d+)", pdf).group(1))
    position = first_range_end // 2
    return pdf[:position] + bytes([pdf[position] ^ 0x01]) + pdf[position + 1:]


def _verdict(tab, path) -> tuple[str, str]:
    page = tab.page
    tab.go("/verifikasi/")
    page.set_input_files("input[name=file]", str(path))
    with page.expect_navigation():
        page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    verdict = page.locator("[data-verdict]")
    return verdict.get_attribute("data-verdict"), verdict.inner_text()


def _off_playwrights_thread(work):
    """pyHanko and key generation may use asyncio.run, which cannot run in the thread that
    Playwright's event loop occupies; a worker thread has no loop."""

    def run():
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
