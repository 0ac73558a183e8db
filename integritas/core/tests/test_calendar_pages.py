"""The working-day calendar page: every role reads it, administrators manage local holidays."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scope

from integritas.core.calendar_services import add_local_holiday
from integritas.core.models import LocalHoliday

EVERY_ROLE = ["admin", "inspektur", "auditor", "upg", "opd_head", "zi_coordinator", "tpi",
              "regional_head", "external", "employee"]


def url(name, *args):
    return reverse(name, args=("contoh", *args))


@pytest.mark.parametrize("persona", EVERY_ROLE)
def test_every_role_sees_the_year_of_holidays(world, holidays, client_for, persona):
    response = client_for(world.users[persona]).get(url("core:calendar"), {"year": 2026})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hari Raya Idul Fitri 1447 Hijriah" in html and "Cuti Bersama" in html
    assert ("Add a local holiday" in html or "Tambah" in html) == (persona == "admin")


def test_outsider_gets_404(world, client_for):
    assert client_for(world.users["outsider"]).get(url("core:calendar")).status_code == 404


def test_estimated_year_is_flagged(world, holidays, client_for):
    response = client_for(world.users["auditor"]).get(url("core:calendar"), {"year": 2027})
    assert response.context["estimated"]
    response = client_for(world.users["auditor"]).get(url("core:calendar"), {"year": 2026})
    assert not response.context["estimated"]


def test_nonsense_year_shows_the_current_year(world, client_for):
    client = client_for(world.users["auditor"])
    for year in ("abc", "99999", "-1"):
        response = client.get(url("core:calendar"), {"year": year})
        assert response.status_code == 200
        assert response.context["year"] == dt.date.today().year


def test_admin_adds_a_local_holiday(world, client_for):
    response = client_for(world.users["admin"]).post(
        url("core:local_holiday_add"), {"date": "2026-07-01", "name": "HUT Kota Contoh"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2026")
    with scope(tenant=world.tenant.pk):
        assert LocalHoliday.objects.get().name == "HUT Kota Contoh"


def test_duplicate_local_holiday_is_shown_beside_the_date(world, client_for):
    add_local_holiday(world.tenant, world.users["admin"], date=dt.date(2026, 7, 1), name="HUT")
    response = client_for(world.users["admin"]).post(
        url("core:local_holiday_add"), {"date": "2026-07-01", "name": "Lagi"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["holiday_form"].errors["date"]


def test_invalid_local_holiday_input_is_a_form_error_not_a_500(world, client_for):
    response = client_for(world.users["admin"]).post(
        url("core:local_holiday_add"), {"date": "2026-02-30", "name": ""})
    assert response.status_code == 400
    assert set(response.context["holiday_form"].errors) == {"date", "name"}


@pytest.mark.parametrize("persona", ["auditor", "inspektur", "employee"])
def test_only_administrators_manage_local_holidays(world, client_for, persona):
    holiday = add_local_holiday(world.tenant, world.users["admin"], date=dt.date(2026, 7, 1),
                                name="HUT")
    client = client_for(world.users[persona])
    assert client.post(url("core:local_holiday_add"),
                       {"date": "2026-07-02", "name": "X"}).status_code == 403
    assert client.post(url("core:local_holiday_delete", holiday.pk)).status_code == 403


def test_admin_deletes_a_local_holiday(world, client_for):
    holiday = add_local_holiday(world.tenant, world.users["admin"], date=dt.date(2026, 7, 1),
                                name="HUT")
    client = client_for(world.users["admin"])
    assert client.get(url("core:local_holiday_delete", holiday.pk)).status_code == 405
    assert client.post(url("core:local_holiday_delete", holiday.pk)).status_code == 302
    with scope(tenant=world.tenant.pk):
        assert not LocalHoliday.objects.exists()
    assert client.post(url("core:local_holiday_delete", holiday.pk)).status_code == 404


def test_another_pemdas_local_holiday_cannot_be_deleted(world, client_for):
    theirs = add_local_holiday(world.other_tenant, world.users["outsider"],
                               date=dt.date(2026, 7, 1), name="HUT Lain")
    response = client_for(world.users["admin"]).post(url("core:local_holiday_delete", theirs.pk))
    assert response.status_code == 404


def test_calculator_answers_htmx_with_the_result_only(world, holidays, client_for):
    response = client_for(world.users["employee"]).get(
        url("core:calendar_add"), {"start": "2025-03-27", "days": 1}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.context["add_result"] == dt.date(2025, 4, 8)
    assert html.lstrip().startswith('<div id="add-result"') and "<html" not in html


def test_calculator_counts_between_two_dates(world, holidays, client_for):
    response = client_for(world.users["employee"]).get(
        url("core:calendar_between"), {"start": "2025-12-31", "end": "2026-01-05"},
        HTTP_HX_REQUEST="true")
    assert response.context["between_result"] == 2


def test_calculator_without_htmx_renders_the_whole_page(world, client_for):
    response = client_for(world.users["employee"]).get(
        url("core:calendar_add"), {"start": "2026-11-23", "days": 1})
    assert "<html" in response.content.decode()
    assert response.context["add_result"] == dt.date(2026, 11, 24)


@pytest.mark.parametrize("params", [{"start": "nope", "days": 1},
                                    {"start": "2026-01-01", "days": 10**7},
                                    {"start": "9999-12-01", "days": 100}])
def test_calculator_shows_errors_for_bad_input(world, client_for, params):
    response = client_for(world.users["employee"]).get(url("core:calendar_add"), params,
                                                       HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
