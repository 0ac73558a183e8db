"""The staff API: list, read, transitions, assignment, messages, referrals — with the same
access rules as the pages (404 for a case not shared or excluded, 409 for a wrong step)."""

import datetime as dt

import pytest
from django_scopes import scope

from integritas.accounts.services import create_api_token
from integritas.cases import keys, services
from integritas.cases.tests.ws_helpers import case_keys_of, new_case
from integritas.core.testing.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"


@pytest.fixture
def bearer(world, desk):
    """`bearer(name)`: headers of a token enabled for cases for that persona."""

    def make(name):
        user = world.users[name]
        token, secret = create_api_token(world.tenant, user, user=user, name="integrasi")
        keys.enable_token(world.tenant, user, token, secret, desk[name])
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return make


def test_the_api_lists_and_reads_the_cases_shared_with_the_token_user(world, client, bearer):
    case = new_case(world)
    headers = bearer("inspektur")
    listing = client.get(API, **headers).json()
    assert listing["count"] == 1 and listing["items"][0]["number"] == case.number
    assert listing["items"][0]["working_days_left"] is not None
    detail = client.get(f"{API}/{case.number}", **headers).json()
    assert "uang pelicin" in detail["answers"]["what"]
    assert detail["allowed_steps"] == ["verify"]


def test_transitions_over_the_api_and_a_wrong_step_is_409(world, client, bearer):
    case = new_case(world)
    headers = bearer("inspektur")
    moved = client.post(f"{API}/{case.number}/transitions", {"step": "verify", "reason": "ok"},
                        content_type="application/json", **headers)
    assert moved.status_code == 200 and moved.json()["state"] == "verifikasi"
    wrong = client.post(f"{API}/{case.number}/transitions",
                        {"step": "close", "outcome": "terbukti"},
                        content_type="application/json", **headers)
    assert wrong.status_code == 409
    assert wrong.json()["code"] == "transition_not_allowed"


def test_a_referral_to_the_kejaksaan_over_the_api(world, client, bearer):
    case = new_case(world)
    headers = bearer("inspektur")
    for step in ({"step": "verify"}, {"step": "review"},
                 {"step": "examine", "exam_kind": "investigatif"}):
        client.post(f"{API}/{case.number}/transitions", step, content_type="application/json",
                    **headers)
    referral = {"authority_kind": "kejaksaan", "authority_name": "Kejari Contoh",
                "letter_number": "700/55/Insp", "letter_date": str(dt.date.today()),
                "shared_with_id": world.users["external"].pk}
    moved = client.post(f"{API}/{case.number}/transitions", {"step": "refer",
                                                             "referral": referral},
                        content_type="application/json", **headers)
    body = moved.json()
    assert moved.status_code == 200, body
    assert body["state"] == "dilimpahkan" and body["conclusion"] == "indikasi_pidana"
    assert body["referrals"][0]["letter_number"] == "700/55/Insp"
    incoming = client.post(f"{API}/{case.number}/referrals",
                           {**referral, "direction": "in", "shared_with_id": None,
                            "letter_number": "B-99/Kejari"},
                           content_type="application/json", **headers)
    assert incoming.status_code == 201 and incoming.json()["direction"] == "in"


def test_assignment_messages_and_revocation_over_the_api(world, client, bearer):
    case = new_case(world)
    headers = bearer("inspektur")
    made = client.post(f"{API}/{case.number}/assignments",
                       {"user_id": world.users["auditor"].pk, "kind": "lead"},
                       content_type="application/json", **headers)
    assert made.status_code == 201
    auditor = bearer("auditor")
    note = client.post(f"{API}/{case.number}/messages",
                       {"kind": "internal_note", "body": "Jadwalkan klarifikasi"},
                       content_type="application/json", **auditor)
    assert note.status_code == 201
    gone = client.delete(f"{API}/{case.number}/assignments/{made.json()['id']}", **headers)
    assert gone.status_code == 204
    assert client.get(f"{API}/{case.number}", **auditor).status_code == 404


def test_an_excluded_handler_gets_404_over_the_api(world, client, bearer, desk):
    case = new_case(world)
    inspektur = world.users["inspektur"]
    with scope(tenant=world.tenant.pk):
        k = case_keys_of(case, inspektur, desk["inspektur"])
    services.assign(world.tenant, inspektur, case, k, user=world.users["auditor"])
    named = EmployeeFactory(unit=world.units["inspektorat"], user=world.users["auditor"])
    services.add_subject(world.tenant, inspektur, case, employee=named)
    response = client.get(f"{API}/{case.number}", **bearer("auditor"))
    assert response.status_code == 404
    assert response.json()["code"] == "case_not_found"

