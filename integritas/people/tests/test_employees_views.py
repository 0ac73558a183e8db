"""Employee pages per persona: who sees whom, search, filters, export, forms, status change."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from integritas.core.testing.factories import EmployeeFactory
from integritas.people import services
from integritas.people.models import Employee, Position
from integritas.people.nip import format_nip

NIP = "198507122010011003"


def url(name, **kwargs):
    return reverse(f"people:{name}", kwargs={"tenant_slug": "contoh", **kwargs})


def names_in(response):
    return [e.name for e in response.context["object_list"]]


@pytest.fixture
def admin(world, client_for):
    return client_for(world.users["admin"])


def form_data(world, **overrides):
    return {"nip": NIP, "employment": "pns", "name": "Dr. H. Ahmad Fauzi, S.E., M.Si.",
            "sex": "", "email": "", "unit": world.units["dukcapil"].pk,
            "position_title": "Kepala Bidang", "position_kind": "administrator",
            "echelon": "III.b", "superior": "", "started_on": "2024-01-02"} | overrides


def test_auditor_sees_every_employee_of_the_pemda_with_formatted_nip(world, client_for):
    response = client_for(world.users["auditor"]).get(url("employee_list"))
    assert response.status_code == 200
    assert sorted(names_in(response)) == ["Budi Hartono", "Siti Aminah, S.Kom."]
    assert format_nip(world.employees["dukcapil_staff"].nip) in response.content.decode()


def test_opd_head_sees_only_employees_of_their_unit_subtree(world, client_for):
    response = client_for(world.users["opd_head"]).get(url("employee_list"))
    assert names_in(response) == ["Siti Aminah, S.Kom."]


def test_opd_head_gets_404_for_an_employee_outside_their_unit(world, client_for):
    client = client_for(world.users["opd_head"])
    outside = world.employees["pendidikan_staff"]
    assert client.get(url("employee_detail", pk=outside.pk)).status_code == 404
    inside = world.employees["dukcapil_staff"]
    assert client.get(url("employee_detail", pk=inside.pk)).status_code == 200


def test_employee_persona_is_refused_the_list(world, client_for):
    assert client_for(world.users["employee"]).get(url("employee_list")).status_code == 403


def test_outsider_gets_404_for_another_pemdas_list(world, client_for):
    assert client_for(world.users["outsider"]).get(url("employee_list")).status_code == 404


def test_another_pemdas_employee_is_404_even_for_the_admin(world, admin):
    other = world.employees["lain_staff"]
    assert admin.get(url("employee_detail", pk=other.pk)).status_code == 404
    assert admin.get(url("employee_edit", pk=other.pk)).status_code == 404


def test_viewer_without_manage_permission_cannot_open_the_forms(world, client_for):
    client = client_for(world.users["auditor"])
    assert client.get(url("employee_create")).status_code == 403
    pk = world.employees["dukcapil_staff"].pk
    assert client.post(url("employee_status", pk=pk), {"status": "moved"}).status_code == 403


def test_search_by_name_ignores_titles(world, admin):
    assert names_in(admin.get(url("employee_list"), {"q": "Dr. siti"})) == ["Siti Aminah, S.Kom."]


def test_search_by_nip_accepts_the_printed_form(world, admin):
    nip = world.employees["pendidikan_staff"].nip
    response = admin.get(url("employee_list"), {"q": format_nip(nip)[:15]})
    assert names_in(response) == ["Budi Hartono"]


def test_unit_filter_includes_sub_units(world, admin):
    response = admin.get(url("employee_list"), {"unit": world.units["dukcapil"].pk})
    assert names_in(response) == ["Siti Aminah, S.Kom."]


def test_unit_filter_outside_the_grant_matches_nobody(world, client_for):
    client = client_for(world.users["opd_head"])
    response = client.get(url("employee_list"), {"unit": world.units["pendidikan"].pk})
    assert names_in(response) == []


def test_status_kind_and_employment_filters(world, admin):
    EmployeeFactory(unit=world.units["pendidikan"], name="Retno", status="retired",
                    position_kind="fungsional", employment="pppk",
                    nip="199009132025242014")
    assert names_in(admin.get(url("employee_list"), {"status": "retired"})) == ["Retno"]
    assert names_in(admin.get(url("employee_list"), {"kind": "fungsional"})) == ["Retno"]
    assert names_in(admin.get(url("employee_list"), {"employment": "pppk"})) == ["Retno"]


def test_sort_by_nip_descending(world, admin):
    response = admin.get(url("employee_list"), {"sort": "-nip"})
    nips = [e.nip for e in response.context["object_list"]]
    assert nips == sorted(nips, reverse=True)


def test_list_paginates_and_its_queries_do_not_grow_with_rows(world, admin):
    with CaptureQueriesContext(connection) as few:
        admin.get(url("employee_list"))
    EmployeeFactory.create_batch(60, unit=world.units["pendidikan"])
    with CaptureQueriesContext(connection) as many:
        response = admin.get(url("employee_list"))
    assert len(response.context["object_list"]) == 50
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(admin.get(url("employee_list"), {"page": 2}).context["object_list"]) == 12


def test_empty_search_shows_the_empty_state(world, admin):
    response = admin.get(url("employee_list"), {"q": "nobody-like-this"})
    assert "No employees match your search." in response.content.decode()


def test_excel_export_has_the_filtered_rows(world, admin):
    response = admin.get(url("employee_list"), {"format": "xlsx", "unit":
                                                world.units["dukcapil"].pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("NIP", "Name")
    staff = world.employees["dukcapil_staff"]
    assert [row[:2] for row in rows[1:]] == [(staff.nip, "Siti Aminah, S.Kom.")]


def test_create_form_adds_the_employee_and_shows_the_detail(world, admin):
    response = admin.post(url("employee_create"), form_data(world))
    with scope(tenant=world.tenant.pk):
        employee = Employee.objects.get(nip=NIP)
    assert response.status_code == 302
    assert response["Location"] == url("employee_detail", pk=employee.pk)
    detail = admin.get(response["Location"]).content.decode()
    assert "19850712 201001 1 003" in detail and "Kepala Bidang" in detail


def test_create_form_shows_the_service_error_beside_the_field(world, admin):
    taken = world.employees["dukcapil_staff"].nip
    response = admin.post(url("employee_create"), form_data(world, nip=taken))
    assert response.status_code == 200
    assert response.context["form"].errors["nip"] == [
        "Another employee of this Pemda already has this NIP."]


def test_create_form_shows_nip_rule_and_sex_mismatch_beside_their_fields(world, admin):
    response = admin.post(url("employee_create"), form_data(world, nip="1985071220100110"))
    assert "nip" in response.context["form"].errors
    response = admin.post(url("employee_create"), form_data(world, sex="F"))
    assert "sex" in response.context["form"].errors


def test_create_form_resolves_the_superior_by_nip(world, admin):
    boss = world.employees["dukcapil_staff"]
    admin.post(url("employee_create"), form_data(world, superior=format_nip(boss.nip)))
    with scope(tenant=world.tenant.pk):
        assert Employee.objects.get(nip=NIP).superior == boss
    response = admin.post(url("employee_create"),
                          form_data(world, nip="199001012015032004", superior="123"))
    assert "superior" in response.context["form"].errors


def test_edit_form_moves_the_employee_and_the_detail_shows_both_positions(world, admin):
    admin.post(url("employee_create"), form_data(world))
    with scope(tenant=world.tenant.pk):
        employee = Employee.objects.get(nip=NIP)
    response = admin.post(url("employee_edit", pk=employee.pk), form_data(
        world, unit=world.units["pendidikan"].pk, effective_on="2025-02-01"))
    assert response.status_code == 302
    with scope(tenant=world.tenant.pk):
        history = list(Position.objects.filter(employee=employee).order_by("started_on"))
    assert [(p.unit_id, p.ended_on) for p in history] == [
        (world.units["dukcapil"].pk, dt.date(2025, 2, 1)), (world.units["pendidikan"].pk, None)]
    detail = admin.get(url("employee_detail", pk=employee.pk)).content.decode()
    assert "01/02/2025" in detail


def test_edit_form_is_prefilled_with_the_printed_nip(world, admin):
    employee = world.employees["dukcapil_staff"]
    response = admin.get(url("employee_edit", pk=employee.pk))
    assert response.context["form"].initial["nip"] == format_nip(employee.nip)


def test_detail_lists_superior_and_subordinates(world, admin):
    boss, staff = world.employees["dukcapil_staff"], world.employees["pendidikan_staff"]
    services.update_employee(world.tenant, world.users["admin"], staff, superior=boss)
    assert "Siti Aminah, S.Kom." in admin.get(url("employee_detail", pk=staff.pk)).content.decode()
    response = admin.get(url("employee_detail", pk=boss.pk))
    assert [e.name for e in response.context["subordinates"]] == ["Budi Hartono"]


def test_status_change_asks_for_confirmation_and_moves_the_employee_out(world, admin):
    employee = world.employees["dukcapil_staff"]
    assert "data-confirm" in admin.get(url("employee_detail", pk=employee.pk)).content.decode()
    response = admin.post(url("employee_status", pk=employee.pk), {"status": "moved"})
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.status == "moved"


def test_status_change_with_bad_input_is_a_message_not_an_error_page(world, admin):
    employee = world.employees["dukcapil_staff"]
    response = admin.post(url("employee_status", pk=employee.pk), {"status": "fired"},
                          follow=True)
    assert response.status_code == 200
    assert "Choose a valid status." in response.content.decode()
