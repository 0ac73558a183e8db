"""The organisation API: Pemda profile and units, by token persona."""

from django_scopes import scope

from integritas.tenancy.models import Unit


def test_tenant_endpoint_returns_the_tokens_pemda(world, api):
    body = api("employee").get("/tenant").json()
    assert (body["slug"], body["region_code"], body["parent_slug"]) == ("contoh", "99.71", None)


def test_units_are_listed_in_tree_order(world, api):
    body = api("auditor").get("/units").json()
    assert [unit["name"] for unit in body] == [
        "Inspektorat", "Dinas Kependudukan dan Catatan Sipil",
        "Bidang Pelayanan Pendaftaran Penduduk", "Dinas Pendidikan"]


def test_unit_list_filters(world, api):
    client = api("auditor")
    assert [u["name"] for u in client.get("/units", kind="inspectorate").json()] == [
        "Inspektorat"]
    children = client.get("/units", parent_id=world.units["dukcapil"].pk).json()
    assert [u["name"] for u in children] == ["Bidang Pelayanan Pendaftaran Penduduk"]
    assert client.get("/units", kind="ministry").status_code == 422


def test_opd_head_token_lists_only_own_subtree(world, api):
    body = api("opd_head").get("/units").json()
    assert {unit["name"] for unit in body} == {"Dinas Kependudukan dan Catatan Sipil",
                                                "Bidang Pelayanan Pendaftaran Penduduk"}


def test_another_pemdas_unit_is_404(world, api):
    response = api("admin").get(f"/units/{world.units['lain_inspektorat'].pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "unit_not_found"


def test_employee_token_cannot_list_units(world, api):
    response = api("employee").get("/units")
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")


def test_create_unit_through_api(world, api):
    response = api("admin").post("/units", {"name": "UPTD Puskesmas Kota",
                                            "parent_id": world.units["pendidikan"].pk,
                                            "kind": "health_centre"})
    assert response.status_code == 201
    body = response.json()
    assert (body["depth"], body["kind"]) == (1, "health_centre")


def test_create_unit_with_another_pemdas_parent_is_404(world, api):
    response = api("admin").post("/units", {"name": "Seksi",
                                            "parent_id": world.units["lain_inspektorat"].pk})
    assert response.status_code == 404


def test_create_unit_name_clash_is_coded_400(world, api):
    response = api("admin").post("/units", {"name": "Inspektorat"})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400, "unit_name_taken", "name")


def test_auditor_token_cannot_create_units(world, api):
    assert api("auditor").post("/units", {"name": "X"}).status_code == 403


def test_update_unit_through_api(world, api):
    unit = world.units["pendidikan"]
    response = api("admin").patch(f"/units/{unit.pk}", {"short_name": "Disdik"})
    assert response.status_code == 200 and response.json()["short_name"] == "Disdik"


def test_deactivating_through_api_follows_the_same_rule(world, api):
    response = api("admin").patch(f"/units/{world.units['pendidikan'].pk}", {"is_active": False})
    assert (response.status_code, response.json()["code"]) == (400, "unit_has_active_employees")


def test_move_unit_through_api(world, api):
    unit, target = world.units["dukcapil"], world.units["inspektorat"]
    response = api("admin").post(f"/units/{unit.pk}/move", {"parent_id": target.pk})
    assert response.status_code == 200
    with scope(tenant=world.tenant.pk):
        bidang = Unit.objects.get(pk=world.units["dukcapil_bidang"].pk)
    assert response.json()["depth"] == 1 and bidang.depth == 2


def test_move_unit_into_own_subtree_is_coded_400(world, api):
    unit = world.units["dukcapil"]
    response = api("admin").post(f"/units/{unit.pk}/move",
                                 {"parent_id": world.units["dukcapil_bidang"].pk})
    assert (response.status_code, response.json()["code"]) == (400, "unit_move_into_own_subtree")


def test_outsider_token_cannot_reach_this_pemdas_unit(world, api):
    response = api("outsider").get(f"/units/{world.units['dukcapil'].pk}")
    assert response.status_code == 404
