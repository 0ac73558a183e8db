"""The dump test: after reports, identities, messages and files go in, a dump of every table and
every file in the data dir contains none of them (issue 4, "Must show")."""

import io
import re
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_scopes import scope
from PIL import Image

from integritas.cases import keys
from integritas.cases.models import Message
from integritas.cases.testing import give_handler_key
from integritas.cases.tests.test_public_attachments import pdf_with_author

SECRETS = {
    "what": "Bendahara Dinas memotong honor kegiatan 15 persen setiap bulan",
    "who": "Ibu Kartika Sembiring, Bendahara Pengeluaran",
    "where": "Ruang bendahara lantai dua",
    "name": "Rina Wati Kusumawardani",
    "contact": "rina.rahasia@example.com",
    "nik": "3171234567890123",
    "api_what": "Pungutan 50 ribu untuk KTP elektronik di loket kecamatan",
    "api_name": "Joko Susilo Prasetyo",
    "reporter_message": "Saya punya rekaman percakapan tanggal tiga",
    "handler_message": "Mohon kirim rekaman percakapan tersebut",
    "file_text": "Catatan pribadi: potongan honor Januari Rp 1.250.000",
    "file_name": "catatan-kartika.txt",
    "photo_artist": "Kamera Milik Rina",
}


def photo() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = SECRETS["photo_artist"]
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 200)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def dump_database() -> bytes:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode("utf-8", "replace"))
    return b"\n".join(chunks)


def read_data_dir() -> bytes:
    return b"\n".join(path.read_bytes() for path in Path(settings.DATA_DIR).rglob("*")
                      if path.is_file())


def test_database_and_file_store_reveal_nothing_submitted(world, client):
    inspektur = world.users["inspektur"]
    private = give_handler_key(inspektur)
    form = {
        "category": "korupsi", "what": SECRETS["what"], "who": SECRETS["who"],
        "where": SECRETS["where"], "unit": str(world.units["pendidikan"].pk),
        "identity_name": SECRETS["name"], "identity_contact": SECRETS["contact"],
        "identity_nik": SECRETS["nik"],
        "files": [SimpleUploadedFile(SECRETS["file_name"], SECRETS["file_text"].encode()),
                  SimpleUploadedFile("foto.jpg", photo()),
                  SimpleUploadedFile("surat.pdf", pdf_with_author())],
    }
    assert client.post("/contoh/lapor/kirim/wbs/", form).status_code == 302
    page = client.get("/contoh/lapor/tanda-terima/").content.decode()
    receipt = re.search(r"data-receipt>([^<]+)<", page).group(1)
    client.post("/contoh/lapor/tanda-terima/", {"saved": "yes"})
    client.post("/contoh/lapor/status/", {"receipt": receipt})
    client.post("/contoh/lapor/status/pesan/", {
        "body": SECRETS["reporter_message"],
        "files": [SimpleUploadedFile("rekaman.txt", SECRETS["file_text"].encode())]})
    api = client.post("/api/v1/public/contoh/reports", {
        "channel": "complaint", "category": "pungli", "what": SECRETS["api_what"],
        "identity": {"name": SECRETS["api_name"]}}, content_type="application/json").json()
    with scope(tenant=world.tenant.pk):
        case = Message.objects.get().case
        case_keys = keys.keys_with_private_key(case, inspektur, private)
        Message.objects.create(tenant=world.tenant, case=case, kind="to_reporter",
                               body_box=keys.seal_text(case_keys, SECRETS["handler_message"]))
        assert keys.identity(case_keys, case)["nik"] == SECRETS["nik"]  # it is all there
    assert SECRETS["handler_message"] in client.get("/contoh/lapor/status/").content.decode()

    everything = dump_database() + read_data_dir()
    # The dump does see the plaintext a case is run with, and the encrypted files.
    assert case.number.encode() in everything and b"korupsi" in everything
    assert len(list(Path(settings.MEDIA_ROOT).glob("cases/*"))) == 4
    needles = {**SECRETS, "receipt": receipt, "api_receipt": api["receipt"],
               "private_key": private.hex()}
    found = {name: text for name, text in needles.items()
             if text.encode() in everything or text.lower().encode() in everything.lower()}
    assert found == {}
    assert private not in everything
