"""Ombudsman, MCP, BPK/AKIP/RB trackers through their services, pages and API."""

from decimal import Decimal

import pytest
from django_scopes import scope

from integritas.core.errors import DomainError, NotFound
from integritas.oversight import selectors, services
from integritas.oversight.models import McpTask

pytestmark = pytest.mark.django_db


def test_ombudsman_result_is_graded_by_the_bands_of_its_year(world, references):
    tenant, unit = world.tenant, world.units["dukcapil"]
    old = services.record_ombudsman(tenant, None, unit=unit, year=2021, score="80.50")
    new = services.record_ombudsman(tenant, None, unit=unit, year=2023, score="80.50")
    assert (old.grade, old.zone) == ("kuning", "kuning")
    assert (new.grade, new.zone) == ("B", "hijau")


def test_ombudsman_score_above_100_is_refused(world, references):
    with pytest.raises(DomainError) as error:
        services.record_ombudsman(world.tenant, None, unit=world.units["dukcapil"], year=2024,
                                  score=101)
    assert error.value.code == "score_out_of_range"


def test_akip_predicate_follows_the_score_and_prerequisites_report_it(world, references):
    services.record_instansi_assessment(world.tenant, None, year=2025, bpk_opinion="WTP",
                                        akip_score="75.20", indeks_rb="71.5")
    with scope(tenant=world.tenant.pk):
        found = selectors.instansi_prerequisites(world.tenant, 2025)
        missing = selectors.instansi_prerequisites(world.tenant, 2019)
    assert found == {"bpk_opinion": "WTP", "akip": "BB", "akip_score": Decimal("75.20"),
                     "indeks_rb": Decimal("71.50")}
    assert missing == {"bpk_opinion": None, "akip": None, "akip_score": None, "indeks_rb": None}


def _open(world, year=2025):
    services.open_mcp_year(world.tenant, None, year=year)
    with scope(tenant=world.tenant.pk):
        return list(McpTask.objects.filter(tenant=world.tenant).order_by("indicator__code"))


def test_verified_evidence_raises_the_area_and_total_mcp_scores(world, references):
    tasks = _open(world)
    evidence = services.submit_mcp_evidence(world.tenant, world.users["auditor"], tasks[0],
                                            description="RKPD 2025", url="https://x.id/rkpd")
    services.verify_mcp_evidence(world.tenant, world.users["auditor"], evidence, score=100)
    with scope(tenant=world.tenant.pk):
        score = selectors.mcp_score(world.tenant, 2025)
    first_area = score.areas[0]
    # One of four equally weighted sub-indicators of one of eight equal areas is at 100.
    assert first_area.score == Decimal("25.00") and first_area.band["code"] == "kuning"
    assert score.total == Decimal("3.13") and score.band["code"] == "merah"


def test_evidence_for_another_tenants_indicator_is_not_found(world, references, client_for):
    from integritas.accounts.services import create_api_token

    services.open_mcp_year(world.other_tenant, None, year=2025)
    with scope(tenant=world.other_tenant.pk):
        foreign = McpTask.objects.filter(tenant=world.other_tenant).first()
    with pytest.raises(NotFound):
        services.submit_mcp_evidence(world.tenant, None, foreign, description="x",
                                     url="https://x.id")
    _token, secret = create_api_token(world.tenant, None, user=world.users["auditor"],
                                      name="t")
    response = client_for(world.users["auditor"]).post(
        f"/api/v1/oversight/mcp/tasks/{foreign.pk}/evidence",
        {"description": "x", "url": "https://x.id"}, content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 404 and response.json()["code"] == "task_not_found"
    page = client_for(world.users["auditor"]).post(
        f"/contoh/pengawasan/mcp/indikator/{foreign.pk}/bukti/",
        {"description": "x", "url": "https://x.id"})
    assert page.status_code == 404


def test_a_published_component_needs_its_evidence_link(world, references):
    service = services.add_public_service(world.tenant, None, unit=world.units["dukcapil"],
                                          name="Akta kelahiran")
    with scope(tenant=world.tenant.pk):
        components = list(service.components.all())
    assert len(components) == 14
    with pytest.raises(DomainError) as error:
        services.update_service_component(world.tenant, None, components[0], published=True)
    assert error.value.field == "evidence_url"


def test_auditor_records_an_ombudsman_result_on_the_page(world, references, client_for):
    client = client_for(world.users["auditor"])
    response = client.post("/contoh/pengawasan/ombudsman/catat/", {
        "unit": world.units["dukcapil"].pk, "year": 2024, "score": "90"})
    assert response.status_code == 302
    page = client.get("/contoh/pengawasan/ombudsman/")
    assert "A — Kualitas Tertinggi" in page.content.decode()
    assert client.get("/contoh/pengawasan/ombudsman/?format=xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats")


def test_tracker_pages_render_for_a_viewer(world, references, client_for):
    _open(world)
    services.record_instansi_assessment(world.tenant, None, year=2025, bpk_opinion="WDP")
    client = client_for(world.users["zi_coordinator"])
    for url in ("/contoh/pengawasan/mcp/?year=2025", "/contoh/pengawasan/instansi/",
                "/contoh/pengawasan/standar-pelayanan/"):
        assert client.get(url).status_code == 200, url
