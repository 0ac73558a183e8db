"""Statistics and the overview metrics: counts from plaintext columns, figures checked by hand."""

import datetime as dt
import io

import pytest
import time_machine
from django_scopes import scope
from openpyxl import load_workbook

from integritas.cases import metrics
from integritas.cases.tests.ws_helpers import handler_client, move, new_case

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 11, 2, 9)


@pytest.fixture
def load(world, desk):
    """Three WBS cases and one complaint: one substantiated, one not, one open and late."""
    with time_machine.travel(MONDAY, tick=False):
        proven = new_case(world, unit=str(world.units["dukcapil"].pk))
        unproven = new_case(world)
        late = new_case(world, unit=str(world.units["dukcapil"].pk))
        new_case(world, channel="complaint", category=_complaint_category())
    with time_machine.travel(MONDAY + dt.timedelta(days=2), tick=False):  # Wednesday: 2 days
        for case in (proven, unproven):
            move(world, case, desk["inspektur"], ("verify", {}), ("review", {}),
                 ("refer", {"authority_kind": "kpk", "letter_number": "1",
                            "letter_date": dt.date(2026, 11, 4)}))
    with time_machine.travel(MONDAY + dt.timedelta(days=7), tick=False):  # next Monday
        for case, outcome in ((proven, "terbukti"), (unproven, "tidak_terbukti")):
            move(world, case, desk["inspektur"], ("close", {"outcome": outcome}))
    return {"late": late}


@time_machine.travel(dt.datetime(2026, 11, 20, 9), tick=False)
def test_tenant_metrics_add_up_the_case_load(world, load):
    with scope(tenant=world.tenant.pk):
        figures = metrics.tenant_metrics(world.tenant)
    assert figures["cases_received"] == 4
    assert figures["cases_open"] == 2 and figures["cases_overdue"] == 2
    assert figures["cases_closed"] == 2
    assert figures["cases_within_deadline_pct"] == 100.0
    assert figures["median_first_response_days"] == 2.0
    assert figures["median_close_days"] == 5.0
    assert figures["substantiated_pct"] == 50.0
    assert figures["by_channel"] == {"wbs": 3, "complaint": 1}
    november = figures["by_month"][-1]
    assert november == {"month": "2026-11", "received": 4, "closed": 2, "within_deadline": 2}
    assert len(figures["by_month"]) == 12


@time_machine.travel(dt.datetime(2026, 11, 20, 9), tick=False)
def test_unit_metrics_per_unit_concerned(world, load):
    with scope(tenant=world.tenant.pk):
        figures = metrics.unit_metrics(world.tenant)
    assert figures[world.units["dukcapil"].pk] == {
        "cases_open": 1, "cases_overdue": 1, "median_first_response_days": 2.0}


def test_metrics_are_empty_before_the_first_case(world):
    with scope(tenant=world.tenant.pk):
        assert metrics.tenant_metrics(world.tenant) == {}
        assert metrics.unit_metrics(world.tenant) == {}


@time_machine.travel(dt.datetime(2026, 11, 20, 9), tick=False)
def test_the_statistics_page_charts_and_exports_the_figures(world, load, client):
    inspektur = handler_client(client, world, "inspektur")
    html = inspektur.get("/contoh/kasus/statistik/").content.decode()
    assert "<svg" in html and "50.0 %" in html
    export = inspektur.get("/contoh/kasus/statistik/?format=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert ("Total", "Received", 4) in rows
    assert ("Total", "% substantiated", 50.0) in rows


def test_the_regional_head_sees_statistics_but_no_case(world, load, client):
    client.force_login(world.users["regional_head"])
    assert client.get("/contoh/kasus/statistik/").status_code == 200
    assert client.get("/contoh/kasus/").status_code == 403


def _complaint_category() -> str:
    from integritas.cases import reference

    return reference.channel("complaint").categories[0][0]
