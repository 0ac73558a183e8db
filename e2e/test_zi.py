"""Zona Integritas in Chromium: Dukcapil's ZI coordinator fills area I of the LKE with evidence,
the eligibility panel turns to "conditions met"; the TPI evaluator scores area I lower and the
panel, now on the TPI value, shows the area I condition failing with its gap.

The rest of the LKE is filled beforehand through the services, as the unit and the TPI would have
done over the weeks before. Selectors use ids and URLs, not button words.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.module_loading import autodiscover_modules
from django_scopes import scope

from integritas.core.libraries import LIBRARIES_DIR, LOADERS, read_folder
from integritas.core.testing.personas import TEST_TOTP_SECRET
from integritas.lke.selectors import framework_in_force
from integritas.zi import assessment as lke
from integritas.zi import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = 2026
AREA_1_BEST = {"pemenuhan.1.i.a": "Ya", "pemenuhan.1.i.b": "A", "pemenuhan.1.ii.a": "Ya",
               "pemenuhan.1.ii.b": "A", "pemenuhan.1.ii.c": "A"}
# The TPI finds the pemenuhan of area I unsupported: the area falls to about half its weight.
TPI_DISAGREES = "pemenuhan.1."


def test_coordinator_fills_an_area_the_tpi_scores_it_and_eligibility_follows(world, open_tab,
                                                                             tmp_path):
    assessment, area_1 = _prepared(world)
    base = f"/contoh/zi/{assessment.programme_id}/lke/{YEAR}/"

    coordinator = open_tab()
    coordinator.log_in(world.users["zi_coordinator"].email, TEST_TOTP_SECRET)
    coordinator.go(f"/contoh/zi/{assessment.programme_id}/")
    coordinator.screenshot("zi_1_programme")
    coordinator.go(base)
    assert _verdict(coordinator) == "verdict-fail"
    coordinator.screenshot("zi_2_before")

    coordinator.go(base + "area/1/")
    page = coordinator.page
    for item in area_1:
        value = AREA_1_BEST.get(item.code) or (item.choices[0] if item.is_choice else "100")
        _fill(page, "unit", item, value)
    page.locator('[form="answers-form"][type="submit"], button[form="answers-form"]').click()
    page.wait_for_load_state()
    evidence = tmp_path / "sk-tim-zi.pdf"
    evidence.write_bytes(b"%PDF-1.7\n% SK Tim ZI Disdukcapil\n")
    item = page.locator('[id="item-pemenuhan.1.i.a"]')
    item.locator("details.evidence-form summary").first.click()
    item.locator('input[name="title"]').fill("SK Tim ZI 2026")
    item.locator('input[type="file"]').set_input_files(str(evidence))
    item.locator('form[enctype] button[type="submit"]').click()
    page.wait_for_load_state()
    assert "SK Tim ZI 2026" in page.locator('[id="item-pemenuhan.1.i.a"]').inner_text()
    coordinator.screenshot("zi_3_area_filled")
    coordinator.go(base)
    assert _verdict(coordinator) == "verdict-pass"
    coordinator.screenshot("zi_4_eligible_on_unit_value")

    _tpi_evaluates_the_other_areas(world, assessment)
    tpi = open_tab()
    tpi.log_in(world.users["tpi"].email, TEST_TOTP_SECRET)
    tpi.go(base + "area/1/")
    for item in area_1:
        _fill(tpi.page, "tpi", item, _tpi_value(item))
    tpi.page.locator('[id="tpi-note-pemenuhan.1.ii.b"]').fill("Target prioritas belum terukur")
    tpi.screenshot("zi_5_tpi_scoring")
    tpi.page.locator('button[form="evaluation-form"]').click()
    tpi.page.wait_for_load_state()
    tpi.go(base)
    assert _verdict(tpi) == "verdict-fail"
    failing = tpi.page.locator("#verdict-wbk tr.fail").all_inner_texts()
    assert any(" I " in row or "I Manajemen" in row for row in failing), failing
    tpi.screenshot("zi_6_tpi_not_eligible")
    tpi.go("/contoh/zi/peringkat/")
    tpi.screenshot("zi_7_ranking")

    for tab in (coordinator, tpi):
        assert tab.console_errors() == []
        assert tab.csp_violations() == []


def _prepared(world):
    """The LKE of Dukcapil answered at its best everywhere but area I."""
    autodiscover_modules("libraries")
    for folder in ("lke", "zi"):
        LOADERS[folder](read_folder(LIBRARIES_DIR / folder))
    with scope(tenant=world.tenant.pk):
        programme = services.declare_programme(
            world.tenant, world.users["inspektur"], unit=world.units["dukcapil"],
            declared_on=dt.date(YEAR, 1, 9), place="Ruang Pola Kantor Wali Kota",
            signers=[{"name": "Drs. H. Abdul Rahman", "position": "Kepala Dinas"}],
            witnesses=[{"name": "Kombes Pol. Eko Prasetyo", "position": "Kapolresta"}])
        assessment = lke.start_assessment(world.tenant, world.users["zi_coordinator"],
                                          programme, year=YEAR)
        framework = framework_in_force(world.tenant, dt.date(YEAR, 12, 31))
        area_1 = [i for i in _area_items(framework, 1) if not i.computed_from]
        codes = {i.code for i in area_1}
        lke.answer_items(world.tenant, world.users["zi_coordinator"], assessment, {
            item.code: {"value": _best(item)} for item in framework.items
            if not item.computed_from and item.code not in codes})
    return assessment, area_1


def _tpi_evaluates_the_other_areas(world, assessment):
    with scope(tenant=world.tenant.pk):
        framework = framework_in_force(world.tenant, dt.date(YEAR, 12, 31))
        area_1 = {i.code for i in _area_items(framework, 1)}
        lke.evaluate_items(world.tenant, world.users["auditor"], assessment, {
            item.code: {"value": _best(item)} for item in framework.items
            if not item.computed_from and item.code not in area_1})


def _area_items(framework, area):
    items = []
    for node in framework.area_nodes(area):
        stack = [node]
        while stack:
            current = stack.pop(0)
            stack.extend(current.children)
            items.extend(current.items)
    return items


def _best(item) -> str:
    if item.is_choice:
        return item.choices[0]
    return {"indeks": "3.80", "jumlah": "10"}.get(item.answer_type, "100")


def _tpi_value(item) -> str:
    if item.code.startswith(TPI_DISAGREES):
        return item.choices[-1] if item.is_choice else "0"
    return _best(item)


def _fill(page, prefix: str, item, value: str) -> None:
    field = page.locator(f'[id="{prefix}-value-{item.code}"]')
    if item.is_choice:
        field.select_option(value)
    else:
        field.fill(value)


def _verdict(tab) -> str:
    classes = tab.page.locator("#verdict-wbk").get_attribute("class")
    return "verdict-pass" if "verdict-pass" in classes else "verdict-fail"
