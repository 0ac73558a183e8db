"""The calendar API: holidays of a year, working-day arithmetic, local holidays by role."""

import pytest
from django_scopes import scopes_disabled

from integritas.accounts.models import ApiToken

BASE = "/api/v1/calendar"


def bearer(world, persona):
    secret = ApiToken.new_secret(world.tenant.slug)
    with scopes_disabled():
        ApiToken.objects.create(tenant=world.tenant, user=world.users[persona], name="test",
                                key_hash=ApiToken.digest(secret), hint=secret[-4:])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_holidays_of_a_year_include_local_ones(world, holidays, client):
    headers = bearer(world, "admin")
    client.post(f"{BASE}/local-holidays", {"date": "2026-07-01", "name": "HUT Kota"},
                content_type="application/json", **headers)
    body = client.get(f"{BASE}/holidays", {"year": 2026}, **headers).json()
    kinds = {entry["kind"] for entry in body}
    assert kinds == {"national", "collective_leave", "local"}
    assert [e["date"] for e in body] == sorted(e["date"] for e in body)


def test_add_and_between(world, holidays, client):
    headers = bearer(world, "employee")
    assert client.get(f"{BASE}/add", {"start": "2025-03-27", "days": 1},
                      **headers).json()["result"] == "2025-04-08"
    assert client.get(f"{BASE}/between", {"start": "2026-01-05", "end": "2025-12-31"},
                      **headers).json()["working_days"] == -2


@pytest.mark.parametrize("path, params", [
    ("/add", {"start": "2025-13-01", "days": 1}),
    ("/add", {"start": "2025-01-01", "days": 10**9}),
    ("/between", {"start": "2025-01-01"}),
    ("/holidays", {"year": 1200}),
])
def test_bad_queries_are_422(world, client, path, params):
    response = client.get(f"{BASE}{path}", params, **bearer(world, "employee"))
    assert response.status_code == 422


def test_result_outside_the_calendar_is_a_coded_400(world, client):
    response = client.get(f"{BASE}/add", {"start": "9999-12-01", "days": 100},
                          **bearer(world, "employee"))
    assert response.status_code == 400 and response.json()["code"] == "calendar_out_of_range"


def test_admin_creates_and_deletes_a_local_holiday(world, client):
    headers = bearer(world, "admin")
    created = client.post(f"{BASE}/local-holidays", {"date": "2026-07-01", "name": "HUT"},
                          content_type="application/json", **headers)
    assert created.status_code == 201
    duplicate = client.post(f"{BASE}/local-holidays", {"date": "2026-07-01", "name": "Lagi"},
                            content_type="application/json", **headers)
    assert duplicate.status_code == 400 and duplicate.json()["field"] == "date"
    holiday_id = created.json()["id"]
    assert client.delete(f"{BASE}/local-holidays/{holiday_id}", **headers).status_code == 204
    gone = client.delete(f"{BASE}/local-holidays/{holiday_id}", **headers)
    assert gone.status_code == 404 and gone.json()["code"] == "local_holiday_not_found"


@pytest.mark.parametrize("persona", ["auditor", "inspektur", "upg", "employee"])
def test_other_roles_cannot_manage_local_holidays(world, client, persona):
    response = client.post(f"{BASE}/local-holidays", {"date": "2026-07-01", "name": "HUT"},
                           content_type="application/json", **bearer(world, persona))
    assert response.status_code == 403


def test_without_a_token_the_calendar_api_is_401(world, client):
    assert client.get(f"{BASE}/holidays").status_code == 401
