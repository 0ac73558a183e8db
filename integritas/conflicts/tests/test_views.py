"""The pages: declare, decide, register with filters and exports, risk map, overdue, campaign,
officers and evaluations — by persona."""

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from integritas.accounts.permissions import grant
from integritas.conflicts import services
from integritas.conflicts.models import Declaration, Evaluation, StatementCampaign
from integritas.conflicts.selectors import campaign_completion
from integritas.conflicts.tests.helpers import decide, declare

BASE = "/contoh/benturan/"
TODAY = dt.datetime(2026, 11, 4, 9, 0)


def declaration_form(**overrides) -> dict:
    data = {"kind": "aktual", "conflict_type": "pemilihan-rekanan", "source": "keluarga-kerabat",
            "subject_kind": "procurement", "subject_ref": "PBJ-1", "subject_unit": "",
            "description": "My cousin bids.",
            "parties-TOTAL_FORMS": "3", "parties-INITIAL_FORMS": "0",
            "parties-MIN_NUM_FORMS": "0", "parties-MAX_NUM_FORMS": "20",
            "parties-0-name": "Andi", "parties-0-relation": "family"}
    data.update(overrides)
    return data


@time_machine.travel(TODAY, tick=False)
def test_employee_declares_on_the_page_and_sees_decision_suspended(world, org, client_for):
    client = client_for(world.users["employee"])
    data = declaration_form(files=SimpleUploadedFile("akta.pdf", b"%PDF-1.4"))
    response = client.post(BASE + "baru/", data)
    with scope(tenant=world.tenant.pk):
        declaration = Declaration.objects.get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Decision suspended" in page and "7 working days left" in page
    assert "akta.pdf" in page and "Withdraw" in page
    with scope(tenant=world.tenant.pk):
        evidence = declaration.evidence.get()
    download = client.get(f"{BASE}{declaration.pk}/bukti/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    assert "PBJ-1" in client.get(BASE).content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_bad_declaration_shows_the_error_beside_the_form(world, org, client_for):
    client = client_for(world.users["employee"])
    response = client.post(BASE + "baru/", declaration_form(**{"parties-0-relation": ""}))
    assert response.status_code == 400
    assert "Choose the relation of Andi." in response.content.decode()
    with scopes_disabled():
        assert not Declaration.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_superior_decides_on_the_page_and_prints_the_decision(world, org, client_for):
    declaration = declare(world, today=dt.date(2026, 11, 4))
    client = client_for(world.users["opd_head"])
    assert declaration.number in client.get(BASE + "keputusan/").content.decode()
    page = client.get(f"{BASE}{declaration.pk}/").content.decode()
    assert "Decide the control measure" in page
    response = client.post(f"{BASE}{declaration.pk}/putuskan/", {
        "is_real": "yes", "impact": "Biased evaluation.", "measure": "handover",
        "reasons": "The tender committee chair takes over."})
    assert response.status_code == 302
    pdf = client.get(f"{BASE}{declaration.pk}/keputusan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@time_machine.travel(TODAY, tick=False)
def test_a_mismatched_decision_is_refused_on_the_page(world, org, client_for):
    declaration = declare(world, today=dt.date(2026, 11, 4))
    client = client_for(world.users["opd_head"])
    response = client.post(f"{BASE}{declaration.pk}/putuskan/", {
        "is_real": "no", "impact": "None.", "measure": "recusal", "reasons": "-"})
    assert response.status_code == 400
    assert "takes no measure" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_others_declarations_are_not_found_for_an_employee(world, org, client_for):
    declaration = declare(world, persona="budi", today=dt.date(2026, 11, 4))
    client = client_for(world.users["employee"])
    assert client.get(f"{BASE}{declaration.pk}/").status_code == 404
    assert client.post(f"{BASE}{declaration.pk}/tarik/").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_register_filters_exports_and_limits_a_unit_head_to_their_units(world, org,
                                                                          client_for):
    dukcapil = declare(world, today=dt.date(2026, 11, 2))
    pendidikan = declare(world, persona="budi", kind="potensial", today=dt.date(2026, 11, 3))
    inspektur = client_for(world.users["inspektur"])
    page = inspektur.get(BASE + "register/").content.decode()
    assert dukcapil.number in page and pendidikan.number in page
    page = inspektur.get(BASE + "register/?kind=potensial&year=2026").content.decode()
    assert dukcapil.number not in page and pendidikan.number in page
    page = inspektur.get(BASE + f"register/?opd={world.units['dukcapil'].pk}").content.decode()
    assert dukcapil.number in page and pendidikan.number not in page
    xlsx = inspektur.get(BASE + "register/?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = inspektur.get(BASE + "register/?status=suspended&format=pdf")
    assert pdf.content.startswith(b"%PDF")
    head = client_for(world.users["opd_head"]).get(BASE + "register/").content.decode()
    assert dukcapil.number in head and pendidikan.number not in head


@time_machine.travel(TODAY, tick=False)
def test_risk_map_page_and_its_excel(world, org, client_for):
    declare(world, today=dt.date(2026, 11, 2))
    client = client_for(world.users["auditor"])
    assert "Pengadministrasi Kependudukan" in client.get(BASE + "peta-risiko/").content.decode()
    assert client.get(BASE + "peta-risiko/?format=xlsx").status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_the_inspektorat_sees_overdue_decisions(world, org, client_for):
    late = declare(world, today=dt.date(2026, 10, 1))
    services.escalate_overdue(world.tenant, None, today=dt.date(2026, 11, 4))
    page = client_for(world.users["inspektur"]).get(BASE + "terlambat/").content.decode()
    assert late.number in page and "working days overdue" in page
    assert late.number in client_for(world.users["inspektur"]).get(
        BASE + "keputusan/").content.decode()


@time_machine.travel(TODAY, tick=False)
def test_annual_statement_campaign_from_opening_to_completion(world, org, client_for):
    inspektur = client_for(world.users["inspektur"])
    response = inspektur.post(BASE + "pernyataan/baru/", {
        "year": "2026", "opens_on": "2026-11-02", "due_on": "2026-12-15"})
    assert response.status_code == 302
    campaign_url = response["Location"]
    employee = client_for(world.users["employee"])
    assert "I have nothing to declare" in employee.get(BASE).content.decode()
    assert employee.post(campaign_url + "nihil/").status_code == 302
    assert "Filed" in employee.get(BASE).content.decode()
    with scope(tenant=world.tenant.pk):
        campaign = StatementCampaign.objects.get()
        rows = {row["opd"].pk: row for row in campaign_completion(
            world.tenant, grant(world.users["inspektur"].memberships.all(), "conflicts.view"),
            campaign)}
    dukcapil = rows[world.units["dukcapil"].pk]
    assert (dukcapil["employees"], dukcapil["nil"], dukcapil["filed"]) == (3, 1, 1)
    assert dukcapil["percent"] == 33.3
    page = client_for(world.users["inspektur"]).get(campaign_url).content.decode()
    assert "33.3 %" in page


@time_machine.travel(TODAY, tick=False)
def test_officers_are_designated_by_nip_and_removed(world, org, client_for):
    client = client_for(world.users["auditor"])
    response = client.post(BASE + "pejabat/", {"unit": world.units["pendidikan"].pk,
                                               "nip": org["kadis_pendidikan"].nip})
    assert response.status_code == 302
    assert "Kadis Pendidikan" in client.get(BASE + "pejabat/").content.decode()
    response = client.post(BASE + "pejabat/", {"unit": world.units["pendidikan"].pk,
                                               "nip": "199001012020121001"})
    assert response.status_code == 400


@time_machine.travel(TODAY, tick=False)
def test_evaluation_with_figures_findings_and_exports(world, org, client_for):
    decide(world, declare(world, today=dt.date(2026, 7, 6)), today=dt.date(2026, 7, 8))
    client = client_for(world.users["inspektur"])
    response = client.post(BASE + "evaluasi/baru/", {
        "year": "2026", "period": "s2", "findings": "Two OPD never declared.",
        "follow_ups": "Socialise the Perwako in both."})
    assert response.status_code == 302
    with scope(tenant=world.tenant.pk):
        evaluation = Evaluation.objects.get()
    assert evaluation.figures["declarations"] == 1
    assert evaluation.figures["decided_on_time_pct"] == 100.0
    page = client.get(response["Location"]).content.decode()
    assert "Two OPD never declared." in page
    assert client.get(response["Location"] + "?format=pdf").content.startswith(b"%PDF")
    assert client.get(response["Location"] + "?format=xlsx").status_code == 200
    again = client.post(BASE + "evaluasi/baru/", {
        "year": "2026", "period": "s2", "findings": "x", "follow_ups": "y"})
    assert again.status_code == 400
