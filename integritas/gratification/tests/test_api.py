"""The gratification API with a bearer token: the check, reports, the UPG's steps, the register."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from integritas.accounts.models import ApiToken

BASE = "/api/v1/gratifications"
WEDDING = {"received_on": "2026-11-02", "occasion": "wedding", "form": "money",
           "relation": "service_user", "value": "Rp900.000", "giver_name": "Hendra Wijaya"}
REPORT = {**WEDDING, "description": "Amplop di resepsi", "place": "Gedung Serbaguna",
          "giver_institution": "CV Maju Jaya"}


def bearer(tenant, user):
    secret = ApiToken.new_secret(tenant.slug)
    with scopes_disabled():
        ApiToken.objects.create(tenant=tenant, user=user, name="test",
                                key_hash=ApiToken.digest(secret), hint=secret[-4:])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def api(world, client):
    def as_user(user, tenant=None):
        headers = bearer(tenant or world.tenant, user)

        class Api:
            def get(self, path, **params):
                return client.get(BASE + path, params, **headers)

            def post(self, path, body=None):
                return client.post(BASE + path, body or {}, content_type="application/json",
                                   **headers)

            def upload(self, path, data):
                return client.post(BASE + path, data, **headers)

        return Api()

    return as_user


def test_check_answers_the_hint_the_rule_and_why(world, api, reporter):
    response = api(reporter).post("/check", WEDDING)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["hint"], body["rule_applied"], body["limit_per_giver"]) == (
        "exempt", "l", 1_500_000)
    assert body["explanation"].startswith("Exempt under point l")


def test_check_adds_the_recipients_earlier_gifts_from_the_same_giver(world, api, reporter):
    colleague = {**REPORT, "relation": "colleague", "form": "goods", "occasion": "none",
                 "value": 500_000}
    for day in ("2026-02-02", "2026-05-04", "2026-08-03"):
        assert api(reporter).post("/reports", {**colleague, "received_on": day}) \
            .status_code == 201
    body = api(reporter).post("/check", {**colleague, "value": 1}).json()
    assert (body["hint"], body["year_total"]) == ("report", 1_500_001)
    recipient = world.employees["dukcapil_staff"].pk
    upg_view = api(world.users["upg"]).post("/check", {**colleague, "value": 1,
                                                       "recipient_id": recipient}).json()
    assert upg_view["year_total"] == 1_500_001


def test_check_refuses_a_value_that_is_not_an_amount(world, api, reporter):
    response = api(reporter).post("/check", {**WEDDING, "value": "sejuta"})
    assert (response.status_code, response.json()["code"]) == (400, "gratification_value_invalid")


def test_report_with_a_future_date_is_a_coded_error(world, api, reporter):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = api(reporter).post("/reports", {**REPORT, "received_on": future})
    assert response.status_code == 400
    assert response.json()["field"] == "received_on"


def test_upg_takes_a_report_from_submission_to_closure(world, api, reporter):
    made = api(reporter).post("/reports", {**REPORT, "value": 3_000_000}).json()
    upg = api(world.users["upg"])
    path = f"/reports/{made['id']}"
    assert upg.post(f"{path}/verify").json()["status"] == "verifikasi"
    forwarded = upg.post(f"{path}/forward", {"kpk_number": "GOL-2026-0042"}).json()
    assert (forwarded["status"], forwarded["kpk_number"]) == ("diteruskan_kpk", "GOL-2026-0042")
    assert upg.post(f"{path}/await-decision").json()["status"] == "menunggu_sk_kpk"
    decided = upg.post(f"{path}/outcome", {"outcome": "milik_negara",
                                           "decision_number": "SK 12/2026"}).json()
    assert decided["status"] == "milik_negara"
    missing = upg.upload(f"{path}/close", {"deposit_reference": "NTPN 1"})
    assert missing.json()["code"] == "gratification_deposit_proof_required"
    closed = upg.upload(f"{path}/close", {
        "deposit_reference": "NTPN 1",
        "deposit_proof": SimpleUploadedFile("ntpn.pdf", b"%PDF-1.4", "application/pdf")})
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "selesai"
    register = upg.get("/reports", status="selesai").json()
    assert [item["number"] for item in register["items"]] == [made["number"]]
    stats = upg.get("/statistics").json()
    assert stats["totals"]["value_forwarded"] == 3_000_000


def test_recipient_cannot_take_the_upgs_steps(world, api, reporter):
    made = api(reporter).post("/reports", REPORT).json()
    response = api(reporter).post(f"/reports/{made['id']}/verify")
    assert response.status_code == 403


def test_upg_officer_of_another_pemda_gets_404(world, api, reporter):
    from integritas.core.testing.factories import UserFactory, grant_role

    made = api(reporter).post("/reports", REPORT).json()
    stranger = UserFactory(email="upg@lain.go.id")
    grant_role(stranger, world.other_tenant, "upg")
    other = api(stranger, world.other_tenant)
    assert other.post(f"/reports/{made['id']}/verify").status_code == 404
    assert other.get(f"/reports/{made['id']}").status_code == 404
    assert other.get("/reports").json()["count"] == 0


def test_head_of_opd_reads_the_register_of_their_units_only(world, api, reporter):
    api(reporter).post("/reports", REPORT)
    assert api(world.users["opd_head"]).get("/reports").json()["count"] == 1
    assert api(world.users["employee"]).get("/reports").status_code == 403
    assert api(world.users["employee"]).get("/reports/mine").json()["count"] == 1
