"""Framework pages and API: the library is listed, a Pemda uploads its own, problems are listed."""

import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scopes_disabled

from integritas.accounts.models import ApiToken
from integritas.audit.models import AuditEvent
from integritas.lke import services
from integritas.lke.models import LkeFramework
from integritas.lke.tests.helpers import raises, small_document

pytestmark = pytest.mark.urls("integritas.lke.tests.urls")


def page(slug, name=""):
    return f"/{slug}/zi/kerangka/{name}"


def upload(client, slug, document, fmt="yaml"):
    body = (yaml.safe_dump(document) if fmt == "yaml" else json.dumps(document)).encode()
    return client.post(page(slug, "unggah/"),
                       {"file": SimpleUploadedFile(f"lke.{fmt}", body)})


def test_staff_see_the_library_frameworks_and_their_tree(world, client_for, lke_library):
    client = client_for(world.users["zi_coordinator"])
    listing = client.get(page("contoh"))
    assert listing.status_code == 200 and b"permenpanrb-90-2021" in listing.content
    assert b"Upload a framework" not in listing.content
    detail = client.get(page("contoh", "permenpanrb-90-2021/"))
    assert b"pemenuhan.1.ii.b" in detail.content and b"Rencana Pembangunan" in detail.content
    download = client.get(page("contoh", "permenpanrb-90-2021/"), {"format": "yaml"})
    assert yaml.safe_load(download.content)["code"] == "permenpanrb-90-2021"


def test_an_admin_uploads_a_framework_file_and_it_is_in_force_from_its_date(world, client_for,
                                                                           lke_library):
    response = upload(client_for(world.users["admin"]), "contoh",
                      small_document(code="lke-2027", effective_from="2027-01-01"))
    assert response.status_code == 302
    with scopes_disabled():
        row = LkeFramework.objects.get(tenant=world.tenant, code="lke-2027")
        assert row.items_count == 13 and row.uploaded_by == world.users["admin"]
        assert AuditEvent.objects.filter(action="lke.framework.upload").exists()
    import datetime as dt

    from integritas.lke.selectors import framework_in_force

    assert framework_in_force(world.tenant, dt.date(2027, 3, 1)).code == "lke-2027"
    assert framework_in_force(world.tenant, dt.date(2026, 3, 1)).code == "permenpanrb-90-2021"
    assert framework_in_force(world.other_tenant, dt.date(2027, 3, 1)).code == (
        "permenpanrb-90-2021")


def test_a_broken_file_lists_every_problem_by_code_and_saves_nothing(world, client_for,
                                                                     lke_library):
    document = small_document(code="lke-rusak")
    document["nodes"][1]["weight"] = 45
    document["nodes"][0]["children"][0]["children"][0]["children"][0]["items"][1][
        "answer_type"] = "skala"
    response = upload(client_for(world.users["inspektur"]), "contoh", document, fmt="json")
    assert response.status_code == 400
    text = response.content.decode()
    assert "pemenuhan.1.i.b" in text and "unknown answer type" in text
    assert "hasil" in text and "add up to 40, not to the node&#x27;s weight 45" in text
    with scopes_disabled():
        assert not LkeFramework.objects.filter(code="lke-rusak").exists()


def test_unreadable_files_and_library_codes_are_refused(world, client_for, lke_library):
    client = client_for(world.users["admin"])
    garbage = client.post(page("contoh", "unggah/"),
                          {"file": SimpleUploadedFile("x.yaml", b"nodes: [unclosed")})
    assert garbage.status_code == 400 and b"neither valid JSON nor valid YAML" in garbage.content
    raises("lke.code_in_library", services.upload_framework, world.tenant, world.users["admin"],
           document=small_document(code="permenpanrb-90-2021"))


def test_roles_without_the_framework_permission_cannot_upload(world, client_for, lke_library):
    assert client_for(world.users["zi_coordinator"]).get(page("contoh", "unggah/")
                                                         ).status_code == 403
    assert client_for(world.users["outsider"]).get(page("contoh")).status_code == 404


