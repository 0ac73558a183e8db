"""The public reporting API: submit, status and messages with `Authorization: Receipt`."""

import json
import time

import pytest
from django_scopes import scope, scopes_disabled

from integritas.cases import crypto, keys
from integritas.cases.models import Case, Message
from integritas.cases.testing import give_handler_key
from integritas.cases.tests.helpers import REPORT

REPORTS = "/api/v1/public/contoh/reports"


def post(client, path, body, **headers):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(path, data, content_type="application/json", headers=headers)


def submit(client, **changes):
    return post(client, REPORTS, {**REPORT, **changes})


@pytest.mark.django_db
def test_submission_returns_case_number_and_receipt(world, client):
    response = submit(client, channel="complaint", category="pungli")
    body = response.json()
    assert response.status_code == 201
    assert body["case_number"].startswith("ADU-") and body["case_number"].endswith("-00001")
    assert crypto.normalise_receipt(body["receipt"]) == body["receipt"]
    second = submit(client, channel="complaint", category="pungli").json()
    assert second["case_number"].endswith("-00002") and second["receipt"] != body["receipt"]


def test_empty_body_gets_field_errors(world, client):
    response = post(client, REPORTS, {"channel": "wbs"})
    body = response.json()
    assert response.status_code == 400
    assert body["code"] == "invalid_report"
    assert set(body["errors"]) == {"category", "what"}


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", b""])
def test_a_body_that_is_not_a_json_object_is_a_400(world, client, payload):
    response = post(client, REPORTS, payload)
    assert response.status_code == 400
    assert response.json()["code"] in ("invalid_json", "invalid_report")


def test_unknown_channel_and_bad_identity_are_field_errors(world, client):
    assert post(client, REPORTS, {**REPORT, "channel": "rumour"}).json()["errors"] == {
        "channel": "Choose where the report goes: WBS or complaint."}
    body = submit(client, identity={"name": "A", "nik": "12"}, estimated_loss="lots").json()
    assert set(body["errors"]) == {"identity_nik", "estimated_loss"}


def test_ten_megabyte_field_is_refused_not_crashed(world, client):
    response = submit(client, what="x" * 10_000_000)
    assert response.status_code == 413
    assert response.json()["code"] == "report_too_large"
    long_but_parsable = submit(client, what="x" * 30_000)
    assert long_but_parsable.status_code == 400
    assert "what" in long_but_parsable.json()["errors"]
    with scopes_disabled():
        assert Case.objects.count() == 0


def test_unknown_pemda_is_a_404(world, client):
    response = post(client, "/api/v1/public/nowhere/reports", REPORT)
    assert response.status_code == 404


def test_status_and_messages_with_the_receipt(world, client):
    inspektur = world.users["inspektur"]
    private = give_handler_key(inspektur)
    filed = submit(client).json()
    header = {"Authorization": f"Receipt {filed['receipt']}"}
    status = client.get(REPORTS + "/status", headers=header)
    assert status.status_code == 200
    assert status.json()["state"] == "diterima"
    assert status.json()["due_on"] is not None
    assert post(client, REPORTS + "/messages", {"body": "Ada bukti tambahan."},
                **header).status_code == 201
    with scope(tenant=world.tenant.pk):
        case = Case.objects.get(number=filed["case_number"])
        case_keys = keys.keys_with_private_key(case, inspektur, private)
        message = Message.objects.get(case=case)
        assert keys.open_text(case_keys, message.body_box) == "Ada bukti tambahan."
    messages = client.get(REPORTS + "/status", headers=header).json()["messages"]
    assert [m["body"] for m in messages] == ["Ada bukti tambahan."]


def test_wrong_receipt_takes_as_long_and_says_the_same_as_someone_elses(world, client):
    theirs = post(client, "/api/v1/public/lain/reports", REPORT).json()["receipt"]
    answers = []
    for receipt in (crypto.new_receipt(), theirs, "garbage"):
        started = time.monotonic()
        response = client.get(REPORTS + "/status", headers={"Authorization": f"Receipt {receipt}"})
        answers.append((response.status_code, response.json()["message"],
                        time.monotonic() - started >= 0.25))
    assert len(set(answers)) == 1
    assert answers[0][0] == 401 and answers[0][2]


def test_missing_receipt_header_is_a_401(world, client):
    assert client.get(REPORTS + "/status").status_code == 401


def test_a_burst_from_one_address_is_throttled_and_nothing_accepted_is_lost(world, client,
                                                                             settings):
    settings.CASES_THROTTLE = {"window_seconds": 86400, "submissions_per_address": 25,
                               "submissions_per_tenant": 1000, "logins_per_address": 10,
                               "logins_per_tenant": 100}
    codes = [submit(client).status_code for _attempt in range(60)]
    assert codes.count(201) == 25 and codes.count(429) == 35
    with scopes_disabled():
        assert Case.objects.count() == 25


def test_intake_stores_no_address_and_audits_no_content(world, client):
    from integritas.audit.models import AuditEvent

    submit(client, identity={"name": "Rina Wati"}, REMOTE_ADDR="10.9.8.7")
    with scopes_disabled():
        event = AuditEvent.objects.get(action="cases.case.receive")
    dumped = json.dumps(event.changes) + event.object_repr + event.actor_label
    assert "Rina" not in dumped and REPORT["what"] not in dumped and "10.9.8.7" not in dumped
    assert event.changes["channel"] == "wbs"
