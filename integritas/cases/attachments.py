"""Evidence files: checked by content, cleaned of metadata, encrypted, stored under random names.

A file's type is what its first bytes say, never its name. Only what can be cleaned is accepted:
JPEG and PNG are decoded and re-encoded by Pillow (which drops EXIF, GPS and the camera's serial
number — the things that identify a sender); PDFs are rewritten by pyHanko without their document
information and XMP metadata; plain text carries none; Word and Excel documents (DOCX, XLSX) are
checked against zip bombs and rebuilt without the parts and attributes that name their authors
(`office.py`). Executables, other archives, macro-enabled and old or password-protected Office
files, and anything else are refused with a message that says why. Limits come from
`libraries/cases/intake.yaml`.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled
from PIL import Image, ImageOps

from integritas.cases import crypto, office, reference
from integritas.cases.models import Attachment
from integritas.core.errors import DomainError

FOLDER = "cases"
ZIP = b"PK\x03\x04"
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE: old DOC/XLS, and password-protected DOCX/XLSX
CFB_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream of an encrypted OOXML file
REFUSED_SIGNATURES = (
    (b"MZ", _("Programs cannot be attached.")),
    (b"\x7fELF", _("Programs cannot be attached.")),
    (b"\xcf\xfa\xed\xfe", _("Programs cannot be attached.")),
    (b"#!", _("Scripts cannot be attached.")),
    (b"\x1f\x8b", _("Archives cannot be attached.")),
    (b"7z\xbc\xaf", _("Archives cannot be attached.")),
    (b"Rar!", _("Archives cannot be attached.")),
)


@dataclass(frozen=True)
class CleanFile:
    name: str
    content_type: str
    data: bytes


def limits() -> dict:
    return reference.limits()["attachments"]


def clean_upload(upload) -> CleanFile:
    """Read, identify and clean one uploaded file, or raise a coded DomainError."""
    maximum = limits()["max_bytes"]
    if upload.size is not None and upload.size > maximum:
        raise _too_large(upload.name)
    data = upload.read(maximum + 1)
    if len(data) > maximum:
        raise _too_large(upload.name)
    if not data:
        raise DomainError("file_empty", _("The file %(name)s is empty."), field="files",
                          name=_short(upload.name))
    content_type = sniff(data, upload.name)
    return CleanFile(_short(upload.name), content_type, CLEANERS[content_type](data, upload.name))


def sniff(data: bytes, name: str) -> str:
    for signature, reason in REFUSED_SIGNATURES:
        if data.startswith(signature):
            raise DomainError("file_type_refused", "%(name)s: %(reason)s", field="files",
                              name=_short(name), reason=reason)
    if data.startswith(CFB):
        raise _old_office(data, name)
    if data.startswith(ZIP):
        found = _identify_office(data, name)
    elif data.startswith(b"\xff\xd8\xff"):
        found = "image/jpeg"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        found = "image/png"
    elif data[:1024].lstrip().startswith(b"%PDF-"):
        found = "application/pdf"
    elif _is_text(data):
        found = "text/plain"
    else:
        found = ""
    if found not in limits()["types"]:
        raise _type_refused(name)
    return found


def _type_refused(name) -> DomainError:
    return DomainError("file_type_refused", _(
        "%(name)s: this kind of file cannot be attached. Send photos (JPEG, PNG), Word and Excel "
        "files (DOCX, XLSX), PDF or plain text."), field="files", name=_short(name))


def _old_office(data: bytes, name) -> DomainError:
    if CFB_ENCRYPTED in data:
        return DomainError("file_office_encrypted", "%(name)s: %(reason)s", field="files",
                           name=_short(name), reason=_(
                               "Password-protected documents cannot be attached; remove the "
                               "password and save it as DOCX/XLSX, or as PDF."))
    return DomainError("file_office_old_format", "%(name)s: %(reason)s", field="files",
                       name=_short(name), reason=_(
                           "Old Word and Excel files (DOC, XLS) cannot be attached; save the "
                           "document as DOCX/XLSX or PDF."))


def _identify_office(data: bytes, name) -> str:
    try:
        return office.identify(data, limits())
    except office.Refused as refused:
        raise _office_refused(refused, name) from None
    except Exception:
        raise _uncleanable(name) from None


def _clean_office(data: bytes, name: str) -> bytes:
    try:
        # A picture inside that cannot be cleaned refuses the document under its own name.
        return office.clean(data, limits(), lambda content, _part: _clean_image(content, name))
    except office.Refused as refused:
        raise _office_refused(refused, name) from None
    except DomainError:
        raise
    except Exception:
        raise _uncleanable(name) from None


def _office_refused(refused: office.Refused, name) -> DomainError:
    if refused.code == "archive":
        return DomainError("file_type_refused", "%(name)s: %(reason)s", field="files",
                           name=_short(name), reason=_(
                               "Archives cannot be attached; send the documents themselves."))
    if refused.code == "other_document":
        return _type_refused(name)
    if refused.code == "macros":
        return DomainError("file_office_macros", "%(name)s: %(reason)s", field="files",
                           name=_short(name), reason=_(
                               "Documents with macros cannot be attached; save it as DOCX/XLSX "
                               "without macros, or as PDF."))
    if refused.code == "too_large":
        return DomainError("file_archive_too_large", _(
            "%(name)s unpacks to more than %(size)s or is packed suspiciously tightly, so it "
            "cannot be checked safely."), field="files", name=_short(name),
            size=_megabytes(limits()["max_office_unpacked_bytes"]))
    return _uncleanable(name)


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _clean_image(data: bytes, name: str) -> bytes:
    Image.MAX_IMAGE_PIXELS = limits()["max_image_pixels"]
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image = ImageOps.exif_transpose(image)
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            # A fresh encode keeps pixels only: no EXIF, GPS, XMP, ICC-embedded comments.
            image.save(out, format=image_format, **({"quality": 90} if image_format == "JPEG"
                                                     else {}))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DomainError("file_image_too_large", _(
            "%(name)s: the picture is too large to process."), field="files",
            name=_short(name)) from None
    except Exception:
        raise _uncleanable(name) from None
    return out.getvalue()


def _clean_pdf(data: bytes, name: str) -> bytes:
    """A new PDF whose pages draw the original pages' content: the document information,
    XMP metadata, attachments, scripts, forms and everything else outside the page content
    are left behind."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import get_and_apply
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import PdfFileWriter

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise _uncleanable(name)
        pages = int(reader.root["/Pages"]["/Count"])
        if not 0 < pages <= limits()["max_pdf_pages"]:
            raise _uncleanable(name)
        writer = PdfFileWriter()
        for index in range(pages):
            page_ref, _resources = reader.find_page_for_modification(index)
            original = page_ref.get_object()
            if "/Contents" not in original:
                continue
            drawing = writer.import_page_as_xobject(reader, page_ix=index)
            page = generic.DictionaryObject({
                generic.pdf_name("/Type"): generic.pdf_name("/Page"),
                generic.pdf_name("/MediaBox"): drawing.get_object()["/BBox"],
                generic.pdf_name("/Resources"): generic.DictionaryObject({
                    generic.pdf_name("/XObject"): generic.DictionaryObject(
                        {generic.pdf_name("/Page"): drawing})}),
                generic.pdf_name("/Contents"): writer.add_object(
                    generic.StreamObject(stream_data=b"q /Page Do Q")),
            })
            rotation = get_and_apply(original, "/Rotate", int, default=0)
            if rotation:
                page[generic.pdf_name("/Rotate")] = generic.NumberObject(rotation)
            writer.insert_page(page)
        out = io.BytesIO()
        writer.write(out)
    except DomainError:
        raise
    except Exception:
        raise _uncleanable(name) from None
    return out.getvalue()


