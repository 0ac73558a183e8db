"""Perjanjian kinerja over the API: the whole cycle and coded errors."""

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from integritas.accounts.models import ApiToken
from integritas.pacts.tests.performance_helpers import PASSWORD, YEAR, build_chain

BASE = "/api/v1/performance"
INDICATOR = {"goal": "Meningkatnya pelayanan", "name": "Persentase KTP-el",
             "unit_of_measure": "%", "target": "90", "q1_target": "80", "budget": 1_000_000}


@pytest.fixture
def api(world):
    def as_persona(persona):
        secret = ApiToken.new_secret(world.tenant.slug)
        with scopes_disabled():
            ApiToken.objects.create(tenant=world.tenant, user=world.users[persona], name="t",
                                    key_hash=ApiToken.digest(secret), hint=secret[-4:])
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        client = Client()

        class Api:
            def get(self, path, **params):
                return client.get(BASE + path, params, **headers)

            def post(self, path, body=None):
                return client.post(BASE + path, body or {}, content_type="application/json",
                                   **headers)

        return Api()

    return as_persona


def test_an_agreement_is_created_filled_signed_realised_and_revised(world, api):
    chain = build_chain(world)
    auditor = api("auditor")
    created = auditor.post("", {"year": YEAR, "first_party_nip": chain.people["kabid"].nip,
                                "parent_id": chain.head.pk})
    assert created.status_code == 201, created.json()
    child = created.json()
    assert child["second_party_name"] == "Kadis Dukcapil" and child["status"] == "draft"
    filled = auditor.post(f"/{child['id']}/indicators", INDICATOR)
    assert filled.status_code == 201
    [indicator] = filled.json()["indicators"]
    assert indicator["quarter_targets"] == ["80.00", "90.00", "90.00", "90.00"]
    api("zi_coordinator").post(f"/{child['id']}/sign", {"password": PASSWORD})
    signed = api("opd_head").post(f"/{child['id']}/sign", {"password": PASSWORD})
    assert signed.json()["status"] == "signed"
    assert signed.json()["document_id"].startswith(f"PK-{YEAR}-")
    realised = api("zi_coordinator").post(
        f"/{child['id']}/indicators/{indicator['id']}/realisations",
        {"quarter": 1, "value": "60"})
    assert realised.json()["achievement"] == "75.00"
    listed = auditor.get("", year=YEAR)
    assert listed.json()["count"] == 2
    by_opd = auditor.get("/achievement", year=YEAR).json()
    assert by_opd == [{"opd_id": world.units["dukcapil"].pk,
                       "opd_name": "Dinas Kependudukan dan Catatan Sipil", "agreements": 1,
                       "achievement": "75.00"}]
    revised = auditor.post(f"/{child['id']}/revisions")
    assert revised.status_code == 201 and revised.json()["version"] == 2


def test_bad_input_gets_a_coded_4xx(world, api):
    chain = build_chain(world)
    auditor = api("auditor")
    unknown = auditor.post("", {"year": YEAR, "first_party_nip": "1"})
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "performance_employee_not_found"
    negative = auditor.post(f"/{chain.head.pk}/indicators", INDICATOR | {"target": "-1"})
    assert (negative.status_code, negative.json()["code"]) == (400,
                                                               "performance_number_negative")
    wrong = api("opd_head").post(f"/{chain.head.pk}/sign", {"password": PASSWORD})
    assert wrong.json()["code"] == "performance_no_indicators"
    assert api("employee").get(f"/{chain.head.pk}").status_code == 404
    assert api("employee").get("").json()["code"] == "permission_denied"
    assert api("outsider").get("").status_code == 401
