"""The audit API: filtered pages of events and the chain check, for audit roles only."""

import pytest
from django_scopes import scopes_disabled

from integritas.accounts.models import ApiToken

BASE = "/api/v1/audit"


def bearer(world, persona, tenant=None):
    tenant = tenant or world.tenant
    secret = ApiToken.new_secret(tenant.slug)
    with scopes_disabled():
        ApiToken.objects.create(tenant=tenant, user=world.users[persona], name="test",
                                key_hash=ApiToken.digest(secret), hint=secret[-4:])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_api_lists_events_newest_first_with_pages(world, client, append):
    append(5)
    response = client.get(f"{BASE}/events", {"page_size": 2, "page": 2},
                          **bearer(world, "auditor"))
    body = response.json()
    assert response.status_code == 200
    assert (body["count"], body["pages"], [e["seq"] for e in body["results"]]) == (5, 3, [3, 2])


def test_api_filters_events(world, client, append):
    append(1, action="people.employee.update")
    append(2)
    headers = bearer(world, "auditor")
    assert client.get(f"{BASE}/events", {"action": "people"}, **headers).json()["count"] == 1
    assert client.get(f"{BASE}/events", {"q": "kependudukan", "actor": "admin@"},
                      **headers).json()["count"] == 3
    assert client.get(f"{BASE}/events", {"date_from": "2999-01-01"},
                      **headers).json()["count"] == 0


def test_api_rejects_bad_filters_with_422(world, client):
    response = client.get(f"{BASE}/events", {"date_from": "kemarin", "page_size": 0},
                          **bearer(world, "auditor"))
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"


def test_api_gets_one_event_and_404s_another_pemdas(world, client, append):
    own = append(1)[0]
    other = append(1, tenant=world.other_tenant, actor=world.users["outsider"])[0]
    headers = bearer(world, "auditor")
    assert client.get(f"{BASE}/events/{own.pk}", **headers).json()["hash"] == own.hash
    missing = client.get(f"{BASE}/events/{other.pk}", **headers)
    assert missing.status_code == 404 and missing.json()["code"] == "audit_event_not_found"


def test_api_verify_reports_the_chain(world, client, append, raw_sql):
    append(3)
    headers = bearer(world, "inspektur")
    assert client.post(f"{BASE}/verify", **headers).json()["events_checked"] == 3
    raw_sql("DELETE FROM audit_auditevent WHERE tenant_id = %s AND seq = 3", [world.tenant.pk])
    body = client.post(f"{BASE}/verify", **headers).json()
    assert (body["intact"], body["broken_seq"]) == (False, 3)


@pytest.mark.parametrize("persona", ["upg", "opd_head", "employee", "external"])
def test_api_refuses_roles_without_audit_view(world, client, persona):
    response = client.get(f"{BASE}/events", **bearer(world, persona))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