def _keep(data: bytes, name: str) -> bytes:
    return data


CLEANERS = {"image/jpeg": _clean_image, "image/png": _clean_image,
            "application/pdf": _clean_pdf, "text/plain": _keep,
            office.DOCX: _clean_office, office.XLSX: _clean_office}


def check_count(files: list, *, already: int = 0, already_bytes: int = 0) -> None:
    if len(files) + already > limits()["max_count"]:
        raise DomainError("too_many_files", _("At most %(count)s files can be attached."),
                          field="files", count=limits()["max_count"])
    if sum(len(f.data) for f in files) + already_bytes > limits()["max_total_bytes"]:
        raise DomainError("files_too_large", _("The files together are larger than %(size)s."),
                          field="files", size=_megabytes(limits()["max_total_bytes"]))


def store(files: list[CleanFile], content_key: bytes) -> list[tuple[CleanFile, str, int]]:
    """Encrypt each file to `cases/<random>`; returns (file, blob name, size). Call before the
    database transaction; `discard` the names if it fails."""
    stored = []
    try:
        for clean in files:
            blob_name = secrets.token_hex(16)
            encrypted = io.BytesIO()
            size = crypto.encrypt_stream(content_key, io.BytesIO(clean.data), encrypted)
            default_storage.save(f"{FOLDER}/{blob_name}", ContentFile(encrypted.getvalue()))
            stored.append((clean, blob_name, size))
    except Exception:
        discard([name for _clean, name, _size in stored])
        raise
    return stored


