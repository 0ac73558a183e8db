"""Campaign pages per persona: list, create, completion, exports, recap PDF, texts."""

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from integritas.core.testing.factories import EmployeeFactory
from integritas.pacts import services
from integritas.pacts.models import LibraryPactText, PactCampaign, PactTarget, PactText
from integritas.pacts.tests.helpers import BODY, DUE, OPENS, build_org, draft

DURING = dt.datetime(2027, 1, 11, 9, 0)


def url(name, **kwargs):
    return reverse(f"pacts:{name}", kwargs={"tenant_slug": "contoh", **kwargs})


@pytest.fixture
def people(world):
    return build_org(world)


@pytest.fixture
def opened(world, people):
    campaign = services.open_campaign(world.tenant, world.users["inspektur"], draft(world))
    with scope(tenant=world.tenant.pk):
        PactTarget.objects.filter(campaign=campaign, employee=people["kadis_dukcapil"]).update(
            status="witnessed", signed_at=dt.datetime(2027, 1, 5, 3, tzinfo=dt.UTC))
    return campaign


def form_data(world, **overrides):
    with scope(tenant=world.tenant.pk):
        text = PactText.objects.get(tenant=world.tenant, code="pi-asn")
    return {"title": "Pakta 2027", "text": text.pk, "occasion": "annual",
            "opens_on": OPENS.isoformat(), "due_on": DUE.isoformat(), "target_kind": "units",
            "units": [world.units["dukcapil"].pk], "employee_nips": "",
            "joiner_allowance_days": "10"} | overrides


def test_campaign_list_shows_status_and_percent_signed(world, client_for, opened):
    response = client_for(world.users["auditor"]).get(url("campaign_list"))
    assert response.status_code == 200
    [campaign] = response.context["object_list"]
    assert (campaign.target_count, campaign.signed_count, campaign.percent_signed) == (
        9, 1, 11.11)
    assert "Pakta Integritas 2027" in response.content.decode()


def test_campaign_list_filters_by_status_and_searches(world, client_for, opened):
    draft(world, title="Pakta pelantikan")
    client = client_for(world.users["auditor"])
    drafts = client.get(url("campaign_list"), {"status": "draft"}).context["object_list"]
    found = client.get(url("campaign_list"), {"q": "pelantikan"}).context["object_list"]
    assert [c.title for c in drafts] == [c.title for c in found] == ["Pakta pelantikan"]


