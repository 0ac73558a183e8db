"""The Pemda profile page, logo checks by content, and serving the logo."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from integritas.core.errors import DomainError
from integritas.core.testing.factories import TenantFactory
from integritas.tenancy.models import Tenant
from integritas.tenancy.services import set_tenant_logo, update_tenant

PLAIN_SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
             b'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
             b'<defs><circle id="c" r="4"/></defs><use xlink:href="#c"/></svg>')


def raster(image_format: str, size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format=image_format)
    return buffer.getvalue()


def upload(data: bytes, name="logo.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


def settings_url():
    return reverse("tenancy:tenant_settings", kwargs={"tenant_slug": "contoh"})


def admin_client(world, client_for):
    client = client_for(world.users["admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def fresh_tenant(world):
    return Tenant.objects.get(pk=world.tenant.pk)


def test_admin_edits_profile_but_not_region_code(world, client_for):
    response = admin_client(world, client_for).post(settings_url(), {
        "form": "profile", "name": "Pemerintah Kota Contoh Baru", "kind": "city",
        "region_code": "11.11", "address": "Jl. Merdeka 1", "city": "Contoh",
        "head_title": "Wali Kota", "head_name": "Hj. Sri Wahyuni",
        "deputy_title": "Wakil Wali Kota",
        "deputy_name": "",
    })
    assert response.status_code == 302
    tenant = fresh_tenant(world)
    assert (tenant.name, tenant.head_name, tenant.region_code) == (
        "Pemerintah Kota Contoh Baru", "Hj. Sri Wahyuni", "99.71")


def test_profile_form_requires_name(world, client_for):
    response = admin_client(world, client_for).post(settings_url(), {"form": "profile",
                                                                     "kind": "city"})
    assert "name" in response.context["profile_form"].errors


def test_only_tenant_admin_manages_profile(world, client_for):
    assert client_for(world.users["inspektur"]).get(settings_url()).status_code == 403


def test_province_with_children_cannot_stop_being_a_province(world):
    province = TenantFactory(slug="prov", kind=Tenant.Kind.PROVINCE, region_code="98")
    TenantFactory(slug="kab", kind=Tenant.Kind.REGENCY, region_code="98.01", parent=province)
    with pytest.raises(DomainError) as error:
        update_tenant(province, world.users["admin"], kind=Tenant.Kind.REGENCY)
    assert (error.value.code, error.value.field) == ("tenant_kind_invalid", "kind")


def test_update_tenant_refuses_malformed_region_code(world):
    with pytest.raises(DomainError) as error:
        update_tenant(world.tenant, world.users["admin"], region_code="99-71")
    assert error.value.code == "tenant_region_invalid"


def test_png_logo_is_stored_under_a_generated_name_and_served(world, client_for):
    client = admin_client(world, client_for)
    response = client.post(settings_url(), {"form": "logo",
                                            "logo": upload(raster("PNG"), "../../evil.svg")})
    assert response.status_code == 302
    logo = fresh_tenant(world).logo
    assert logo.name.startswith("logos/contoh-") and logo.name.endswith(".png")
    served = client.get(logo.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert "sandbox" in served["Content-Security-Policy"]


def test_jpeg_is_recognised_by_content_not_by_name(world):
    tenant = set_tenant_logo(world.tenant, world.users["admin"], upload(raster("JPEG")))
    assert tenant.logo.name.endswith(".jpg")


def test_logo_shows_in_top_bar(world, client_for):
    set_tenant_logo(world.tenant, world.users["admin"], upload(raster("PNG")))
    page = client_for(world.users["auditor"]).get(
        reverse("home_tenant", kwargs={"tenant_slug": "contoh"})).content.decode()
    assert fresh_tenant(world).logo.url in page


@pytest.mark.parametrize(("data", "code"), [
    (b"just some text, not a picture", "logo_type_invalid"),
    (raster("GIF"), "logo_type_invalid"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "logo_type_invalid"),
    (b"\x00" * (1024 * 1024 + 1), "logo_too_large"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "logo_svg_unsafe"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "logo_svg_unsafe"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     b'<a x:href="javascript:alert(1)"><rect/></a></svg>', "logo_svg_unsafe"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/>'
     b'</svg>', "logo_svg_unsafe"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>',
     "logo_svg_unsafe"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "logo_svg_invalid"),
    (b"<svg><unclosed></svg>", "logo_svg_invalid"),
])
def test_bad_logo_is_refused_with_a_coded_error(world, data, code):
    with pytest.raises(DomainError) as error:
        set_tenant_logo(world.tenant, world.users["admin"], upload(data))
    assert (error.value.code, error.value.field) == (code, "logo")
    assert not fresh_tenant(world).logo


def test_plain_svg_logo_is_accepted(world):
    tenant = set_tenant_logo(world.tenant, world.users["admin"], upload(PLAIN_SVG, "logo.svg"))
    assert tenant.logo.name.endswith(".svg")


def test_bad_logo_error_is_shown_beside_the_field(world, client_for):
    response = admin_client(world, client_for).post(
        settings_url(), {"form": "logo", "logo": upload(b"not an image")})
    assert response.context["logo_form"].errors["logo"] == [
        "The logo must be a PNG, JPEG or SVG image."]


def test_replaced_logo_file_is_deleted_and_no_longer_served(world, client_for, media,
                                                            django_capture_on_commit_callbacks):
    admin = world.users["admin"]
    with django_capture_on_commit_callbacks(execute=True):
        old = set_tenant_logo(world.tenant, admin, upload(raster("PNG"))).logo.name
        set_tenant_logo(world.tenant, admin, upload(raster("JPEG")))
    assert not (media / old).exists()
    response = client_for(world.users["auditor"]).get(f"{settings.MEDIA_URL}{old}")
    assert response.status_code == 404


def test_media_view_serves_no_file_that_is_not_a_current_logo(world, client, media):
    (media / "logos").mkdir()
    (media / "logos" / "stray.png").write_bytes(raster("PNG"))
    assert client.get(f"{settings.MEDIA_URL}logos/stray.png").status_code == 404


def test_update_tenant_refuses_empty_region_code(world):
    with pytest.raises(DomainError) as error:
        update_tenant(world.tenant, world.users["admin"], region_code="")
    assert error.value.code == "tenant_region_invalid"