def discard(blob_names: list[str]) -> None:
    for blob_name in blob_names:
        default_storage.delete(f"{FOLDER}/{blob_name}")


def sweep_orphans(*, older_than: dt.timedelta) -> int:
    """Delete stored files that no attachment names and that are older than `older_than`: files
    encrypted for a transaction that then failed after `store` (their key died with it, so they
    could never be read). The age keeps files of transactions still running."""
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    with scopes_disabled():  # one file store for every tenant
        named = set(Attachment.objects.values_list("blob_name", flat=True))
    cutoff = timezone.now() - older_than
    orphans = [name for name in names if name not in named
               and default_storage.get_modified_time(f"{FOLDER}/{name}") < cutoff]
    discard(orphans)
    return len(orphans)


def attachment_rows(case, stored, *, message=None, from_reporter: bool, uploaded_by=None,
                    content_key: bytes) -> list[Attachment]:
    return Attachment.objects.bulk_create([
        Attachment(tenant_id=case.tenant_id, case=case, message=message,
                   from_reporter=from_reporter, uploaded_by=uploaded_by, blob_name=blob_name,
                   size=size, content_type=clean.content_type,
                   name_box=crypto.box(content_key, clean.name))
        for clean, blob_name, size in stored
    ])


def open_attachment(keys, attachment: Attachment) -> Iterator[bytes]:
    """The decrypted bytes of an attachment, chunk by chunk (for a StreamingHttpResponse)."""
    with default_storage.open(f"{FOLDER}/{attachment.blob_name}", "rb") as source:
        yield from crypto.decrypt_stream(keys.content, source)


def add_attachment(tenant, actor, case, keys, uploaded_file, *, message=None,
                   from_reporter: bool = False) -> list[Attachment]:
    """For handlers' services: check, clean, encrypt and record one file (inside a service)."""
    clean = clean_upload(uploaded_file)
    existing = case.attachments.count()
    check_count([clean], already=existing)
    stored = store([clean], keys.content)
    return attachment_rows(case, stored, message=message, from_reporter=from_reporter,
                           uploaded_by=actor, content_key=keys.content)


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes the per-report total (a 1 GB upload is cut
    off after the limit instead of being spooled to disk first)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > limits()["max_total_bytes"]:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _too_large(name) -> DomainError:
    return DomainError("file_too_large", _("%(name)s is larger than %(size)s."), field="files",
                       name=_short(name), size=_megabytes(limits()["max_bytes"]))


def _uncleanable(name) -> DomainError:
    return DomainError("file_not_cleanable", _(
        "%(name)s could not be checked and cleaned of hidden information, so it was not "
        "accepted. Try saving it again as PDF or as a photo."), field="files",
        name=_short(name))


def _short(name) -> str:
    return str(name or "")[-120:]


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"
