"""The employees API with a bearer token: list, get, create, update, status; 404 across Pemda."""

import pytest
from django_scopes import scopes_disabled

from integritas.accounts.models import ApiToken

NIP = "198507122010011003"
BASE = "/api/v1/employees"


def bearer(world, persona):
    secret = ApiToken.new_secret(world.tenant.slug)
    with scopes_disabled():
        ApiToken.objects.create(tenant=world.tenant, user=world.users[persona], name="test",
                                key_hash=ApiToken.digest(secret), hint=secret[-4:])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def admin_api(world, client):
    headers = bearer(world, "admin")

    class Api:
        def get(self, path, **params):
            return client.get(path, params, **headers)

        def post(self, path, body):
            return client.post(path, body, content_type="application/json", **headers)

        def patch(self, path, body):
            return client.patch(path, body, content_type="application/json", **headers)

    return Api()


def new_employee(world, **overrides):
    return {"nip": NIP, "name": "Dr. H. Ahmad Fauzi, S.E., M.Si.",
            "unit_id": world.units["dukcapil"].pk, "position_title": "Kepala Bidang",
            "position_kind": "administrator", "echelon": "III.b",
            "started_on": "2024-01-02"} | overrides


def test_list_returns_count_and_items(world, admin_api):
    body = admin_api.get(BASE).json()
    assert body["count"] == 2
    assert [item["name"] for item in body["items"]] == ["Budi Hartono", "Siti Aminah, S.Kom."]


def test_list_searches_filters_and_paginates(world, admin_api):
    unit = world.units["dukcapil"].pk
    assert admin_api.get(BASE, q="siti").json()["count"] == 1
    assert admin_api.get(BASE, unit=unit).json()["items"][0]["name"] == "Siti Aminah, S.Kom."
    assert admin_api.get(BASE, status="retired").json() == {"count": 0, "items": []}
    page = admin_api.get(BASE, page=2, page_size=1).json()
    assert (page["count"], [i["name"] for i in page["items"]]) == (2, ["Siti Aminah, S.Kom."])


def test_list_for_opd_head_token_is_limited_to_their_unit(world, client):
    body = client.get(BASE, **bearer(world, "opd_head")).json()
    assert [item["name"] for item in body["items"]] == ["Siti Aminah, S.Kom."]


def test_employee_persona_token_is_refused(world, client):
    response = client.get(BASE, **bearer(world, "employee"))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_request_without_token_is_unauthorized(world, client):
    assert client.get(BASE).status_code == 401


def test_get_returns_the_employee_with_positions(world, admin_api):
    created = admin_api.post(BASE, new_employee(world)).json()
    body = admin_api.get(f"{BASE}/{created['id']}").json()
    assert body["nip_formatted"] == "19850712 201001 1 003"
    assert body["positions"][0]["started_on"] == "2024-01-02"


def test_another_pemdas_employee_is_404(world, admin_api):
    response = admin_api.get(f"{BASE}/{world.employees['lain_staff'].pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "employee_not_found"


def test_create_returns_201_with_sex_from_the_nip(world, admin_api):
    response = admin_api.post(BASE, new_employee(world))
    assert response.status_code == 201
    body = response.json()
    assert (body["sex"], body["unit_name"], body["echelon"]) == (
        "M", world.units["dukcapil"].name, "III.b")


def test_create_with_a_bad_nip_is_a_coded_400(world, admin_api):
    response = admin_api.post(BASE, new_employee(world, nip="198507122010011000"))
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("nip_serial", "nip")


def test_create_with_a_duplicate_nip_is_refused(world, admin_api):
    taken = world.employees["dukcapil_staff"].nip
    response = admin_api.post(BASE, new_employee(world, nip=taken))
    assert response.json()["code"] == "employee_nip_taken"


def test_create_with_another_pemdas_unit_is_404(world, admin_api):
    response = admin_api.post(BASE, new_employee(world,
                                                 unit_id=world.units["lain_inspektorat"].pk))
    assert response.status_code == 404
    assert response.json()["code"] == "employee_unit_not_found"


def test_create_with_wrong_types_is_422(world, admin_api):
    response = admin_api.post(BASE, new_employee(world, unit_id="abc", sex="X"))
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_update_moves_the_employee_and_records_the_history(world, admin_api):
    created = admin_api.post(BASE, new_employee(world)).json()
    response = admin_api.patch(f"{BASE}/{created['id']}", {
        "unit_id": world.units["pendidikan"].pk, "effective_on": "2025-03-01"})
    assert response.status_code == 200
    positions = response.json()["positions"]
    assert [(p["unit_name"], p["ended_on"]) for p in positions] == [
        ("Dinas Pendidikan", None), (world.units["dukcapil"].name, "2025-03-01")]


def test_update_can_set_and_clear_the_superior(world, admin_api):
    boss = world.employees["dukcapil_staff"]
    created = admin_api.post(BASE, new_employee(world)).json()
    path = f"{BASE}/{created['id']}"
    assert admin_api.patch(path, {"superior_id": boss.pk}).json()["superior_id"] == boss.pk
    assert admin_api.patch(path, {"superior_id": None}).json()["superior_id"] is None
    response = admin_api.patch(path, {"superior_id": created["id"]})
    assert response.json()["code"] == "employee_superior_self"


def test_status_change_retires_the_employee(world, admin_api):
    created = admin_api.post(BASE, new_employee(world)).json()
    response = admin_api.post(f"{BASE}/{created['id']}/status",
                              {"status": "retired", "effective_on": "2025-12-31"})
    assert response.status_code == 200
    assert response.json()["status"] == "retired"
    assert response.json()["positions"][0]["ended_on"] == "2025-12-31"


def test_auditor_token_cannot_write(world, client):
    response = client.post(BASE, new_employee(world), content_type="application/json",
                           **bearer(world, "auditor"))
    assert response.status_code == 403
