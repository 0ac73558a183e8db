"""Unit pages by persona: tree, counts, search, scoping, forms and their errors, export."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from integritas.core.testing.factories import EmployeeFactory, UnitFactory
from integritas.tenancy.models import Unit


def english(client):
    """Compare English source strings, whatever the Indonesian catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name, **kwargs):
    return reverse(f"tenancy:{name}", kwargs={"tenant_slug": "contoh", **kwargs})


def names(response):
    return [row.unit.name for row in response.context["rows"]]


def test_unit_list_shows_tree_in_path_order(world, client_for):
    response = client_for(world.users["auditor"]).get(url("unit_list"))
    assert response.status_code == 200
    assert names(response) == [
        "Inspektorat", "Dinas Kependudukan dan Catatan Sipil",
        "Bidang Pelayanan Pendaftaran Penduduk", "Dinas Pendidikan",
    ]
    assert b"indent-1" in response.content


def test_unit_list_counts_active_employees_including_subunits(world, client_for):
    EmployeeFactory(unit=world.units["dukcapil"])
    EmployeeFactory(unit=world.units["dukcapil_bidang"], status="moved")
    client = client_for(world.users["auditor"])
    response = client.get(url("unit_list"))
    counts = {row.unit.name: row.employees for row in response.context["rows"]}
    assert counts["Dinas Kependudukan dan Catatan Sipil"] == 2
    assert counts["Bidang Pelayanan Pendaftaran Penduduk"] == 1
    assert counts["Inspektorat"] == 0


def test_unit_list_count_queries_do_not_grow_with_units(world, client_for,
                                                        django_assert_max_num_queries):
    client = client_for(world.users["auditor"])
    client.get(url("unit_list"))
    for number in range(20):
        unit = UnitFactory(tenant=world.tenant, name=f"UPT {number}")
        EmployeeFactory(unit=unit)
    with django_assert_max_num_queries(12):
        response = client.get(url("unit_list"))
    assert len(response.context["rows"]) == 24


def test_unit_search_shows_matches_with_their_ancestors(world, client_for):
    response = client_for(world.users["auditor"]).get(url("unit_list"), {"q": "pendaftaran"})
    rows = response.context["rows"]
    assert [(r.unit.name, r.matched) for r in rows] == [
        ("Dinas Kependudukan dan Catatan Sipil", False),
        ("Bidang Pelayanan Pendaftaran Penduduk", True),
    ]


def test_unit_kind_filter(world, client_for):
    response = client_for(world.users["auditor"]).get(url("unit_list"), {"kind": "inspectorate"})
    assert names(response) == ["Inspektorat"]


def test_inactive_unit_is_listed_greyed(world, client_for):
    UnitFactory(tenant=world.tenant, name="Dinas Lama", is_active=False)
    response = client_for(world.users["auditor"]).get(url("unit_list"))
    assert "Dinas Lama" in names(response)
    assert b'class="muted"' in response.content


def test_opd_head_sees_only_own_subtree(world, client_for):
    client = client_for(world.users["opd_head"])
    response = client.get(url("unit_list"))
    assert names(response) == ["Dinas Kependudukan dan Catatan Sipil",
                                "Bidang Pelayanan Pendaftaran Penduduk"]
    assert client.get(url("unit_detail", pk=world.units["pendidikan"].pk)).status_code == 404


