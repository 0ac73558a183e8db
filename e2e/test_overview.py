"""The leadership overview in Chromium.

1. The Inspektorat records an Ombudsman result and verifies MCP evidence; the overview's
   Ombudsman column and MCP headline change; the public transparency page shows aggregates.
2. The demo Pemda's overview as the Inspektur opens it on a Monday (the screenshot to read).

Selectors use URLs and attributes, not button words, so the test holds in either language.
"""

from __future__ import annotations

import importlib
import re

import pytest
from django_scopes import scope

from integritas.core.demo import DEMO_TOTP_SECRET
from integritas.core.testing.personas import TEST_TOTP_SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SLOW_MACHINE_MS = 120_000  # the shared CI machine can take a minute for a first page


@pytest.fixture
def references(transactional_db):
    from integritas.core.libraries import LIBRARIES_DIR, read_folder
    from integritas.oversight.libraries import load_oversight_references

    load_oversight_references(read_folder(LIBRARIES_DIR / "oversight"))


def test_trackers_feed_the_overview_and_the_public_page(world, references, open_tab):
    from integritas.oversight.models import McpTask

    tab = open_tab()
    tab.page.set_default_timeout(SLOW_MACHINE_MS)
    tab.log_in(world.users["inspektur"].email, TEST_TOTP_SECRET)
    page = tab.page
    tab.go("/contoh/pengawasan/ikhtisar/")
    assert page.locator("table.overview-table").is_visible()

    tab.go("/contoh/pengawasan/ombudsman/catat/")
    page.select_option("select[name=unit]", str(world.units["dukcapil"].pk))
    page.fill("input[name=year]", "2025")
    page.fill("input[name=score]", "48.5")
    page.click("form.form-grid button[type=submit]")
    page.wait_for_url("**/pengawasan/ombudsman/")
    assert "D — Kualitas Rendah" in page.content()

    tab.go("/contoh/pengawasan/mcp/?year=2025")
    page.fill("form[action$='/mcp/buka/'] input[name=year]", "2025")
    page.click("form[action$='/mcp/buka/'] button[type=submit]")
    page.wait_for_load_state()
    with scope(tenant=world.tenant.pk):
        task = McpTask.objects.filter(tenant=world.tenant).order_by("indicator__code").first()
    tab.go(f"/contoh/pengawasan/mcp/indikator/{task.pk}/")
    page.fill("form[action$='/bukti/'] input[name=description]", "RKPD 2025 dan Renja OPD")
    page.fill("form[action$='/bukti/'] input[name=url]", "https://contoh.go.id/rkpd-2025.pdf")
    page.click("form[action$='/bukti/'] button[type=submit]")
    page.wait_for_load_state()
    page.fill("form[action$='/verifikasi/'] input[name=score]", "100")
    page.click("form[action$='/verifikasi/'] button[type=submit]")
    page.wait_for_load_state()
    tab.go("/contoh/pengawasan/mcp/?year=2025")
    tab.screenshot("oversight-mcp")

    tab.go("/contoh/pengawasan/ikhtisar/")
    row = page.locator("table.overview-table tr", has_text="Disdukcapil")
    assert row.locator("td.tone-red").count() >= 1  # the red Ombudsman zone
    assert re.search(r"3[.,]13", page.locator(".overview-headline").inner_text())
    tab.screenshot("oversight-overview-world")

    public = open_tab()
    public.go("/contoh/transparansi/")
    assert public.page.locator(".stat").count() >= 6
    public.screenshot("oversight-transparency")
    assert not tab.csp_violations() and not public.csp_violations()


def test_the_demo_pemdas_overview(transactional_db, open_tab):
    _build_demo_pemda()
    tab = open_tab(viewport={"width": 1440, "height": 900})
    tab.page.set_default_timeout(SLOW_MACHINE_MS)
    tab.log_in("inspektur@contoh.go.id", DEMO_TOTP_SECRET)
    tab.go("/contoh/pengawasan/ikhtisar/")
    assert tab.page.locator("table.overview-table tbody tr").count() >= 10
    assert tab.page.locator(".overview-trends svg").count() >= 2
    tab.screenshot("oversight-overview-demo")
    tab.go("/contoh/transparansi/")
    tab.screenshot("oversight-transparency-demo")
    tab.go("/contoh/pengawasan/ombudsman/")
    tab.screenshot("oversight-ombudsman-demo")
    assert not tab.csp_violations(), tab.csp_violations()


def _build_demo_pemda() -> None:
    """Kota Contoh as `load_demo` builds it, each module's demo in its own savepoint: while
    the other modules are being written, one whose demo fails is left out, not this test."""
    import random

    from django.db import transaction

    from integritas.core.demo import DEMO_MODULES, DEMO_SEED, DEMO_TENANTS, Builder
    from integritas.core.libraries import load_libraries

    load_libraries()
    spec = DEMO_TENANTS[0]
    rng = random.Random(f"{DEMO_SEED}-{spec.slug}")
    builder = Builder(spec, rng)
    builder.build()
    for app in DEMO_MODULES:
        try:
            with transaction.atomic(), scope(tenant=builder.tenant.pk):
                importlib.import_module(f"integritas.{app}.demo").seed_demo(builder.tenant, rng)
        except Exception as error:  # noqa: BLE001 - another module's unfinished demo
            print(f"demo of {app} left out: {error!r}")