def test_a_pemda_framework_is_replaced_by_the_same_code_and_can_be_deleted(world, client_for,
                                                                          lke_library):
    admin = world.users["admin"]
    first = services.upload_framework(world.tenant, admin, document=small_document(code="lke-x"))
    document = small_document(code="lke-x", title="LKE uji kedua")
    second = services.upload_framework(world.tenant, admin, document=document)
    assert first.pk == second.pk and second.title == "LKE uji kedua"
    client = client_for(admin)
    assert client.get(page("contoh", "lke-x/hapus/")).status_code == 405
    assert client.post(page("contoh", "lke-x/hapus/")).status_code == 302
    assert client.post(page("contoh", "permenpanrb-90-2021/hapus/")).status_code == 404
    with scopes_disabled():
        assert not LkeFramework.objects.filter(code="lke-x").exists()


# --- API -------------------------------------------------------------------------------------

def bearer(world, persona):
    secret = ApiToken.new_secret(world.tenant.slug)
    with scopes_disabled():
        ApiToken.objects.create(tenant=world.tenant, user=world.users[persona], name="test",
                                key_hash=ApiToken.digest(secret), hint=secret[-4:])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post(world, persona, path, body):
    return Client().post(f"/api/v1/zi{path}", body, content_type="application/json",
                         **bearer(world, persona))


def test_the_score_endpoint_scores_a_library_framework_with_verdicts(world, lke_library):
    response = post(world, "auditor", "/score", {
        "framework": "permenpanrb-90-2021",
        "answers": {"pemenuhan.1.ii.a": "Ya", "pemenuhan.1.ii.b": "C", "pemenuhan.1.ii.c": "A",
                    "hasil.1.i.a": 3.6, "hasil.2.i.a": "3.2"}})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["nodes"]["pemenuhan.1.ii"] == {"weight": "1.00", "score": "0.67",
                                               "percent": "66.67"}
    assert body["nodes"]["hasil.1.i"]["score"] == "15.75"
    ipak = next(c for c in body["verdicts"]["wbk"]["conditions"] if c["code"] == "ipak")
    assert ipak["passed"] is True
    assert body["verdicts"]["wbk"]["eligible"] is False


def test_the_score_endpoint_takes_an_inline_framework_and_reports_coded_errors(world,
                                                                              lke_library):
    inline = post(world, "tpi", "/score", {
        "framework_document": small_document(), "answers": {"pemenuhan.1.i.a": "ya"}})
    assert inline.status_code == 200 and inline.json()["framework"] == "lke-uji"
    wrong = post(world, "tpi", "/score", {"framework": "permenpanrb-90-2021",
                                          "answers": {"pemenuhan.1.ii.b": "E"}})
    assert wrong.status_code == 400
    assert (wrong.json()["code"], wrong.json()["field"]) == ("lke.invalid_answer",
                                                             "pemenuhan.1.ii.b")
    broken = small_document()
    broken["nodes"][0]["weight"] = 61
    invalid = post(world, "tpi", "/score", {"framework_document": broken, "answers": {}})
    assert invalid.json()["code"] == "lke.invalid_framework"
    assert {"code": "pengungkit",
            "message": "the weights of the children add up to 60, not to the node's weight 61"
            } in invalid.json()["problems"]
    missing = post(world, "tpi", "/score", {"framework": "tidak-ada", "answers": {}})
    assert missing.status_code == 404


def test_frameworks_are_listed_and_uploaded_over_the_api(world, lke_library):
    headers = bearer(world, "admin")
    listed = Client().get("/api/v1/zi/frameworks", **headers).json()
    assert {f["code"] for f in listed} == {"permenpanrb-90-2021", "permenpanrb-10-2019"}
    created = post(world, "admin", "/frameworks", {"document": small_document(code="lke-api")})
    assert created.status_code == 201 and created.json()["from_library"] is False
    assert post(world, "auditor", "/frameworks", {"document": small_document()}
                ).status_code == 403
    document = Client().get("/api/v1/zi/frameworks/lke-api", **headers).json()
    assert document["code"] == "lke-api"
