"""Changing the Pemda profile and its logo over the API, as on the settings page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from integritas.audit.models import AuditEvent
from integritas.tenancy.models import Tenant
from integritas.tenancy.tests.test_tenant_settings import raster

UNSAFE_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def post_logo(client, data: bytes, name="logo.png"):
    return client.upload("/tenant/logo", file=SimpleUploadedFile(name, data))


def fresh(world) -> Tenant:
    return Tenant.objects.get(pk=world.tenant.pk)


def test_admin_changes_the_pemda_profile_and_it_is_audited(world, api):
    before = fresh(world).head_name
    response = api("admin").patch("/tenant", {"head_title": "Wali Kota",
                                              "head_name": " Hj. Sri Wahyuni "})
    assert response.status_code == 200, response.content
    assert (response.json()["head_name"], fresh(world).head_name) == ("Hj. Sri Wahyuni",) * 2
    with scope(tenant=world.tenant.pk):
        event = AuditEvent.objects.get(action="tenancy.tenant.update")
    assert event.changes["head_name"] == [before, "Hj. Sri Wahyuni"]


def test_region_code_cannot_be_changed_over_the_api(world, api):
    response = api("admin").patch("/tenant", {"region_code": "11.11"})
    assert (response.status_code, response.json()["code"]) == (422, "invalid_input")
    assert fresh(world).region_code == "99.71"


def test_empty_pemda_name_is_a_coded_400_and_changes_nothing(world, api):
    before = fresh(world)
    response = api("admin").patch("/tenant", {"name": "  ", "city": "Kota Baru"})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400, "tenant_name_required", "name")
    after = fresh(world)
    assert (after.name, after.city) == (before.name, before.city)


def test_unknown_pemda_kind_is_422(world, api):
    assert api("admin").patch("/tenant", {"kind": "village"}).status_code == 422


@pytest.mark.parametrize("persona", ["auditor", "inspektur", "employee"])
def test_only_the_tenant_admin_changes_the_profile(world, api, persona):
    response = api(persona).patch("/tenant", {"name": "Diubah"})
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert fresh(world).name == "Pemerintah Kota Contoh"


def test_outsider_token_reaches_only_its_own_pemda(world, api):
    api("outsider").patch("/tenant", {"name": "Diubah"})
    assert fresh(world).name == "Pemerintah Kota Contoh"


def test_admin_uploads_a_logo_that_is_then_served(world, api, client):
    response = post_logo(api("admin"), raster("PNG"), name="../../evil.svg")
    assert response.status_code == 200, response.content
    logo_url = response.json()["logo_url"]
    assert logo_url == fresh(world).logo.url and logo_url.endswith(".png")
    assert client.get(logo_url).status_code == 200
    assert api("employee").get("/tenant").json()["logo_url"] == logo_url


def test_unsafe_svg_logo_is_refused_with_the_settings_page_code(world, api):
    response = post_logo(api("admin"), UNSAFE_SVG, name="logo.svg")
    assert (response.status_code, response.json()["code"]) == (400, "logo_svg_unsafe")
    assert not fresh(world).logo


def test_logo_upload_without_a_file_is_422(world, api):
    response = api("admin").upload("/tenant/logo")
    assert (response.status_code, response.json()["code"]) == (422, "invalid_input")


def test_auditor_cannot_upload_a_logo(world, api):
    assert post_logo(api("auditor"), raster("PNG")).status_code == 403
    assert not fresh(world).logo