def test_unit_list_exports_excel(world, client_for):
    client = english(client_for(world.users["auditor"]))
    response = client.get(url("unit_list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("Code", "Name", "Short name", "Kind", "Parent unit", "Depth",
                       "Active employees")
    bidang = next(r for r in rows if r[1] == "Bidang Pelayanan Pendaftaran Penduduk")
    assert bidang[4:] == ("Dinas Kependudukan dan Catatan Sipil", 1, 1)


def test_employee_cannot_see_units(world, client_for):
    assert client_for(world.users["employee"]).get(url("unit_list")).status_code == 403


def test_outsider_gets_404(world, client_for):
    assert client_for(world.users["outsider"]).get(url("unit_list")).status_code == 404


def test_unit_detail_lists_subunits_and_links_employees(world, client_for):
    response = client_for(world.users["auditor"]).get(
        url("unit_detail", pk=world.units["dukcapil"].pk))
    assert response.status_code == 200
    assert [row.unit.name for row in response.context["children"]] == [
        "Bidang Pelayanan Pendaftaran Penduduk"]
    assert response.context["employees"] == 1


def test_another_pemdas_unit_is_not_found(world, client_for):
    response = client_for(world.users["admin"]).get(
        url("unit_detail", pk=world.units["lain_inspektorat"].pk))
    assert response.status_code == 404


def test_auditor_cannot_create_units(world, client_for):
    assert client_for(world.users["auditor"]).get(url("unit_create")).status_code == 403


def test_admin_creates_subunit_from_parent_link(world, client_for):
    client = client_for(world.users["admin"])
    parent = world.units["dukcapil"]
    form = client.get(url("unit_create"), {"parent": parent.pk}).context["form"]
    assert form.initial["parent"] == parent
    response = client.post(url("unit_create"), {"parent": parent.pk, "name": "Bidang Capil",
                                                "kind": "division", "short_name": "",
                                                "code": "B2"})
    with scope(tenant=world.tenant.pk):
        unit = Unit.objects.get(name="Bidang Capil")
    assert response.status_code == 302 and response["Location"] == url("unit_detail", pk=unit.pk)
    assert unit.parent == parent and unit.code == "B2"


def test_create_form_shows_name_clash_beside_the_field(world, client_for):
    response = english(client_for(world.users["admin"])).post(
        url("unit_create"), {"name": "Inspektorat", "kind": "inspectorate"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "A unit with this name already exists here."]


def test_create_form_requires_name_and_kind(world, client_for):
    response = client_for(world.users["admin"]).post(url("unit_create"), {"name": ""})
    assert set(response.context["form"].errors) == {"name", "kind"}


def test_edit_unit(world, client_for):
    unit = world.units["pendidikan"]
    response = client_for(world.users["admin"]).post(
        url("unit_edit", pk=unit.pk),
        {"name": "Dinas Pendidikan dan Kebudayaan", "kind": "agency", "short_name": "Disdikbud",
         "code": ""})
    assert response.status_code == 302
    with scope(tenant=world.tenant.pk):
        unit.refresh_from_db()
    assert unit.short_name == "Disdikbud"


def test_move_form_does_not_offer_own_subtree(world, client_for):
    unit = world.units["dukcapil"]
    form = client_for(world.users["admin"]).get(url("unit_move", pk=unit.pk)).context["form"]
    offered = set(form.fields["parent"].queryset.values_list("name", flat=True))
    assert offered == {"Inspektorat", "Dinas Pendidikan"}


def test_move_form_moves_unit(world, client_for):
    unit, target = world.units["dukcapil_bidang"], world.units["pendidikan"]
    response = client_for(world.users["admin"]).post(url("unit_move", pk=unit.pk),
                                                     {"parent": target.pk})
    assert response.status_code == 302
    with scope(tenant=world.tenant.pk):
        unit.refresh_from_db()
    assert unit.parent == target


def test_move_form_rejects_own_descendant(world, client_for):
    unit = world.units["dukcapil"]
    response = client_for(world.users["admin"]).post(
        url("unit_move", pk=unit.pk), {"parent": world.units["dukcapil_bidang"].pk})
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]


def test_deactivate_refusal_is_shown_as_message(world, client_for):
    unit = world.units["pendidikan"]
    client = english(client_for(world.users["admin"]))
    response = client.post(url("unit_deactivate", pk=unit.pk), follow=True)
    assert "Move its active employees to another unit first." in response.content.decode()
    with scope(tenant=world.tenant.pk):
        assert Unit.objects.get(pk=unit.pk).is_active


def test_deactivate_then_reactivate_from_detail_page(world, client_for):
    unit = world.units["inspektorat"]
    client = client_for(world.users["admin"])
    page = client.get(url("unit_detail", pk=unit.pk)).content.decode()
    assert "data-confirm" in page
    client.post(url("unit_deactivate", pk=unit.pk))
    with scope(tenant=world.tenant.pk):
        assert not Unit.objects.get(pk=unit.pk).is_active
    client.post(url("unit_reactivate", pk=unit.pk))
    with scope(tenant=world.tenant.pk):
        assert Unit.objects.get(pk=unit.pk).is_active


@pytest.mark.parametrize("method", ["get", "post"])
def test_deactivate_needs_post(world, client_for, method):
    response = getattr(client_for(world.users["admin"]), method)(
        url("unit_deactivate", pk=world.units["inspektorat"].pk))
    assert response.status_code == (405 if method == "get" else 302)
