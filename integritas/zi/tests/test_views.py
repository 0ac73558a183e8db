"""The ZI pages by persona: the coordinator answers an area, the TPI evaluates, exports."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from integritas.zi import assessment as lke


def _url(assessment, suffix=""):
    return f"/contoh/zi/{assessment.programme_id}/lke/{assessment.year}/{suffix}"


def test_coordinator_declares_for_their_own_unit_only(world, client_for, zi_libraries):
    client = client_for(world.users["zi_coordinator"])
    page = client.get("/contoh/zi/baru/")
    assert b"Dinas Kependudukan" in page.content and b"Dinas Pendidikan" not in page.content
    response = client.post("/contoh/zi/baru/", {
        "unit": world.units["dukcapil_bidang"].pk, "declared_on": "2026-07-09",
        "place": "Ruang Pola", "signers": "Drs. Abdul Rahman; Kepala Dinas",
        "witnesses": "AKBP Eko Prasetyo, S.I.K.; Kapolresta\nDr. Siti; Kajari"})
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert b"Kapolresta" in detail.content and b"AKBP Eko Prasetyo, S.I.K." in detail.content


def test_other_units_programmes_are_not_found_for_a_unit_role(world, client_for,
                                                              zi_libraries):
    from integritas.zi import services

    other = services.declare_programme(world.tenant, world.users["inspektur"],
                                       unit=world.units["pendidikan"],
                                       declared_on=dt.date(2026, 7, 9), place="Aula", signers=[],
                                       witnesses=[])
    assert client_for(world.users["zi_coordinator"]).get(
        f"/contoh/zi/{other.pk}/").status_code == 404
    assert client_for(world.users["auditor"]).get(f"/contoh/zi/{other.pk}/").status_code == 200


def test_coordinator_answers_an_area_and_sees_the_error_at_the_item(world, client_for,
                                                                     assessment):
    client = client_for(world.users["zi_coordinator"])
    page = client.get(_url(assessment, "area/1/"))
    assert b"pemenuhan.1.ii.a" in page.content and b"Save the unit" in page.content
    refused = client.post(_url(assessment, "area/1/jawab/"), {
        "value-pemenuhan.1.ii.a": "Ya", "value-pemenuhan.1.ii.b": "Z"})
    assert refused.status_code == 400
    assert "Item pemenuhan.1.ii.b expects one of A, B, C" in refused.content.decode()
    saved = client.post(_url(assessment, "area/1/jawab/"), {
        "value-pemenuhan.1.ii.a": "Ya", "value-pemenuhan.1.ii.b": "C",
        "value-pemenuhan.1.ii.c": "A", "note-pemenuhan.1.ii.a": "SK 12/2026"})
    assert saved.status_code == 302
    assessment.refresh_from_db()
    assert str(assessment.unit_total) == "0.67"


def test_evidence_upload_from_the_page_refuses_a_forbidden_type(world, client_for, assessment):
    client = client_for(world.users["zi_coordinator"])
    response = client.post(_url(assessment, "area/1/bukti/"), {
        "item": "pemenuhan.1.i.a", "title": "SK Tim",
        "file": SimpleUploadedFile("sk.exe", b"MZ\x90\x00")}, follow=True)
    assert "This file type is not accepted as evidence" in response.content.decode()
    response = client.post(_url(assessment, "area/1/bukti/"), {
        "item": "pemenuhan.1.i.a", "title": "SK Tim",
        "file": SimpleUploadedFile("sk.pdf", b"%PDF-1.7 sk")}, follow=True)
    assert b"SK Tim</a> v1" in response.content


def test_tpi_evaluates_and_the_eligibility_panel_follows_the_tpi_values(world, client_for,
                                                                        assessment):
    lke.answer_items(world.tenant, world.users["zi_coordinator"], assessment,
                     {"pemenuhan.1.ii.a": {"value": "Ya"}})
    client = client_for(world.users["tpi"])
    assert b"Save the TPI values" in client.get(_url(assessment, "area/1/")).content
    assert client.post(_url(assessment, "area/1/nilai/"), {
        "value-pemenuhan.1.ii.a": "Tidak", "note-pemenuhan.1.ii.a": "Dokumen tidak ada"}
    ).status_code == 302
    page = client.get(_url(assessment)).content.decode()
    assert "on the TPI value" in page and 'id="verdict-wbk"' in page
    assessment.refresh_from_db()
    assert (assessment.ranking_source, str(assessment.tpi_total)) == ("tpi", "0.00")


def test_the_coordinator_cannot_post_tpi_values(world, client_for, assessment):
    response = client_for(world.users["zi_coordinator"]).post(
        _url(assessment, "area/1/nilai/"), {"value-pemenuhan.1.ii.a": "Ya"})
    assert response.status_code == 403


def test_outsider_gets_404(world, client_for, assessment):
    assert client_for(world.users["outsider"]).get(_url(assessment)).status_code == 404


def test_workbook_has_the_kemenpanrb_columns_and_the_answers(world, client_for, assessment):
    lke.answer_items(world.tenant, world.users["zi_coordinator"], assessment,
                     {"pemenuhan.1.ii.a": {"value": "Ya", "note": "Ada"}})
    response = client_for(world.users["auditor"]).get(_url(assessment, "lke.xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[4]][:7] == ["Kode", "Komponen / Indikator / Pertanyaan",
                                               "Bobot", "Pilihan Jawaban", "Jawaban Unit",
                                               "Nilai Unit", "% Unit"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "pemenuhan.1.ii.a")
    assert (row[3], row[4], row[5], row[10]) == ("Ya/Tidak", "Ya", 1.0, "Ada")


def test_evidence_pack_has_a_folder_per_area_and_item(world, client_for, assessment):
    lke.add_evidence_file(world.tenant, world.users["zi_coordinator"], assessment,
                          "pemenuhan.5.i.a", title="Laporan UPG",
                          upload=SimpleUploadedFile("upg.pdf", b"%PDF-1.7 upg"))
    response = client_for(world.users["auditor"]).get(_url(assessment, "bukti.zip"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert any(n.startswith("area-V-") and "/pemenuhan.5.i.a/laporan-upg-v1.pdf" in n
               for n in names)
    assert "daftar-bukti.tsv" in names


def test_pdf_summary(world, client_for, assessment):
    response = client_for(world.users["regional_head"]).get(_url(assessment, "ringkasan.pdf"))
    assert response.content.startswith(b"%PDF")


def test_ranking_orders_units_and_exports(world, client_for, assessment):
    from integritas.zi import services

    other = services.declare_programme(world.tenant, world.users["inspektur"],
                                       unit=world.units["pendidikan"],
                                       declared_on=dt.date(2026, 7, 9), place="Aula", signers=[],
                                       witnesses=[])
    better = lke.start_assessment(world.tenant, world.users["inspektur"], other, year=2026)
    lke.answer_items(world.tenant, world.users["inspektur"], better,
                     {"pemenuhan.1.ii.a": {"value": "Ya"}})
    client = client_for(world.users["inspektur"])
    page = client.get("/contoh/zi/peringkat/?year=2026").content.decode()
    assert page.index("Dinas Pendidikan") < page.index("Dinas Kependudukan")
    export = client.get("/contoh/zi/peringkat/?year=2026&format=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Dinas Pendidikan" and rows[1][2] == pytest.approx(0.33)