def test_campaign_list_exports_to_excel(world, client_for, opened):
    response = client_for(world.users["auditor"]).get(url("campaign_list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == "Pakta Integritas 2027" and rows[1][-3:] == (9, 1, 11.11)


def test_manager_creates_a_draft_campaign_for_chosen_units(world, client_for, people):
    services.create_text(world.tenant, world.users["admin"], code="pi-asn", title="Pakta",
                         body=BODY)
    response = client_for(world.users["inspektur"]).post(url("campaign_create"),
                                                         form_data(world))
    with scope(tenant=world.tenant.pk):
        campaign = PactCampaign.objects.get(title="Pakta 2027")
    assert response.status_code == 302
    assert response["Location"] == url("campaign_detail", pk=campaign.pk)
    assert (campaign.status, campaign.target_values) == ("draft", [world.units["dukcapil"].pk])


def test_service_errors_show_beside_the_field(world, client_for, people):
    services.create_text(world.tenant, world.users["admin"], code="pi-asn", title="Pakta",
                         body=BODY)
    client = client_for(world.users["inspektur"])
    no_units = client.post(url("campaign_create"), form_data(world, units=[]))
    bad_dates = client.post(url("campaign_create"), form_data(world, due_on="2026-12-01"))
    unknown_nip = client.post(url("campaign_create"), form_data(
        world, target_kind="employees", employee_nips="199001012015011999"))
    assert no_units.status_code == 400 and no_units.context["form"].errors["units"]
    assert bad_dates.status_code == 400 and bad_dates.context["form"].errors
    assert "199001012015011999" in unknown_nip.context["form"].errors["employee_nips"][0]
    with scope(tenant=world.tenant.pk):
        assert not PactCampaign.objects.exists()


def test_without_texts_the_form_offers_the_library(world, client_for):
    response = client_for(world.users["inspektur"]).get(url("campaign_create"))
    assert response.context["has_texts"] is False
    assert url("text_list") in response.content.decode()


def test_manager_adopts_a_library_text(world, client_for):
    library = LibraryPactText.objects.create(
        code="pi-standar", version=1, title="Pakta Integritas ASN", body=BODY,
        effective_from=dt.date(2026, 1, 1), content_hash="x")
    client = client_for(world.users["admin"])
    assert "Pakta Integritas ASN" in client.get(url("text_list")).content.decode()
    response = client.post(url("text_adopt", library_pk=library.pk))
    assert response.status_code == 302
    with scope(tenant=world.tenant.pk):
        text = PactText.objects.get(tenant=world.tenant, code="pi-standar")
    assert (text.version, text.library_text_id) == (1, library.pk)


def test_viewer_cannot_create_or_open(world, client_for, opened):
    client = client_for(world.users["opd_head"])
    assert client.get(url("campaign_create")).status_code == 403
    assert client.post(url("campaign_close", pk=opened.pk)).status_code == 403


def test_outsider_gets_404_for_a_campaign(world, client_for, opened):
    client = client_for(world.users["outsider"])
    assert client.get(url("campaign_detail", pk=opened.pk)).status_code == 404


def test_manager_opens_and_closes_a_campaign(world, client_for, people):
    campaign = draft(world)
    client = client_for(world.users["inspektur"])
    client.post(url("campaign_open", pk=campaign.pk))
    campaign.refresh_from_db()
    assert campaign.status == "open"
    again = client.post(url("campaign_open", pk=campaign.pk), follow=True)
    assert "Only a draft campaign can be opened." in again.content.decode()
    client.post(url("campaign_close", pk=campaign.pk))
    campaign.refresh_from_db()
    assert campaign.status == "closed"


@time_machine.travel(DURING, tick=False)
def test_detail_shows_completion_chart_and_deadline(world, client_for, opened):
    response = client_for(world.users["auditor"]).get(url("campaign_detail", pk=opened.pk))
    html = response.content.decode()
    assert response.context["completion"].total == 9
    assert "<svg" in html and 'fill="#2f7d4f"' in html and "style=" not in html
    assert "working days left" in response.context["deadline"]
    names = [t.employee.name for t in response.context["unsigned"].object_list]
    assert "Kadis Dukcapil" not in names and len(names) == 8


def test_detail_sorts_opds_by_percent_and_filters_unsigned_by_opd(world, client_for, opened):
    client = client_for(world.users["auditor"])
    rows = client.get(url("campaign_detail", pk=opened.pk), {"sort": "-percent"}).context["rows"]
    assert rows[0].opd_name == "Dinas Kependudukan dan Catatan Sipil"
    by_name = client.get(url("campaign_detail", pk=opened.pk), {"sort": "name"}).context["rows"]
    assert [r.opd_name for r in by_name] == sorted(r.opd_name for r in by_name)
    filtered = client.get(url("campaign_detail", pk=opened.pk),
                          {"opd": world.units["pendidikan"].pk}).context["unsigned"]
    assert {t.employee.name for t in filtered.object_list} == {"Kadis Pendidikan",
                                                              "Budi Hartono"}


def test_opd_head_sees_only_their_opd(world, client_for, opened):
    response = client_for(world.users["opd_head"]).get(url("campaign_detail", pk=opened.pk))
    assert [row.opd_name for row in response.context["rows"]] == [
        "Dinas Kependudukan dan Catatan Sipil"]
    assert response.context["completion"].total == 3


@time_machine.travel(dt.datetime(2027, 1, 20, 9, 0), tick=False)
def test_detail_lists_who_is_overdue(world, client_for, opened):
    response = client_for(world.users["auditor"]).get(url("campaign_detail", pk=opened.pk))
    assert response.context["overdue"].paginator.count == 8


def test_targets_export_opens_in_excel(world, client_for, opened):
    response = client_for(world.users["auditor"]).get(url("campaign_detail", pk=opened.pk),
                                                      {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == ("NIP", "Name", "OPD", "Unit", "Position", "Due on", "Status",
                       "Signed at", "Late")
    assert len(rows) == 10


def test_recap_pdf_is_a_pdf(world, client_for, opened):
    response = client_for(world.users["inspektur"]).get(url("campaign_recap_pdf",
                                                            pk=opened.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_completion_page_queries_do_not_grow_with_targets(world, client_for, people):
    client = client_for(world.users["auditor"])
    campaign = services.open_campaign(world.tenant, world.users["inspektur"], draft(world))
    page = url("campaign_detail", pk=campaign.pk)
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        client.get(page)
    EmployeeFactory.create_batch(30, unit=world.units["pendidikan"])
    bigger = services.open_campaign(world.tenant, world.users["inspektur"],
                                    draft(world, title="Lagi"))
    with CaptureQueriesContext(connection) as many:
        client.get(url("campaign_detail", pk=bigger.pk))
    assert len(many) == len(few)
