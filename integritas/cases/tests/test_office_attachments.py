"""Word and Excel evidence: accepted as DOCX/XLSX, rebuilt without who made them; macros, old and
password-protected Office files, other zips, zip bombs and path tricks are refused by code."""

import io
import re
import time
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from PIL import Image

from integritas.cases import attachments, office
from integritas.cases.models import Attachment, Case
from integritas.cases.tests.helpers import REPORT
from integritas.cases.tests.ws_helpers import detail_url, handler_client
from integritas.core.errors import DomainError

FORM = "/contoh/lapor/kirim/wbs/"
AUTHOR = "Rina Wati"
COMPANY = "Dinas Rahasia Sejahtera"
DOCUMENT_TEXT = "Kuitansi pungutan liar 500 ribu"
DROPPED = ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml",
           "docProps/thumbnail.jpeg", "customXml/item1.xml", "customXml/_rels/item1.xml.rels",
           "word/people.xml", "xl/persons/person.xml")

CORE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{AUTHOR}</dc:creator>
<cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy></cp:coreProperties>"""
APP = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Company>{COMPANY}</Company><Template>C:\\Users\\rina.wati\\Normal.dotm</Template></Properties>"""
CUSTOM_ITEM = f'<?xml version="1.0"?><b:Sources xmlns:b="urn:x">{AUTHOR}</b:Sources>'
OOXML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MS = "http://schemas.microsoft.com/office/"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/"


def rels(*relations) -> str:
    """A relationships part from (type, target) pairs; a third item marks an external link."""
    lines = [f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"'
             + (' TargetMode="External"' if external else "") + "/>"
             for n, (kind, target, *external) in enumerate(relations, 1)]
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PACKAGE}relationships">\n' + "\n".join(lines)
            + "\n</Relationships>")


def package_rels(main: str) -> str:
    return rels((OOXML + "extended-properties", "docProps/app.xml"),
                (PACKAGE + "relationships/metadata/core-properties", "docProps/core.xml"),
                (PACKAGE + "relationships/metadata/thumbnail", "/docProps/thumbnail.jpeg"),
                (OOXML + "officeDocument", main))


def content_types(main_type: str, main_part: str, *overrides) -> str:
    office_type = "application/vnd.openxmlformats-officedocument."
    overrides = [(main_part, main_type),
                 ("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties"
                  "+xml"),
                 ("docProps/app.xml", office_type + "extended-properties+xml"),
                 ("customXml/itemProps1.xml", office_type + "customXmlProperties+xml"),
                 *overrides]
    lines = [f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in overrides]
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="{PACKAGE}content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="jpeg" ContentType="image/jpeg"/>
""" + "\n".join(lines) + "\n</Types>"


def photo_with_exif() -> bytes:
    image = Image.new("RGB", (32, 24), (20, 120, 30))
    exif = Image.Exif()
    exif[0x013B] = f"{AUTHOR} Photographer"  # Artist
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def make_zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return out.getvalue()


def docx_parts(main_type=None) -> dict:
    main_type = main_type or ("application/vnd.openxmlformats-officedocument.wordprocessingml"
                              ".document.main+xml")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return {
        "[Content_Types].xml": content_types(
            main_type, "word/document.xml",
            ("word/comments.xml", "application/vnd.openxmlformats-officedocument."
             "wordprocessingml.comments+xml"),
            ("word/people.xml", "application/vnd.openxmlformats-officedocument."
             "wordprocessingml.people+xml")),
        "_rels/.rels": package_rels("word/document.xml"),
        "docProps/core.xml": CORE,
        "docProps/app.xml": APP,
        "docProps/thumbnail.jpeg": photo_with_exif(),
        "word/document.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {w}><w:body><w:p><w:r><w:t>{DOCUMENT_TEXT}</w:t></w:r></w:p>
<w:p><w:ins w:id="1" w:author="{AUTHOR}" w:date="2026-11-02T10:00:00Z"><w:r><w:t>tambahan</w:t>
</w:r></w:ins></w:p></w:body></w:document>""",
        "word/comments.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments {w}>
<w:comment w:id="0" w:author="{AUTHOR}" w:initials="RW" w:date="2026-11-02T10:00:00Z">
<w:p><w:r><w:t>Cek tanggal kuitansi</w:t></w:r></w:p></w:comment></w:comments>""",
        "word/people.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">
<w15:person w15:author="{AUTHOR}">
<w15:presenceInfo w15:providerId="AD" w15:userId="rina@dinas.go.id"/>
</w15:person></w15:people>""",
        "word/media/image1.jpeg": photo_with_exif(),
        "word/_rels/document.xml.rels": rels(
            (OOXML + "comments", "comments.xml"),
            (MS + "2011/relationships/people", "people.xml"),
            (OOXML + "customXml", "../customXml/item1.xml"),
            (OOXML + "image", "media/image1.jpeg"),
            (OOXML + "hyperlink", "https://example.org/people.xml", True)),
        "word/settings.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {w} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<w:attachedTemplate r:id="rId1"/></w:settings>""",
        "word/_rels/settings.xml.rels": rels(
            (OOXML + "attachedTemplate",
             "file:///C:\\Users\\rina.wati\\AppData\\Roaming\\Microsoft\\Templates\\"
             "Surat Dinas.dotx", True)),
        "customXml/item1.xml": CUSTOM_ITEM,
        "customXml/_rels/item1.xml.rels": """<?xml version="1.0"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="x" Target="itemProps1.xml"/></Relationships>""",
    }


