"""Staff survey pages and the API: periods, results, exports, the QR poster, by role."""

import datetime as dt
import io

import pytest
import time_machine
from django.test import Client
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook
from pyhanko.pdf_utils.reader import PdfFileReader

from integritas.accounts.models import ApiToken
from integritas.surveys import services
from integritas.surveys.models import SurveyPeriod
from integritas.surveys.testing import answer
from integritas.surveys.tests.conftest import CLOSES, OPENS, TODAY


@pytest.fixture
def answered(world, spak):
    with scope(tenant=world.tenant.pk):
        for values in (4, 3, [4, 4, 4, 4, 3, 3, 3, 3]):
            answer(world.tenant, spak, values, today=TODAY)
    return spak


def test_the_coordinator_opens_a_period_for_the_unit(world, client_for, libraries):
    client = client_for(world.users["zi_coordinator"])
    form = client.get("/contoh/survei/baru/")
    assert form.status_code == 200
    assert "Dinas Pendidikan" not in form.content.decode()  # outside the coordinator's unit
    response = client.post("/contoh/survei/baru/", {
        "unit": world.units["dukcapil"].pk, "kind": "spkp", "opens_on": "2027-02-01",
        "closes_on": "2027-01-01"})
    assert response.status_code == 400 and b"cannot close before it opens" in response.content
    response = client.post("/contoh/survei/baru/", {
        "unit": world.units["dukcapil"].pk, "kind": "spkp", "opens_on": "2027-02-01",
        "closes_on": "2027-03-31"})
    assert response.status_code == 302
    with scopes_disabled():
        assert SurveyPeriod.objects.get(kind="spkp").unit == world.units["dukcapil"]


def test_staff_see_results_per_statement_the_index_and_lke_value(world, client_for, answered):
    client = client_for(world.users["auditor"])
    listing = client.get("/contoh/survei/")
    assert listing.status_code == 200 and b"SPAK Disdukcapil 2027" in listing.content
    detail = client.get(f"/contoh/survei/{answered.pk}/")
    text = detail.content.decode()
    assert "3.50" in text  # (4 + 3 + 3.5) / 3
    assert "15.31" in text  # 3.50 / 4 × 17.5
    assert "hasil.1.i.a" in text and "/contoh/s/" in text and "<svg" in text
    filtered = client.get("/contoh/survei/", {"kind": "spkp"})
    assert b"SPAK Disdukcapil 2027" not in filtered.content


def test_responses_and_periods_export_to_excel(world, client_for, answered):
    client = client_for(world.users["auditor"])
    workbook = load_workbook(io.BytesIO(
        client.get(f"/contoh/survei/{answered.pk}/jawaban.xlsx").content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Received at", "diskriminasi") and len(rows) == 4
    listing = load_workbook(io.BytesIO(client.get("/contoh/survei/", {"format": "xlsx"}).content))
    assert list(listing.active.iter_rows(values_only=True))[1][6] == 3


def test_the_qr_poster_is_an_a4_pdf(world, client_for, answered):
    response = client_for(world.users["zi_coordinator"]).get(
        f"/contoh/survei/poster/{world.units['dukcapil'].pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    page = PdfFileReader(io.BytesIO(response.content)).root["/Pages"]["/Kids"][0]
    width, height = (round(float(page["/MediaBox"][i])) for i in (2, 3))
    assert (width, height) == (595, 842)  # A4 in points


def test_closing_asks_for_post_and_a_manager_of_the_unit(world, client_for, answered):
    assert client_for(world.users["regional_head"]).post(
        f"/contoh/survei/{answered.pk}/tutup/").status_code == 403
    client = client_for(world.users["zi_coordinator"])
    assert client.get(f"/contoh/survei/{answered.pk}/tutup/").status_code == 405
    assert client.post(f"/contoh/survei/{answered.pk}/tutup/").status_code == 302
    with scopes_disabled():
        answered.refresh_from_db()
    assert answered.status == "closed"


def test_other_units_and_other_pemda_see_nothing(world, client_for, answered, libraries):
    other = services.open_period(world.tenant, world.users["inspektur"],
                                 unit=world.units["pendidikan"], kind="spak", opens_on=OPENS,
                                 closes_on=CLOSES)
    coordinator = client_for(world.users["zi_coordinator"])
    assert coordinator.get(f"/contoh/survei/{other.pk}/").status_code == 404
    assert coordinator.get(f"/contoh/survei/poster/{world.units['pendidikan'].pk}/"
                           ).status_code == 404
    assert client_for(world.users["outsider"]).get("/contoh/survei/").status_code == 404
    assert Client().get("/contoh/survei/").status_code == 302


# --- API -------------------------------------------------------------------------------------

def bearer(world, persona):
    secret = ApiToken.new_secret(world.tenant.slug)
    with scopes_disabled():
        ApiToken.objects.create(tenant=world.tenant, user=world.users[persona], name="test",
                                key_hash=ApiToken.digest(secret), hint=secret[-4:])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_api_opens_lists_reports_and_closes_periods(world, answered):
    headers = bearer(world, "inspektur")
    api = Client()
    created = api.post("/api/v1/surveys/periods", {
        "unit_id": world.units["pendidikan"].pk, "kind": "spkp", "opens_on": "2027-02-01",
        "closes_on": "2027-04-30"}, content_type="application/json", **headers)
    assert created.status_code == 201 and created.json()["responses"] == 0
    listed = api.get("/api/v1/surveys/periods", {"kind": "spak"}, **headers).json()
    assert [p["id"] for p in listed] == [answered.pk] and listed[0]["index"] == "3.50"
    results = api.get(f"/api/v1/surveys/periods/{answered.pk}", **headers).json()
    assert results["lke"]["value"] == "15.31" and results["questions"][0]["counts"]["4"] == 2
    assert results["public_url_path"].startswith("/contoh/s/")
    with time_machine.travel(dt.date(2027, 5, 1)):
        indices = api.get(f"/api/v1/surveys/units/{world.units['dukcapil'].pk}/indices",
                          {"year": 2027}, **headers).json()
    assert indices == {"ipak": "3.50", "ipkp": None, "responses": 3}
    closed = api.post(f"/api/v1/surveys/periods/{answered.pk}/close", **headers)
    assert closed.json()["status"] == "closed"
    again = api.post(f"/api/v1/surveys/periods/{answered.pk}/close", **headers)
    assert again.status_code == 400 and again.json()["code"] == "surveys.period_closed"
    viewer = bearer(world, "regional_head")
    assert api.post("/api/v1/surveys/periods", {}, content_type="application/json",
                    **viewer).status_code in (403, 422)
