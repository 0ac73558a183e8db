"""The pacts API with a bearer token: texts, campaigns, completion and signers; coded errors."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django_scopes import scope, scopes_disabled

from integritas.accounts.models import ApiToken
from integritas.pacts import services
from integritas.pacts.models import LibraryPactText, PactTarget
from integritas.pacts.tests.helpers import BODY, DUE, OPENS, build_org, draft

BASE = "/api/v1/pacts"


def bearer(world, persona):
    secret = ApiToken.new_secret(world.tenant.slug)
    with scopes_disabled():
        ApiToken.objects.create(tenant=world.tenant, user=world.users[persona], name="test",
                                key_hash=ApiToken.digest(secret), hint=secret[-4:])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def api(world, client):
    def as_persona(persona):
        headers = bearer(world, persona)

        class Api:
            def get(self, path, **params):
                return client.get(BASE + path, params, **headers)

            def post(self, path, body=None):
                return client.post(BASE + path, body or {}, content_type="application/json",
                                   **headers)

        return Api()

    return as_persona


@pytest.fixture
def opened(world):
    people = build_org(world)
    campaign = services.open_campaign(world.tenant, world.users["inspektur"], draft(world))
    with scope(tenant=world.tenant.pk):
        PactTarget.objects.filter(campaign=campaign, employee=people["kabid"]).update(
            status="signed")
    return campaign


def test_texts_are_created_revised_and_listed_with_versions(world, api):
    admin = api("admin")
    created = admin.post("/texts", {"code": "pi-asn", "title": "Pakta", "body": BODY})
    revised = admin.post(f"/texts/{created.json()['id']}/revisions", {"title": "Pakta ASN"})
    assert (created.status_code, revised.status_code) == (201, 201)
    listed = admin.get("/texts").json()
    assert [(t["version"], t["status"]) for t in listed] == [(2, "active"), (1, "superseded")]


def test_a_library_text_is_listed_and_adopted(world, api):
    library = LibraryPactText.objects.create(
        code="pi-standar", version=1, title="Pakta Integritas ASN", body=BODY,
        effective_from=dt.date(2026, 1, 1), content_hash="x")
    admin = api("admin")
    assert [t["code"] for t in admin.get("/texts/library").json()] == ["pi-standar"]
    adopted = admin.post(f"/texts/library/{library.pk}/adopt")
    assert adopted.status_code == 201 and adopted.json()["library_text_id"] == library.pk
    assert admin.post("/texts/library/999999/adopt").json()["code"] == (
        "pact_library_text_not_found")


def test_campaign_is_created_opened_and_closed(world, api):
    build_org(world)
    text = services.create_text(world.tenant, world.users["admin"], code="pi-asn",
                                title="Pakta", body=BODY)
    inspektur = api("inspektur")
    created = inspektur.post("/campaigns", {
        "title": "Pakta 2027", "text_id": text.pk, "occasion": "annual",
        "opens_on": OPENS.isoformat(), "due_on": DUE.isoformat(), "target_kind": "units",
        "target_values": [world.units["dukcapil"].pk]})
    assert created.status_code == 201 and created.json()["status"] == "draft"
    pk = created.json()["id"]
    assert inspektur.post(f"/campaigns/{pk}/open").json()["status"] == "open"
    assert inspektur.post(f"/campaigns/{pk}/open").json()["code"] == "pact_campaign_not_draft"
    assert inspektur.post(f"/campaigns/{pk}/close").json()["status"] == "closed"
    assert inspektur.get(f"/campaigns/{pk}").json()["title"] == "Pakta 2027"
    assert inspektur.get("/campaigns", status="closed").json()["count"] == 1


def test_bad_campaign_input_is_a_coded_error(world, api):
    text = services.create_text(world.tenant, world.users["admin"], code="pi-asn",
                                title="Pakta", body=BODY)
    inspektur = api("inspektur")
    values = {"title": "Pakta", "text_id": text.pk, "occasion": "annual",
              "opens_on": OPENS.isoformat(), "due_on": "2026-01-01", "target_kind": "tenant"}
    bad_dates = inspektur.post("/campaigns", values)
    other_text = inspektur.post("/campaigns", values | {"text_id": 999999})
    bad_kind = inspektur.post("/campaigns", values | {"target_kind": "planets"})
    assert bad_dates.status_code == 400 and bad_dates.json()["code"].startswith("pact_")
    assert (other_text.status_code, other_text.json()["code"]) == (404, "pact_text_not_found")
    assert bad_kind.status_code == 422


def test_completion_per_opd_and_totals(world, api, opened):
    body = api("auditor").get(f"/campaigns/{opened.pk}/completion").json()
    assert (body["total"]["total"], body["total"]["signed"]) == (9, 1)
    dukcapil = next(r for r in body["opds"] if r["opd_id"] == world.units["dukcapil"].pk)
    assert (dukcapil["total"], dukcapil["percent_signed"]) == (3, 33.33)


@time_machine.travel(dt.datetime(2027, 1, 20, 9, 0), tick=False)
def test_targets_are_filtered_and_paginated(world, api, opened):
    auditor = api("auditor")
    page = auditor.get(f"/campaigns/{opened.pk}/targets", page_size=4).json()
    signed = auditor.get(f"/campaigns/{opened.pk}/targets", status="signed").json()
    in_opd = auditor.get(f"/campaigns/{opened.pk}/targets",
                         opd=world.units["pendidikan"].pk).json()
    overdue = auditor.get(f"/campaigns/{opened.pk}/targets", overdue="true").json()
    assert (page["count"], len(page["items"])) == (9, 4)
    assert [t["name"] for t in signed["items"]] == ["Kabid"]
    assert {t["name"] for t in in_opd["items"]} == {"Kadis Pendidikan", "Budi Hartono"}
    assert overdue["count"] == 8


def test_opd_head_sees_only_their_opd_and_cannot_open(world, api, opened):
    head = api("opd_head")
    assert head.get(f"/campaigns/{opened.pk}/targets").json()["count"] == 3
    refused = head.post(f"/campaigns/{opened.pk}/close")
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")


def test_another_pemdas_campaign_is_404(world, api, opened):
    secret = ApiToken.new_secret(world.other_tenant.slug)
    with scopes_disabled():
        ApiToken.objects.create(tenant=world.other_tenant, user=world.users["outsider"],
                                name="t", key_hash=ApiToken.digest(secret), hint="x")
    response = Client().get(f"{BASE}/campaigns/{opened.pk}",
                            HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 404
