"""The risk API with a bearer token: registers, risks, RTPs, monitoring, matrix, heat map,
activities, maturity; bad input answers with coded errors and saves nothing."""

import datetime as dt
import json

import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled

from integritas.accounts.models import ApiToken
from integritas.risk.models import Register, Risk, RiskMatrix
from integritas.risk.tests.helpers import YEAR, plan_fields, risk_fields

BASE = "/api/v1/risk"
pytestmark = pytest.mark.usefixtures("risk_library")


@pytest.fixture
def api(world):
    def as_persona(persona):
        secret = ApiToken.new_secret(world.tenant.slug)
        with scopes_disabled():
            ApiToken.objects.create(tenant=world.tenant, user=world.users[persona], name="t",
                                    key_hash=ApiToken.digest(secret), hint=secret[-4:])
        client, headers = Client(), {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

        class Api:
            def get(self, path, **params):
                return client.get(BASE + path, params, **headers)

            def send(self, method, path, body=None):
                return client.generic(method, BASE + path, json.dumps(
                    body or {}, default=str), content_type="application/json", **headers)

            def post(self, path, body=None):
                return self.send("POST", path, body)

        return Api()

    return as_persona


def _register(world, api):
    response = api.post("/registers", {"unit_id": world.units["dukcapil"].pk, "year": YEAR,
                                       "level": "opd", "goal": "Layanan bersih",
                                       "appetite": 10})
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_an_opd_maps_a_risk_plans_it_and_submits_over_the_api(world, api):
    head = api("opd_head")
    register_id = _register(world, head)
    risk = head.post(f"/registers/{register_id}/risks", risk_fields())
    assert risk.status_code == 201 and risk.json()["score"] == 19
    refused = head.post(f"/registers/{register_id}/submit")
    assert refused.status_code == 400
    assert refused.json()["code"] == "risk_untreated_over_appetite"
    plan = head.post(f"/risks/{risk.json()['id']}/plans", plan_fields())
    assert plan.status_code == 201
    assert head.post(f"/registers/{register_id}/submit").json()["status"] == "diajukan"
    reviewed = api("auditor").post(f"/registers/{register_id}/review",
                                   {"accept": False, "note": "Perbaiki"})
    assert reviewed.json()["status"] == "dikembalikan"
    heat = api("auditor").get("/heatmap", year=YEAR).json()
    assert heat[0]["counts"][1][3] == 1  # likelihood 4 (second row), impact 4


def test_a_likelihood_of_six_is_a_coded_error_and_nothing_is_saved(world, api, unscoped):
    head = api("opd_head")
    register_id = _register(world, head)
    response = head.post(f"/registers/{register_id}/risks", risk_fields(likelihood=6))
    assert response.status_code == 400
    assert response.json()["code"] == "risk_scale_invalid"
    assert not Risk.objects.exists()


def test_a_plan_due_before_it_starts_is_a_coded_error(world, api):
    head = api("opd_head")
    register_id = _register(world, head)
    risk_id = head.post(f"/registers/{register_id}/risks", risk_fields()).json()["id"]
    response = head.post(f"/risks/{risk_id}/plans", plan_fields(
        starts_on=dt.date(YEAR, 5, 1), due_on=dt.date(YEAR, 1, 1)))
    assert response.json()["code"] == "risk_plan_due_before_start"


def test_monitoring_for_a_quarter_not_yet_begun_is_a_coded_error(world, api):
    head = api("opd_head")
    response = head.post("/registers", {"unit_id": world.units["dukcapil"].pk, "year": 2099,
                                        "level": "opd", "goal": "x", "appetite": 10})
    risk_id = head.post(f"/registers/{response.json()['id']}/risks",
                        risk_fields()).json()["id"]
    answer = head.post(f"/risks/{risk_id}/monitoring",
                       {"quarter": 1, "realisation": "Belum", "status": "belum"})
    assert answer.status_code == 400 and answer.json()["code"] == "risk_quarter_not_begun"


def test_a_matrix_with_a_missing_cell_or_overlapping_bands_is_refused(world, api, unscoped):
    admin = api("inspektur")
    matrix = admin.get("/matrix").json()
    broken = {**matrix, "cells": {**matrix["cells"], "2": matrix["cells"]["2"][:3]}}
    answer = admin.send("PUT", "/matrix", broken)
    assert answer.json()["code"] == "risk_matrix_invalid"
    assert "likelihood 2 × impact 4" in answer.json()["message_en"]
    bands = [dict(b) for b in matrix["bands"]]
    bands[1]["max"] = 12
    answer = admin.send("PUT", "/matrix", {**matrix, "bands": bands})
    assert "overlap" in answer.json()["message_en"]
    assert not RiskMatrix.objects.exists()


def test_an_outsiders_unit_cannot_hold_a_register(world, api, unscoped):
    response = api("opd_head").post("/registers", {
        "unit_id": world.units["pendidikan"].pk, "year": YEAR, "level": "opd", "goal": "x",
        "appetite": 10})
    assert response.status_code == 404
    assert not Register.objects.exists()


def test_activities_start_only_with_risks_and_maturity_lists_by_year(world, api):
    head = api("opd_head")
    activity = head.post("/activities", {"unit_id": world.units["dukcapil"].pk, "year": YEAR,
                                         "name": "Jemput bola", "starts_on": f"{YEAR}-02-01",
                                         "ends_on": f"{YEAR}-03-01"}).json()
    answer = head.post(f"/activities/{activity['id']}/start")
    assert answer.json()["code"] == "risk_activity_unmapped"
    register_id = _register(world, head)
    head.post(f"/registers/{register_id}/risks", risk_fields(activity_id=activity["id"]))
    assert head.post(f"/activities/{activity['id']}/start").json()["started_at"]
    assert head.get("/maturity").json() == []


def test_the_api_refuses_a_role_without_the_permission(world, api):
    answer = api("employee").get("/registers")
    assert answer.status_code == 403
    with scope(tenant=world.tenant.pk):
        assert not Register.objects.exists()
