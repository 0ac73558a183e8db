"""The risk pages by persona: an OPD maps risks and submits, the Inspektorat returns, the map
counts change; unit-limited roles see only their units."""

import datetime as dt

import pytest
from django_scopes import scope

from integritas.risk import services
from integritas.risk.models import Activity, Register
from integritas.risk.tests.helpers import YEAR, make_register, plan_fields, risk_fields

pytestmark = pytest.mark.usefixtures("risk_library")


def base(world):
    return f"/{world.tenant.slug}/risiko"


def test_opd_head_creates_a_register_and_adds_a_risk_with_the_criteria_shown(world, client_for):
    client = client_for(world.users["opd_head"])
    response = client.post(f"{base(world)}/register/baru/", {
        "unit": world.units["dukcapil"].pk, "year": YEAR, "level": "opd",
        "goal": "Layanan adminduk bersih", "appetite": 10})
    assert response.status_code == 302
    with scope(tenant=world.tenant.pk):
        register = Register.objects.get()
    page = client.get(f"{base(world)}/register/{register.pk}/risiko/baru/")
    assert "Hampir pasti terjadi" in page.content.decode()
    response = client.post(f"{base(world)}/register/{register.pk}/risiko/baru/",
                           {**risk_fields(), "residual_likelihood": "", "residual_impact": ""})
    assert response.status_code == 302
    with scope(tenant=world.tenant.pk):
        risk = register.risks.get()
    assert (risk.score, risk.residual_score) == (19, 19)


def test_a_likelihood_of_six_in_the_form_is_shown_beside_the_field(world, client_for):
    register = make_register(world)
    response = client_for(world.users["opd_head"]).post(
        f"{base(world)}/register/{register.pk}/risiko/baru/", risk_fields(likelihood=6))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_submit_without_plans_shows_the_coded_message(world, client_for):
    register = make_register(world)
    services.add_risk(world.tenant, world.users["opd_head"], register, **risk_fields())
    client = client_for(world.users["opd_head"])
    response = client.post(f"{base(world)}/register/{register.pk}/ajukan/", follow=True)
    assert "need a treatment plan (RTP) first: R01" in response.content.decode()


def test_the_inspektorat_returns_a_submitted_register_and_the_opd_sees_the_note(world,
                                                                              client_for):
    register = make_register(world)
    risk = services.add_risk(world.tenant, world.users["opd_head"], register, **risk_fields())
    services.add_plan(world.tenant, world.users["opd_head"], risk, **plan_fields())
    services.submit_register(world.tenant, world.users["opd_head"], register)
    auditor = client_for(world.users["auditor"])
    auditor.post(f"{base(world)}/register/{register.pk}/reviu/",
                 {"decision": "return", "note": "Tambahkan risiko gratifikasi"})
    register.refresh_from_db()
    assert register.status == Register.Status.RETURNED
    page = client_for(world.users["opd_head"]).get(f"{base(world)}/register/{register.pk}/")
    assert "Tambahkan risiko gratifikasi" in page.content.decode()


def test_heat_map_counts_each_risk_in_its_cell_and_links_to_the_list(world, client_for):
    register = make_register(world)
    services.add_risk(world.tenant, world.users["opd_head"], register, **risk_fields())
    client = client_for(world.users["inspektur"])
    page = client.get(f"{base(world)}/").content.decode()
    assert f"year={YEAR}&amp;l=4&amp;i=4" in page
    assert "1 risks at likelihood 4, impact 4 (Tinggi)" in page
    listed = client.get(f"{base(world)}/daftar/", {"year": YEAR, "l": 4, "i": 4})
    assert "Pungutan liar" in listed.content.decode()
    empty = client.get(f"{base(world)}/daftar/", {"year": YEAR, "l": 1, "i": 1})
    assert "Pungutan liar" not in empty.content.decode()


def test_the_fraud_layer_keeps_only_fraud_risks(world, client_for):
    register = make_register(world)
    services.add_risk(world.tenant, world.users["opd_head"], register, **risk_fields())
    services.add_risk(world.tenant, world.users["opd_head"], register,
                      **risk_fields(statement="Server down", category="operasional",
                                    likelihood=2, impact=2))
    page = client_for(world.users["auditor"]).get(f"{base(world)}/", {"layer": "fraud"})
    assert "Server down" not in page.content.decode()
    assert "Pungutan liar" in page.content.decode()


def test_a_unit_limited_head_does_not_see_another_units_register(world, client_for):
    register = make_register(world, persona="admin", unit=world.units["pendidikan"])
    client = client_for(world.users["opd_head"])
    assert client.get(f"{base(world)}/register/{register.pk}/").status_code == 404
    assert client.get(f"{base(world)}/register/").content.decode().count("Dinas Pendidikan") == 0


def test_activity_cannot_be_marked_started_from_the_list_without_risks(world, client_for):
    client = client_for(world.users["opd_head"])
    client.post(f"{base(world)}/kegiatan/baru/", {
        "unit": world.units["dukcapil"].pk, "year": YEAR, "name": "Jemput bola",
        "budget": 1000, "starts_on": dt.date(YEAR, 2, 1), "ends_on": dt.date(YEAR, 3, 1)})
    with scope(tenant=world.tenant.pk):
        activity = Activity.objects.get()
    response = client.post(f"{base(world)}/kegiatan/{activity.pk}/mulai/", follow=True)
    assert "Map the risks of Jemput bola" in response.content.decode()
    activity.refresh_from_db()
    assert activity.started_at is None


def test_register_exports_to_excel_and_pdf(world, client_for):
    register = make_register(world)
    services.add_risk(world.tenant, world.users["opd_head"], register, **risk_fields())
    client = client_for(world.users["auditor"])
    xlsx = client.get(f"{base(world)}/register/{register.pk}/", {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(f"{base(world)}/register/{register.pk}/register.pdf")
    assert pdf.content.startswith(b"%PDF")
    listing = client.get(f"{base(world)}/register/", {"format": "xlsx"})
    assert listing.status_code == 200


def test_matrix_page_rejects_overlapping_bands_with_the_problem_named(world, client_for):
    client = client_for(world.users["inspektur"])
    form = client.get(f"{base(world)}/matriks/ubah/").context["form"]
    data = {name: field.initial for name, field in form.fields.items() if name.startswith("cell")}
    data["bands"] = ("rendah; Rendah; 1; 12; green; tidak\n"
                     "tinggi; Tinggi; 10; 25; red; ya")
    response = client.post(f"{base(world)}/matriks/ubah/", data)
    assert response.status_code == 400
    assert "bands rendah and tinggi overlap" in response.content.decode()


def test_pages_without_reference_data_explain_what_to_load(db, world, client_for):
    from integritas.risk.models import RiskLibrary

    RiskLibrary.objects.all().delete()
    page = client_for(world.users["auditor"]).get(f"{base(world)}/")
    assert "reference data is not loaded" in page.content.decode()


def test_the_coi_layer_says_so_when_the_conflicts_map_has_nothing(world, client_for):
    page = client_for(world.users["inspektur"]).get(f"{base(world)}/", {"layer": "coi"})
    assert page.status_code == 200
    assert "No conflict-of-interest risk map yet" in page.content.decode()
