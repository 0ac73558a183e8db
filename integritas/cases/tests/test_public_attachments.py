"""Evidence files: type by content, metadata removed, limits, refusals with coded messages."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from PIL import Image

from integritas.cases import attachments, keys
from integritas.cases.models import Attachment
from integritas.cases.testing import give_handler_key
from integritas.cases.tests.helpers import REPORT
from integritas.core.errors import DomainError

FORM = "/contoh/lapor/kirim/wbs/"


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Rina Wati Photographer"  # Artist
    exif[0x010F] = "SecretPhone Model X"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def pdf_with_author() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 5 0 R "
        b"/Resources << /ProcSet [/PDF] >> >>",
        b"<< /Author (Rina Wati Author) /Title (Bukti rahasia) /Producer (Scanner 9000) >>",
        b"<< /Length 17 >>\nstream\n0 0 m 100 100 l S\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def form_with(*files):
    data = {k: v for k, v in REPORT.items() if k != "channel"}
    data["files"] = list(files)
    return data


def stored_plaintext(world, private) -> list[tuple[str, bytes]]:
    with scope(tenant=world.tenant.pk):
        result = []
        for attachment in Attachment.objects.select_related("case"):
            case_keys = keys.keys_with_private_key(attachment.case, world.users["inspektur"],
                                                   private)
            result.append((keys.open_text(case_keys, attachment.name_box),
                           b"".join(attachments.open_attachment(case_keys, attachment))))
        return result


@pytest.mark.django_db
def test_photo_is_accepted_without_its_exif(world, client):
    private = give_handler_key(world.users["inspektur"])
    response = client.post(FORM, form_with(upload("IMG_0001.jpg", jpeg_with_exif())))
    assert response.status_code == 302
    [(name, data)] = stored_plaintext(world, private)
    assert name == "IMG_0001.jpg"
    assert b"Rina Wati" not in data and b"SecretPhone" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (64, 48) and not image.getexif()


def test_pdf_is_accepted_without_its_document_information(world, client):
    private = give_handler_key(world.users["inspektur"])
    response = client.post(FORM, form_with(upload("bukti.pdf", pdf_with_author())))
    assert response.status_code == 302
    [(_name, data)] = stored_plaintext(world, private)
    assert data.startswith(b"%PDF-")
    assert b"Rina Wati" not in data and b"Bukti rahasia" not in data and b"Scanner" not in data


@pytest.mark.parametrize(("name", "data", "code"), [
    ("laporan.pdf", b"MZ\x90\x00" + b"\x00" * 200, "file_type_refused"),
    ("foto.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "file_type_refused"),
    ("data.bin", bytes(range(256)) * 4, "file_type_refused"),
    ("rusak.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "file_not_cleanable"),
    ("kosong.txt", b"", "file_empty"),
])
def test_files_that_cannot_be_cleaned_are_refused_by_content(world, name, data, code):
    with pytest.raises(DomainError) as error:
        attachments.clean_upload(upload(name, data))
    assert error.value.code == code


def test_zip_bomb_renamed_pdf_is_refused_and_nothing_is_filed(world, client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\x00" * 20_000_000)
    response = client.post(FORM, form_with(upload("bukti.pdf", buffer.getvalue())))
    assert response.status_code == 400
    assert "Archives cannot be attached" in response.content.decode()
    with scope(tenant=world.tenant.pk):
        assert not Attachment.objects.exists()


def test_oversize_file_is_refused_with_the_limit(world, client):
    too_big = b"a" * (attachments.limits()["max_bytes"] + 1)
    response = client.post(FORM, form_with(upload("catatan.txt", too_big)))
    assert response.status_code == 400
    assert "is larger than 20 MB" in response.content.decode()


def test_a_declared_gigabyte_upload_is_refused_before_reading(world, client):
    response = client.generic("POST", FORM, b"--x--", content_type="multipart/form-data; "
                              "boundary=x", CONTENT_LENGTH=str(1 << 30))
    assert response.status_code == 413


def test_too_many_files_are_refused(world, client):
    files = [upload(f"n{i}.txt", b"catatan %d" % i) for i in range(11)]
    response = client.post(FORM, form_with(*files))
    assert response.status_code == 400
    assert "At most 10 files" in response.content.decode()


def test_encrypted_file_on_disk_does_not_contain_the_bytes(world, client, settings):
    from django.core.files.storage import default_storage

    client.post(FORM, form_with(upload("catatan.txt", b"RAHASIA-ISI-BERKAS " * 50)))
    with scope(tenant=world.tenant.pk):
        attachment = Attachment.objects.get()
    with default_storage.open(f"cases/{attachment.blob_name}", "rb") as stored:
        raw = stored.read()
    assert b"RAHASIA" not in raw and len(raw) > attachment.size
    assert attachment.content_type == "text/plain"


def test_files_of_a_failed_transaction_are_swept_and_named_files_are_kept(world):
    import datetime as dt

    from django.core.files.storage import default_storage

    from integritas.cases.crypto import new_data_key
    from integritas.cases.tests.helpers import file_report

    upload = SimpleUploadedFile("bukti.txt", b"Kuitansi pungutan 500 ribu", "text/plain")
    kept_case = file_report(world.tenant)
    with scope(tenant=world.tenant.pk):
        kept = attachments.store([attachments.clean_upload(upload)], new_data_key())
        attachments.attachment_rows(kept_case.case, kept, from_reporter=True,
                                    content_key=new_data_key())
    upload.seek(0)
    orphan = attachments.store([attachments.clean_upload(upload)], new_data_key())
    assert attachments.sweep_orphans(older_than=dt.timedelta(hours=1)) == 0  # still young
    assert attachments.sweep_orphans(older_than=dt.timedelta(0)) == 1
    assert not default_storage.exists(f"{attachments.FOLDER}/{orphan[0][1]}")
    assert default_storage.exists(f"{attachments.FOLDER}/{kept[0][1]}")
