"""The pages: reporting with the hint (live and without JS), the UPG's steps, register, stats."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from integritas.gratification.models import GratificationReport
from integritas.gratification.tests.helpers import report

FORM = {"giver_name": "Hendra Wijaya", "giver_institution": "CV Maju Jaya",
        "relation": "service_user", "occasion": "wedding", "form": "money",
        "description": "Amplop di resepsi", "value": "Rp900.000", "received_on": "2026-11-02",
        "place": "Gedung Serbaguna", "accepted": "yes"}


def url(name, world, **kwargs):
    return reverse(f"gratification:{name}", kwargs={"tenant_slug": world.tenant.slug, **kwargs})


def test_employee_reports_a_wedding_gift_and_sees_the_hint_on_the_report(
        world, client_for, reporter):
    client = client_for(reporter)
    response = client.post(url("report_create", world), {
        **FORM, "evidence": [SimpleUploadedFile("undangan.pdf", b"%PDF-1.4")]})
    assert response.status_code == 302
    with scope(tenant=world.tenant.pk):
        made = GratificationReport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Exempt under point l: Wedding or engagement, Rp900.000 ≤ Rp1.500.000" in page
    assert made.number in page
    assert "undangan.pdf" in page
    assert "Done on" in page  # the clock to the UPG, met


def test_check_first_shows_the_hint_without_saving(world, client_for, reporter):
    response = client_for(reporter).post(url("report_create", world),
                                         {**FORM, "value": "2.000.000", "preview": "1"})
    assert response.status_code == 200
    assert "Must be reported: Wedding or engagement above the limit" in \
        response.content.decode()
    with scope(tenant=world.tenant.pk):
        assert not GratificationReport.objects.exists()


def test_live_hint_fragment_answers_the_form(world, client_for, reporter):
    response = client_for(reporter).post(url("hint", world), FORM)
    assert response.status_code == 200
    assert "Rp900.000 ≤ Rp1.500.000" in response.content.decode()
    assert client_for(reporter).get(url("hint", world)).status_code == 405


@pytest.mark.parametrize("changes, message", [
    ({"received_on": "2099-01-01"}, "The date received cannot be in the future."),
    ({"value": "-100"}, "The value must be a positive amount of rupiah."),
    ({"value": "satu juta"}, "Write the value in rupiah, like 1.500.000."),
])
def test_bad_input_is_shown_beside_the_field(world, client_for, reporter, changes, message):
    response = client_for(reporter).post(url("report_create", world), {**FORM, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_upg_verifies_and_forwards_from_the_report_page(world, client_for, reporter):
    made = report(world, reporter)
    client = client_for(world.users["upg"])
    page = client.get(url("report_detail", world, pk=made.pk)).content.decode()
    assert "Start verification" in page
    client.post(url("report_step", world, pk=made.pk, step="verify"))
    missing = client.post(url("report_step", world, pk=made.pk, step="forward"),
                          {"forward-kpk_number": ""})
    assert missing.status_code == 400
    done = client.post(url("report_step", world, pk=made.pk, step="forward"),
                       {"forward-kpk_number": "GOL-2026-9"})
    assert done.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.kpk_number) == ("diteruskan_kpk", "GOL-2026-9")


def test_recipient_sees_no_upg_steps_and_cannot_post_them(world, client_for, reporter):
    made = report(world, reporter)
    client = client_for(reporter)
    assert "Start verification" not in client.get(
        url("report_detail", world, pk=made.pk)).content.decode()
    assert client.post(url("report_step", world, pk=made.pk, step="verify")).status_code == 403


def test_recipient_completes_from_the_report_page(world, client_for, reporter):
    from integritas.gratification import services

    made = report(world, reporter)
    services.start_verification(world.tenant, world.users["upg"], made)
    services.request_completion(world.tenant, world.users["upg"], made, note="Foto barang")
    client = client_for(reporter)
    assert "Foto barang" in client.get(url("report_detail", world, pk=made.pk)).content.decode()
    response = client.post(url("report_complete", world, pk=made.pk),
                           {"description": "Foto terlampir",
                            "evidence": [SimpleUploadedFile("foto.png", b"png")]})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.completion_note == ""


def test_another_employee_cannot_see_the_report(world, client_for, reporter):
    from integritas.core.testing.factories import UserFactory, grant_role

    made = report(world, reporter)
    colleague = UserFactory(email="rekan@contoh.go.id")
    grant_role(colleague, world.tenant, "employee")
    assert client_for(colleague).get(url("report_detail", world, pk=made.pk)).status_code == 404


def test_register_filters_and_exports_in_kpks_form(world, client_for, reporter):
    report(world, reporter, value=900_000)
    report(world, reporter, value=2_000_000, giver_name="PT Sinar")
    client = client_for(world.users["upg"])
    page = client.get(url("register", world), {"hint": "report"}).content.decode()
    assert "PT Sinar" in page and "Hendra Wijaya" not in page
    export = client.get(url("register", world), {"format": "xlsx", "layout": "kpk"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Nomor Laporan UPG", "Nama Penerima", "NIP")
    assert len(rows) == 3
    plain = client.get(url("register", world), {"format": "xlsx", "q": "Sinar"})
    assert len(list(load_workbook(io.BytesIO(plain.content)).active.values)) == 2


def test_head_of_opd_sees_only_reports_of_their_units(world, client_for, reporter):
    from integritas.people.services import link_user

    report(world, reporter, giver_name="Dukcapil giver")
    other = world.users["auditor"]
    link_user(world.tenant, None, world.employees["pendidikan_staff"], other)
    report(world, other, giver_name="Pendidikan giver")
    page = client_for(world.users["opd_head"]).get(url("register", world)).content.decode()
    assert "Dukcapil giver" in page and "Pendidikan giver" not in page


def test_statistics_show_totals_and_charts(world, client_for, reporter):
    report(world, reporter, value=900_000, today=dt.date.today())
    page = client_for(world.users["inspektur"]).get(url("statistics", world)).content.decode()
    assert "Rp900.000" in page
    assert "<svg" in page