def xlsx_parts() -> dict:
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    return {
        "[Content_Types].xml": content_types(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "xl/workbook.xml",
            ("xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument."
             "spreadsheetml.worksheet+xml"),
            ("xl/persons/person.xml", "application/vnd.ms-excel.person+xml")),
        "_rels/.rels": package_rels("/xl/workbook.xml"),
        "docProps/core.xml": CORE,
        "docProps/app.xml": APP,
        "xl/workbook.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook {main} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac">
<fileSharing userName="{AUTHOR}"/>
<mc:AlternateContent><mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\{AUTHOR}\\Dokumen\\"/>
</mc:Choice></mc:AlternateContent>
<sheets><sheet name="Pungutan" sheetId="1" r:id="rId1"/></sheets></workbook>""",
        "xl/_rels/workbook.xml.rels": rels(
            (OOXML + "worksheet", "worksheets/sheet1.xml"),
            (MS + "2017/10/relationships/person", "persons/person.xml")),
        "xl/worksheets/sheet1.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet {main}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{DOCUMENT_TEXT}</t></is>
</c></row></sheetData></worksheet>""",
        "xl/worksheets/_rels/sheet1.xml.rels": rels(
            (OOXML + "comments", "../comments1.xml"),
            (MS + "2017/10/relationships/threadedComment",
             "../threadedComments/threadedComment1.xml")),
        "xl/comments1.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments {main}><authors><author>{AUTHOR}</author></authors><commentList>
<comment ref="A1" authorId="0"><text><t>Nominal sesuai kuitansi</t></text></comment>
</commentList></comments>""",
        "xl/threadedComments/threadedComment1.xml": """<?xml version="1.0" encoding="UTF-8"?>
<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">
<threadedComment ref="A1" personId="{7A1F0C55-1111-2222-3333-444455556666}" id="{1}">
<text>Nominal sesuai kuitansi</text></threadedComment></ThreadedComments>""",
        "xl/persons/person.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">
<person displayName="{AUTHOR}" id="{{7A1F0C55-1111-2222-3333-444455556666}}"
 userId="rina@dinas.go.id" providerId="AD"/>
</personList>""",
    }


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def refusal(name, data) -> str:
    with pytest.raises(DomainError) as error:
        attachments.clean_upload(upload(name, data))
    return error.value.code


