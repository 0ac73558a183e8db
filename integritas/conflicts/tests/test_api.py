"""The conflicts API with a bearer token: declare for oneself, list by grant, withdraw, decide,
risk map, evaluations; coded 400/403/404."""

import datetime as dt

import pytest
import time_machine
from django_scopes import scopes_disabled

from integritas.accounts.models import ApiToken
from integritas.conflicts.models import Declaration
from integritas.conflicts.tests.helpers import declare

BASE = "/api/v1/conflicts"
DECLARATION = {"kind": "potensial", "conflict_type": "izin-diskriminatif",
               "source": "bisnis-finansial", "subject_kind": "permit",
               "subject_ref": "IMB-77", "description": "My shop applies for the permit.",
               "parties": [{"name": "Toko Sinar", "relation": "business"}]}


@pytest.fixture
def api(world, client):
    def as_persona(persona):
        secret = ApiToken.new_secret(world.tenant.slug)
        with scopes_disabled():
            ApiToken.objects.create(tenant=world.tenant, user=world.users[persona], name="t",
                                    key_hash=ApiToken.digest(secret), hint=secret[-4:])
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

        class Api:
            def get(self, path, **params):
                return client.get(BASE + path, params, **headers)

            def post(self, path, body=None):
                return client.post(BASE + path, body or {}, content_type="application/json",
                                   **headers)

        return Api()

    return as_persona


@time_machine.travel(dt.datetime(2026, 11, 2, 9), tick=False)
def test_declare_withdraw_and_read_back_over_the_api(world, org, api):
    employee = api("employee")
    created = employee.post("/declarations", DECLARATION)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "suspended" and body["due_on"] == "2026-11-11"
    assert body["parties"] == [{"name": "Toko Sinar", "relation": "business"}]
    assert employee.get("/declarations/mine").json()["count"] == 1
    withdrawn = employee.post(f"/declarations/{body['id']}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    again = employee.post(f"/declarations/{body['id']}/withdraw")
    assert again.status_code == 400 and again.json()["code"] == "coi_withdraw_not_suspended"


@time_machine.travel(dt.datetime(2026, 11, 2, 9), tick=False)
def test_declaring_for_someone_else_over_the_api_is_forbidden(world, org, api):
    response = api("employee").post("/declarations", {**DECLARATION,
                                                      "declarant_id": org["budi"].pk})
    assert response.status_code == 403
    assert response.json()["code"] == "coi_declare_on_behalf"
    bad = api("employee").post("/declarations", {**DECLARATION, "conflict_type": "nope"})
    assert bad.status_code == 400 and bad.json()["field"] == "conflict_type"
    with scopes_disabled():
        assert not Declaration.objects.exists()


@time_machine.travel(dt.datetime(2026, 11, 2, 9), tick=False)
def test_the_superior_decides_over_the_api_and_the_register_shows_it(world, org, api):
    declaration = declare(world, today=dt.date(2026, 11, 2))
    head = api("opd_head")
    assert [d["id"] for d in head.get("/declarations/to-decide").json()["items"]] == [
        declaration.pk]
    own = api("employee").post(f"/declarations/{declaration.pk}/decision", {
        "is_real": True, "impact": "x", "measure": "recusal", "reasons": "y"})
    assert own.status_code == 403 and own.json()["code"] == "coi_decide_own_declaration"
    decided = head.post(f"/declarations/{declaration.pk}/decision", {
        "is_real": True, "impact": "Bias.", "measure": "recusal", "reasons": "Recuse."})
    assert decided.status_code == 201
    assert decided.json()["decision"]["measure"] == "recusal"
    register = api("auditor").get("/declarations", status="decided", year=2026).json()
    assert [d["id"] for d in register["items"]] == [declaration.pk]
    assert api("auditor").get("/risk-map").json()[0]["level"] == "sedang"  # aktual counts 2


def test_the_register_needs_a_viewing_role_and_others_see_404(world, org, api):
    declaration = declare(world)
    assert api("employee").get("/declarations").status_code == 403
    assert api("budi").get(f"/declarations/{declaration.pk}").status_code == 404
    assert api("outsider").get(f"/declarations/{declaration.pk}").status_code == 401


def test_evaluations_over_the_api(world, org, api):
    created = api("inspektur").post("/evaluations", {
        "year": 2026, "period": "s1", "findings": "f", "follow_ups": "u"})
    assert created.status_code == 201 and created.json()["starts_on"] == "2026-01-01"
    assert api("employee").post("/evaluations", {
        "year": 2026, "period": "s2", "findings": "f", "follow_ups": "u"}).status_code == 403
    assert len(api("opd_head").get("/evaluations").json()) == 1
    assert api("auditor").get("/evaluations/987654").status_code == 404
