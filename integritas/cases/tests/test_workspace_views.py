"""The handlers' pages: the case decrypted, messages apart from notes, evidence, tasks, the
workflow through the page, the Excel list and the PDF report without the identity."""

import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from integritas.cases.models import Attachment, CaseTask, Message
from integritas.cases.tests.ws_helpers import (
    detail_url,
    handler_client,
    move,
    new_case,
)

pytestmark = pytest.mark.django_db

IDENTITY = {"name": "Rina Wulandari", "contact": "0812-7777-1234", "nik": "1371015506900002"}


def test_the_case_page_shows_the_report_and_identity_decrypted(world, desk, client):
    case = new_case(world, identity=IDENTITY)
    html = handler_client(client, world, "inspektur").get(detail_url(case)).content.decode()
    assert "uang pelicin" in html and "Rina Wulandari" in html
    assert "Check completeness" in html  # the first step offered


def test_messages_to_the_reporter_are_apart_from_internal_notes(world, desk, client):
    case = new_case(world)
    inspektur = handler_client(client, world, "inspektur")
    inspektur.post(detail_url(case) + "pesan/", {"body": "Terima kasih, laporan diterima."})
    inspektur.post(detail_url(case) + "catatan/", {"body": "Cek SOP perizinan."})
    with scope(tenant=world.tenant.pk):
        kinds = sorted(Message.objects.filter(case=case).values_list("kind", flat=True))
        case.refresh_from_db(fields=["first_response_at"])
    assert kinds == ["internal_note", "to_reporter"]
    assert case.first_response_at is not None
    html = inspektur.get(detail_url(case)).content.decode()
    conversation = html[html.index('id="conversation"'):html.index('id="notes"')]
    assert "Terima kasih" in conversation and "Cek SOP" not in conversation


def test_an_empty_message_is_refused_beside_the_field(world, desk, client):
    case = new_case(world)
    response = handler_client(client, world, "inspektur").post(detail_url(case) + "pesan/",
                                                                {"body": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_the_workflow_moves_through_the_page_and_refuses_a_stale_step(world, desk, client):
    case = new_case(world)
    inspektur = handler_client(client, world, "inspektur")
    response = inspektur.post(detail_url(case) + "langkah/", {"step": "verify",
                                                             "reason": "Lengkap"})
    assert response.status_code == 302
    stale = inspektur.post(detail_url(case) + "langkah/", {"step": "verify"}, follow=True)
    assert "cannot take the step" in stale.content.decode()
    missing = inspektur.post(detail_url(case) + "langkah/", {"step": "reject"})
    assert missing.status_code == 400
    assert "Write what the reporter will read" in missing.content.decode()


def test_evidence_is_stored_encrypted_and_downloaded_as_an_attachment(world, desk, client,
                                                                      settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = new_case(world)
    inspektur = handler_client(client, world, "inspektur")
    upload = SimpleUploadedFile("berita acara.txt", b"Berita acara klarifikasi 12 November",
                                content_type="text/plain")
    assert inspektur.post(detail_url(case) + "bukti/", {"file": upload}).status_code == 302
    with scope(tenant=world.tenant.pk):
        attachment = Attachment.objects.get(case=case)
    response = inspektur.get(detail_url(case) + f"bukti/{attachment.pk}/")
    assert response["Content-Disposition"].startswith('attachment; filename="berita acara.txt"')
    assert b"".join(response.streaming_content) == b"Berita acara klarifikasi 12 November"
    stored = (tmp_path / "cases" / attachment.blob_name).read_bytes()
    assert b"Berita acara" not in stored


def test_tasks_are_added_and_marked_done(world, desk, client):
    case = new_case(world)
    inspektur = handler_client(client, world, "inspektur")
    inspektur.post(detail_url(case) + "tugas/", {"title": "Minta dokumen izin"})
    with scope(tenant=world.tenant.pk):
        task = CaseTask.objects.get(case=case)
    assert b"Minta dokumen" not in bytes(task.title_box)
    inspektur.post(detail_url(case) + f"tugas/{task.pk}/selesai/")
    with scope(tenant=world.tenant.pk):
        task.refresh_from_db()
    assert task.done_at is not None


def test_the_pdf_report_carries_the_case_but_never_the_identity(world, desk, client):
    case = new_case(world, identity=IDENTITY)
    move(world, case, desk["inspektur"], ("verify", {"reason": "Lengkap 4W1H"}))
    response = handler_client(client, world, "inspektur").get(detail_url(case) + "laporan.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()
    assert case.number in text and "pelicin" in text
    for secret in IDENTITY.values():
        assert secret not in text


def test_the_case_list_filters_by_channel_and_exports_to_excel(world, desk, client):
    from openpyxl import load_workbook

    wbs = new_case(world)
    inspektur = handler_client(client, world, "inspektur")
    html = inspektur.get("/contoh/kasus/?channel=complaint").content.decode()
    assert detail_url(wbs) not in html
    found = inspektur.get(f"/contoh/kasus/?q={wbs.number}").content.decode()
    assert detail_url(wbs) in found
    export = inspektur.get("/contoh/kasus/?format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == wbs.number
    assert "pelicin" not in str(rows)


def test_the_inspektur_names_a_person_by_nip(world, desk, client):
    case = new_case(world)
    staff = world.employees["pendidikan_staff"]
    inspektur = handler_client(client, world, "inspektur")
    response = inspektur.post(detail_url(case) + "terlapor/", {"nip": staff.nip})
    assert response.status_code == 302
    assert staff.name in inspektur.get(detail_url(case)).content.decode()