def assert_cleaned(data: bytes):
    """Nothing names Rina Wati or her office, no dropped part or pointer to one is left, every
    XML part parses and every entry is dated 1980."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        assert not set(names) & set(DROPPED)
        text = ""
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.compress_type == zipfile.ZIP_DEFLATED
            content = archive.read(info)
            assert AUTHOR.encode() not in content and COMPANY.encode() not in content
            assert b"rina" not in content.lower()
            if info.filename.endswith((".xml", ".rels")):
                ET.fromstring(content)
                text += content.decode()
        assert DOCUMENT_TEXT in text
        pointers = re.findall(r'(?:Target|PartName)="([^"]+)"', text)
        assert pointers and not [p for p in pointers if not p.startswith("https:") and (
            "docProps" in p or "customXml" in p or "people.xml" in p or "persons" in p)]
        return archive, names, text


@pytest.mark.django_db
def test_a_docx_is_kept_without_its_authors_company_people_and_custom_parts(world):
    clean = attachments.clean_upload(upload("surat.docx", make_zip(docx_parts())))
    assert clean.content_type == office.DOCX and clean.name == "surat.docx"
    _archive, names, text = assert_cleaned(clean.data)
    assert "word/comments.xml" in names and "Cek tanggal kuitansi" in text  # comment text kept
    assert 'w:author="-"' in text and 'w:initials=""' in text
    assert "https://example.org/people.xml" in text  # an external link is not a dropped part
    with zipfile.ZipFile(io.BytesIO(clean.data)) as archive:
        picture = archive.read("word/media/image1.jpeg")
    with Image.open(io.BytesIO(picture)) as image:
        assert image.size == (32, 24) and not image.getexif()


@pytest.mark.django_db
def test_an_xlsx_is_kept_without_comment_authors_persons_and_user_folders(world):
    clean = attachments.clean_upload(upload("pungutan.xlsx", make_zip(xlsx_parts())))
    assert clean.content_type == office.XLSX
    _archive, names, text = assert_cleaned(clean.data)
    assert "<author>-</author>" in text and "Nominal sesuai kuitansi" in text
    assert "7A1F0C55" not in text and 'absPath url=""' in text
    assert "xl/threadedComments/threadedComment1.xml" in names


@pytest.mark.django_db
@pytest.mark.parametrize("macro", ["vbaProject.bin", "content type"])
def test_a_document_with_macros_is_refused(world, macro):
    if macro == "vbaProject.bin":
        parts = {**docx_parts(), "word/vbaProject.bin": b"\x00VBA" * 100}
    else:
        parts = docx_parts("application/vnd.ms-word.document.macroEnabled.main+xml")
    assert refusal("surat.docm", make_zip(parts)) == "file_office_macros"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "parts", "message"), [
    ("foto.zip", {"foto1.txt": "isi", "foto2.txt": "isi"}, "Archives cannot be attached"),
    ("surat.odt", {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml":
                   "<office:document-content/>", "META-INF/manifest.xml": "<m/>"},
     "Word and Excel files (DOCX, XLSX)"),
    ("slides.pptx", {"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"},
     "Word and Excel files (DOCX, XLSX)"),
])
def test_other_zips_are_refused_as_a_kind_of_file_we_do_not_take(world, name, parts, message):
    with pytest.raises(DomainError) as error:
        attachments.clean_upload(upload(name, make_zip(parts)))
    assert error.value.code == "file_type_refused"
    assert message in error.value.render("en")


def bomb(parts: dict, size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1 << 20)
            for _ in range(size >> 20):
                member.write(chunk)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("megabytes", [200, 30])  # over the unpacked sum; under it, over the ratio
def test_a_zip_bomb_is_refused_without_unpacking_it(world, megabytes):
    data = bomb(docx_parts(), megabytes << 20)
    assert len(data) < attachments.limits()["max_bytes"]
    started = time.monotonic()
    assert refusal("surat.docx", data) == "file_archive_too_large"
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_a_part_that_unpacks_to_more_than_it_declares_is_refused(world):
    data = bytearray(make_zip({**docx_parts(), "word/media/a.bin": b"A" * 5000}))
    # Shrink the declared size of the part in the central directory to 50 bytes.
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(b"word/media/a.bin"))
    data[entry + 24:entry + 28] = (50).to_bytes(4, "little")
    assert refusal("surat.docx", bytes(data)) == "file_not_cleanable"


@pytest.mark.django_db
@pytest.mark.parametrize("evil", ["../../etc/cron.d/x", "/etc/passwd", "word\\..\\..\\x.xml",
                                  "word/../../x.xml", "C:/Windows/x.xml"])
def test_a_path_trick_in_an_entry_name_is_refused(world, evil):
    assert refusal("surat.docx", make_zip({**docx_parts(), evil: "x"})) == "file_not_cleanable"


@pytest.mark.django_db
def test_too_many_parts_are_refused(world):
    extra = {f"word/media/p{i}.bin": b"" for i in range(attachments.limits()["max_office_parts"])}
    assert refusal("surat.docx", make_zip({**docx_parts(), **extra})) == \
        "file_archive_too_large"


@pytest.mark.django_db
def test_an_encrypted_zip_entry_is_refused(world):
    data = bytearray(make_zip(docx_parts()))
    at = data.index(b"PK\x01\x02")  # the first central directory entry: set "encrypted"
    data[at + 8] |= 0x1
    assert refusal("surat.docx", bytes(data)) == "file_not_cleanable"


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "code"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le"),
     "file_office_old_format"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"),
     "file_office_encrypted"),
])
def test_old_and_password_protected_office_files_are_refused(world, data, code):
    assert refusal("surat.doc", data) == code


@pytest.mark.django_db
def test_a_broken_docx_is_refused_as_not_cleanable(world):
    data = make_zip(docx_parts())
    assert refusal("surat.docx", data[: len(data) // 2]) == "file_not_cleanable"


@pytest.mark.django_db
def test_a_reported_docx_reaches_the_handler_without_its_author(world, desk, client):
    form = {k: v for k, v in REPORT.items() if k != "channel"}
    form["files"] = [upload("surat teguran.docx", make_zip(docx_parts()))]
    response = client.post(FORM, form)
    assert response.status_code == 302
    with scope(tenant=world.tenant.pk):
        attachment = Attachment.objects.get()
        case = Case.objects.get(pk=attachment.case_id)
    assert attachment.content_type == office.DOCX
    inspektur = handler_client(client, world, "inspektur")
    download = inspektur.get(detail_url(case) + f"bukti/{attachment.pk}/")
    assert download["Content-Disposition"].startswith(
        'attachment; filename="surat teguran.docx"')
    data = b"".join(download.streaming_content)
    assert_cleaned(data)


@pytest.mark.django_db
def test_the_report_form_names_word_and_excel_files(world, client):
    html = client.get(FORM).content.decode()
    assert "Word and Excel documents (DOCX, XLSX)" in html
