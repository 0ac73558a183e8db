"""The leadership overview, its snapshots and exports, and the public transparency page."""

import pytest
from django_scopes import scope

from integritas.oversight import services
from integritas.oversight.models import MetricSnapshot
from integritas.oversight.transparency import Suppressed, public_figures
from integritas.pacts import services as pact_services
from integritas.pacts.tests.helpers import build_org, draft

pytestmark = pytest.mark.django_db
OVERVIEW = "/contoh/pengawasan/ikhtisar/"


def _open_pact_campaign(world, *, organisation=True):
    """A campaign for the world's two employees, or with `organisation` nine (build_org)."""
    if organisation:
        build_org(world)
    pact_services.open_campaign(world.tenant, world.users["inspektur"], draft(world))


def test_overview_shows_pacts_and_trackers_by_opd_and_modules_not_in_use(
        world, references, client_for):
    _open_pact_campaign(world)
    services.record_ombudsman(world.tenant, None, unit=world.units["dukcapil"], year=2025,
                              score=45)
    page = client_for(world.users["regional_head"]).get(OVERVIEW)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Disdukcapil" in html and "Red zone" in html
    assert 'class="num tone-red"' in html  # 0 % signed is below the watch threshold
    assert "Not yet in use" in html and "Complaints and whistleblowing" in html


def test_overview_sorts_by_a_column_and_exports_excel(world, references, client_for):
    services.record_ombudsman(world.tenant, None, unit=world.units["dukcapil"], year=2025,
                              score=45)
    services.record_ombudsman(world.tenant, None, unit=world.units["pendidikan"], year=2025,
                              score=95)
    client = client_for(world.users["inspektur"])
    html = client.get(OVERVIEW + "?sort=-ombudsman_zone").content.decode()
    assert html.index("Dinas Pendidikan") > html.index("Disdukcapil")  # merah > hijau, desc
    workbook = client.get(OVERVIEW + "?format=xlsx")
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")


def test_snapshots_keep_one_row_per_quarter_and_draw_trends(world, references, client_for):
    _open_pact_campaign(world)
    services.take_snapshot(world.tenant, None, quarter="2026-Q2",
                           figures=({"pact_completion_pct": 40.0}, {}))
    services.take_snapshot(world.tenant, None, quarter="2026-Q3",
                           figures=({"pact_completion_pct": 55.0}, {}))
    client = client_for(world.users["inspektur"])
    assert client.post(OVERVIEW + "potret/").status_code == 302
    assert client.post(OVERVIEW + "potret/").status_code == 302
    with scope(tenant=world.tenant.pk):
        assert MetricSnapshot.objects.filter(tenant=world.tenant).count() == 3
    html = client.get(OVERVIEW).content.decode()
    assert "<polyline" in html


def test_overview_pdf_is_a_pdf(world, references, client_for):
    response = client_for(world.users["inspektur"]).get(OVERVIEW + "pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_overview_api_gives_the_figures(world, references, client_for):
    from integritas.accounts.services import create_api_token

    services.record_ombudsman(world.tenant, None, unit=world.units["dukcapil"], year=2025,
                              score=85)
    _token, secret = create_api_token(world.tenant, None, user=world.users["inspektur"],
                                      name="t")
    body = client_for(world.users["inspektur"]).get(
        "/api/v1/oversight/overview", headers={"Authorization": f"Bearer {secret}"}).json()
    assert body["in_use"]["oversight"] is True and body["in_use"]["cases"] is False
    dukcapil = next(u for u in body["units"] if u["unit_id"] == world.units["dukcapil"].pk)
    assert dukcapil["figures"]["ombudsman_zone"] == "hijau"


def test_transparency_suppresses_counts_below_the_threshold(world, references, client):
    _open_pact_campaign(world, organisation=False)  # two signers: fewer than 5
    with scope(tenant=world.tenant.pk):
        figures = public_figures(world.tenant)
    assert figures["pacts_expected"] == Suppressed(5)
    assert figures["pact_completion_pct"] is None
    page = client.get("/contoh/transparansi/")
    html = page.content.decode()
    assert page.status_code == 200 and "fewer than 5" in html


def test_transparency_shows_counts_at_the_threshold(world, references):
    _open_pact_campaign(world)
    with scope(tenant=world.tenant.pk):
        figures = public_figures(world.tenant)
    assert figures["pacts_expected"] == 9
    assert figures["pact_completion_pct"] == 0.0


def test_demo_seed_fills_the_trackers_and_past_quarters(world):
    import random

    with scope(tenant=world.tenant.pk):
        from integritas.oversight.demo import seed_demo

        seed_demo(world.tenant, random.Random(1))
        assert MetricSnapshot.objects.filter(tenant=world.tenant).count() >= 5


def test_overview_lists_opds_first_and_their_sub_units_on_request(world, references, client_for):
    bidang = world.units["dukcapil_bidang"]
    services.record_ombudsman(world.tenant, None, unit=bidang, year=2025, score=45)
    client = client_for(world.users["inspektur"])
    assert bidang.name not in client.get(OVERVIEW).content.decode()
    assert bidang.name in client.get(OVERVIEW + "?rinci=1").content.decode()


def test_transparency_page_leads_the_public_to_the_reporting_form(world, references, client):
    assert 'href="/contoh/lapor/"' in client.get("/contoh/transparansi/").content.decode()
