"""Word and Excel evidence (DOCX, XLSX): identified and rebuilt without who made them.

An Office Open XML file is a zip of XML parts. It is read in memory, never extracted to disk, and
checked before anything is decompressed: the number of parts, the sum of their declared sizes, the
compression ratio of each part, encryption flags and path tricks (absolute names, `..`). Each part
is then read with a hard cap of its declared size, so a lying header cannot make us read more.

Cleaning keeps the document (text, tables, pictures, comments' text) and leaves behind the parts
that name people or machines (document properties, thumbnails, custom XML, the people and persons
lists), the relationships and content-type overrides that point to them, the authors and initials
written on comments and tracked changes, and the file times (every entry is dated 1980-01-01).
Embedded JPEG and PNG pictures are re-encoded by the caller's image cleaner (no EXIF, no GPS).

This module raises `Refused(code)`; `attachments` turns the codes into the messages users see.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from html import unescape
from urllib.parse import unquote

from defusedxml import ElementTree

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAIN_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}
CONTENT_TYPES = "[Content_Types].xml"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

DROPPED_NAMES = {"docProps/core.xml", "docProps/app.xml", "docProps/custom.xml",
                 "word/people.xml"}
DROPPED_PREFIXES = ("docProps/thumbnail.", "customXml/", "xl/persons/")
# Attributes (by local name, any prefix) that carry a person or an account: comment and revision
# authors, their initials, the account ids of modern comments, shared-workbook user names.
PERSON_ATTRIBUTES = {"author": "-", "initials": "", "userId": "", "providerId": "",
                     "userName": "-", "personId": "{00000000-0000-0000-0000-000000000000}"}
# Elements whose text is a person's name (XLSX comments' `<authors><author>`).
PERSON_ELEMENTS = ("author",)

_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
# An external target on this machine or a share (a template, a linked picture or data source)
# names the user's folders: `file:///C:\Users\rina\...`, `C:\...`, `\\server\...`.
_LOCAL_TARGET = re.compile(r'(\sTarget\s*=\s*")(?:file:[^"]*|[A-Za-z]:\\[^"]*|\\\\[^"]*)(")',
                           re.IGNORECASE)
_ATTRIBUTE = re.compile(r"(\s+)([\w.:-]+)(\s*=\s*)(\"[^\"]*\"|'[^']*')")
_PERSON_ELEMENT = re.compile(
    r"(<(?:[\w.-]+:)?(?:{names})(?:\s[^<>]*)?>)[^<]*(</(?:[\w.-]+:)?(?:{names})\s*>)".replace(
        "{names}", "|".join(PERSON_ELEMENTS)))


class Refused(Exception):
    """`code` is one of: archive (a zip that is no Office document), other_document (ODF, PPTX
    and the like), macros, too_large, unsafe (cannot be checked: paths, encryption, damage)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def identify(data: bytes, limits: dict) -> str:
    """The content type of a DOCX or XLSX, after the safety checks; or raise Refused."""
    with _open(data) as archive:
        return _identify(archive, limits)


