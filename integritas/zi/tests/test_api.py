"""The ZI API: the same rules as the pages, for integrations."""

import pytest

from integritas.accounts.roles import Role
from integritas.accounts.services import create_api_token
from integritas.core.testing.factories import grant_role


@pytest.fixture
def api(world, client):
    """A client with a bearer token of the persona. Unit roles may not hold tokens, so the
    coordinator's integration account is also an APIP auditor (zi.assess stays unit-scoped)."""

    def as_user(name):
        if name == "zi_coordinator":
            grant_role(world.users[name], world.tenant, Role.AUDITOR)
        _token, secret = create_api_token(world.tenant, world.users["admin"],
                                          user=world.users[name], name="test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        return client

    return as_user


def test_declare_answer_evaluate_and_rank_over_the_api(world, api, zi_libraries):
    client = api("inspektur")
    programme = client.post("/api/v1/zi/programmes", {
        "unit_id": world.units["dukcapil"].pk, "declared_on": "2026-07-09", "place": "Aula",
        "witnesses": [{"name": "Kombes Eko", "position": "Kapolresta"}]},
        content_type="application/json")
    assert programme.status_code == 201, programme.content
    programme_id = programme.json()["id"]
    client = api("zi_coordinator")
    assessment = client.post(f"/api/v1/zi/programmes/{programme_id}/assessments",
                             {"year": 2026}, content_type="application/json").json()
    answered = client.post(f"/api/v1/zi/assessments/{assessment['id']}/answers", {
        "answers": {"pemenuhan.1.ii.a": {"value": "Ya"}, "pemenuhan.1.ii.b": {"value": "c"},
                    "pemenuhan.1.ii.c": {"value": "A", "note": "Media sosial"}}},
        content_type="application/json")
    assert answered.json()["unit_total"] == "0.67"
    refused = client.post(f"/api/v1/zi/assessments/{assessment['id']}/answers", {
        "answers": {"hasil.1.i.a": {"value": 5}}}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "zi_answers_invalid"
    assert "hasil.1.i.a" in refused.json()["items"]
    client = api("auditor")  # an Inspektorat auditor sitting on the TPI
    evaluated = client.post(f"/api/v1/zi/assessments/{assessment['id']}/evaluations", {
        "stage": "tpi", "answers": {"hasil.1.i.a": {"value": 3.6}}},
        content_type="application/json").json()
    assert (evaluated["tpi_total"], evaluated["ranking_source"]) == ("15.75", "tpi")
    scores = client.get(f"/api/v1/zi/assessments/{assessment['id']}/scores").json()
    assert scores["unit"]["nodes"]["pemenuhan.1.ii"]["percent"] == "66.67"
    eligibility = client.get(f"/api/v1/zi/assessments/{assessment['id']}/eligibility").json()
    ipak = next(c for c in eligibility["verdicts"]["wbk"]["conditions"] if c["code"] == "ipak")
    assert ipak["passed"] is True
    ranking = client.get("/api/v1/zi/ranking?year=2026").json()
    assert ranking["items"][0]["unit_name"] == "Dinas Kependudukan dan Catatan Sipil"
    improvements = client.get(f"/api/v1/zi/assessments/{assessment['id']}/improvements").json()
    assert improvements and improvements[0]["gain"]


def test_a_unit_role_does_not_answer_another_units_assessment(world, api, assessment):
    from django_scopes import scope

    from integritas.zi import assessment as lke
    from integritas.zi import services

    with scope(tenant=world.tenant.pk):
        other = services.declare_programme(world.tenant, world.users["inspektur"],
                                           unit=world.units["pendidikan"],
                                           declared_on=assessment.programme.declared_on,
                                           place="Aula", signers=[], witnesses=[])
        theirs = lke.start_assessment(world.tenant, world.users["inspektur"], other, year=2026)
    client = api("zi_coordinator")
    answer = {"answers": {"pemenuhan.1.ii.a": {"value": "Ya"}}}
    assert client.post(f"/api/v1/zi/assessments/{theirs.pk}/answers", answer,
                       content_type="application/json").status_code == 404
    assert client.post(f"/api/v1/zi/assessments/{assessment.pk}/answers", answer,
                       content_type="application/json").status_code == 200


def test_an_administrator_cannot_evaluate(world, api, assessment):
    response = api("admin").post(
        f"/api/v1/zi/assessments/{assessment.pk}/evaluations",
        {"answers": {"pemenuhan.1.ii.a": {"value": "Ya"}}}, content_type="application/json")
    assert response.status_code == 403


def test_programme_steps_over_the_api(world, api, programme):
    client = api("inspektur")
    moved = client.post(f"/api/v1/zi/programmes/{programme.pk}/transitions",
                        {"action": "develop", "year": 2026}, content_type="application/json")
    assert moved.json()["status"] == "dibangun"
    refused = client.post(f"/api/v1/zi/programmes/{programme.pk}/transitions",
                          {"action": "award_wbbm", "year": 2026},
                          content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "zi_wbbm_needs_wbk"
    history = client.get(f"/api/v1/zi/programmes/{programme.pk}/history").json()
    assert [h["target"] for h in history] == ["dibangun", "dicanangkan"]