def clean(data: bytes, limits: dict, clean_image: Callable[[bytes, str], bytes]) -> bytes:
    """The document rebuilt without the parts and attributes that name people or machines."""
    with _open(data) as archive:
        _identify(archive, limits)
        infos = [info for info in archive.infolist() if not info.is_dir()]
        dropped = {info.filename for info in infos if _is_dropped(info.filename)}
        dropped |= {info.filename for info in infos if _rels_source(info.filename) in dropped}
        kept = [info for info in infos if info.filename not in dropped]
        kept.sort(key=lambda info: info.filename != CONTENT_TYPES)  # stable: order otherwise kept
        parts = []
        unpacked = 0
        for info in kept:
            content = _read(archive, info)
            unpacked += len(content)
            if unpacked > limits["max_office_unpacked_bytes"]:
                raise Refused("too_large")
            parts.append((info.filename, content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for name, content in parts:
            entry = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            rebuilt.writestr(entry, _clean_part(name, content, dropped, clean_image))
    return out.getvalue()


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise Refused("unsafe") from None


def _identify(archive: zipfile.ZipFile, limits: dict) -> str:
    infos = archive.infolist()
    if len(infos) > limits["max_office_parts"]:
        raise Refused("too_large")
    names = [info.filename for info in infos]
    if CONTENT_TYPES not in names:
        raise Refused("other_document" if "mimetype" in names else "archive")
    if any(posixpath.basename(name).lower() == "vbaproject.bin" for name in names):
        raise Refused("macros")
    if len(set(names)) != len(names):
        raise Refused("unsafe")
    for info in infos:
        _check_entry(info, limits)
    if sum(info.file_size for info in infos) > limits["max_office_unpacked_bytes"]:
        raise Refused("too_large")
    content_types = _read(archive, archive.getinfo(CONTENT_TYPES))
    if b"macroenabled" in content_types.lower():
        raise Refused("macros")
    found = {MAIN_PARTS[name] for name in names if name in MAIN_PARTS}
    if len(found) != 1:
        raise Refused("other_document")
    return found.pop()


def _check_entry(info: zipfile.ZipInfo, limits: dict) -> None:
    name = info.filename
    if (info.flag_bits & 0x1 or not name or name.startswith("/") or "\\" in name or ":" in name
            or "\x00" in name or any(part in ("..", ".") for part in name.split("/"))):
        raise Refused("unsafe")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Refused("unsafe")
    if info.file_size > limits["max_office_unpacked_bytes"]:
        raise Refused("too_large")
    if info.file_size > max(info.compress_size, 1) * limits["max_office_ratio"]:
        raise Refused("too_large")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One part, never more than its declared size (a lying header is refused)."""
    try:
        with archive.open(info) as member:
            content = member.read(info.file_size + 1)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError,
            NotImplementedError):
        raise Refused("unsafe") from None
    if len(content) != info.file_size:
        raise Refused("unsafe")
    return content


def _is_dropped(name: str) -> bool:
    return name in DROPPED_NAMES or name.startswith(DROPPED_PREFIXES)


def _gone(name: str, dropped: set[str]) -> bool:
    return name in dropped or _is_dropped(name)


def _rels_source(name: str) -> str | None:
    """`word/_rels/document.xml.rels` → `word/document.xml` (`_rels/.rels` → the package)."""
    folder, base = posixpath.split(name)
    if posixpath.basename(folder) != "_rels" or not base.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels")) or None


def _clean_part(name: str, content: bytes, dropped: set[str],
                clean_image: Callable[[bytes, str], bytes]) -> bytes:
    if content.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        return clean_image(content, name)
    if not name.endswith((".xml", ".rels", ".vml")):
        return content
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("unsafe") from None
    if name == CONTENT_TYPES:
        text = _remove_elements(text, "Override", lambda attrs: _gone(
            _part_name(attrs.get("PartName", "")), dropped))
    elif name.endswith(".rels"):
        source = _rels_source(name) or ""
        base = posixpath.dirname(source)
        text = _remove_elements(text, "Relationship", lambda attrs: (
            attrs.get("TargetMode", "Internal") != "External"
            and _gone(_target(base, attrs.get("Target", "")), dropped)))
        text = _LOCAL_TARGET.sub(r"\1\2", text)
    text = _scrub_people(text)
    cleaned = text.encode("utf-8")
    if cleaned != content:
        try:
            ElementTree.fromstring(cleaned)
        except Exception:
            raise Refused("unsafe") from None
    return cleaned


def _attributes(raw: str) -> dict[str, str]:
    return {match.group(2): unescape(match.group(4)[1:-1]) for match in _ATTRIBUTE.finditer(raw)}


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _remove_elements(text: str, local_name: str, remove: Callable[[dict], bool]) -> str:
    """Remove the whole elements `<x:local_name …/>` (or with an empty body) that `remove`
    selects by their attributes."""
    pattern = re.compile(
        r"<((?:[\w.-]+:)?{name})((?:\s+[\w.:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*"
        r"(?:/>|>\s*</\1\s*>)".replace("{name}", re.escape(local_name)))
    return pattern.sub(lambda m: "" if remove(_attributes(m.group(2))) else m.group(0), text)


def _part_name(value: str) -> str:
    return unquote(value).lstrip("/")


def _target(base: str, target: str) -> str:
    target = unquote(target.split("#", 1)[0])
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
    return posixpath.normpath(path).lstrip("/")


def _scrub_people(text: str) -> str:
    def tag(match: re.Match) -> str:
        element = _local(match.group(1))

        def attribute(found: re.Match) -> str:
            local = _local(found.group(2))
            if local in PERSON_ATTRIBUTES:
                value = PERSON_ATTRIBUTES[local]
            elif element == "absPath" and local == "url":  # Excel's last folder: C:\Users\…
                value = ""
            else:
                return found.group(0)
            return f'{found.group(1)}{found.group(2)}{found.group(3)}"{value}"'

        attributes = _ATTRIBUTE.sub(attribute, match.group(2))
        if attributes == match.group(2):
            return match.group(0)
        return f"<{match.group(1)}{attributes}{match.group(3)}>"

    text = _TAG.sub(tag, text)
    return _PERSON_ELEMENT.sub(lambda m: f"{m.group(1)}-{m.group(2)}", text)
