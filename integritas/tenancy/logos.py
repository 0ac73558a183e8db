"""Checking an uploaded Pemda logo by its content, never by its name or declared type.

Raster images must open and verify in Pillow as PNG or JPEG. An SVG must parse as XML without
DTDs or entities (defusedxml) and carry nothing that can run or fetch: no script, no event
handler attribute, no link outside the document, no foreign HTML.
"""

from __future__ import annotations

import io

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

from integritas.core.errors import DomainError

MAX_LOGO_BYTES = 1024 * 1024
RASTER_EXTENSIONS = {"PNG": "png", "JPEG": "jpg"}
SVG_FORBIDDEN_TAGS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler"})
LINK_ATTRIBUTES = frozenset({"href", "src"})
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "svg": "image/svg+xml"}


def validated_logo(upload) -> tuple[ContentFile, str]:
    """The logo's bytes and the extension its content proves, or a coded error on `logo`."""
    if upload is None:
        raise _logo_error("logo_required", _("Choose a logo file."))
    if upload.size > MAX_LOGO_BYTES:
        raise _logo_error("logo_too_large", _("The logo is larger than 1 MB; use a smaller "
                                              "file."))
    data = upload.read(MAX_LOGO_BYTES + 1)
    if len(data) > MAX_LOGO_BYTES:
        raise _logo_error("logo_too_large", _("The logo is larger than 1 MB; use a smaller "
                                              "file."))
    extension = _raster_extension(data) or _svg_extension(data)
    if extension is None:
        raise _logo_error("logo_type_invalid", _("The logo must be a PNG, JPEG or SVG image."))
    return ContentFile(data), extension


def _raster_extension(data: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            image_format = image.format
    except Exception:  # Pillow raises many different types for foreign data
        return None
    return RASTER_EXTENSIONS.get(image_format)


def _svg_extension(data: bytes) -> str | None:
    if b"<svg" not in data[:4096]:
        return None
    try:
        root = ElementTree.fromstring(data)
    except (DefusedXmlException, ElementTree.ParseError, ValueError):
        raise _logo_error("logo_svg_invalid", _("The SVG file is not valid XML or uses DTD "
                                                "entities.")) from None
    if _local_name(root.tag) != "svg":
        return None
    if any(_is_active_content(element) for element in root.iter()):
        raise _logo_error("logo_svg_unsafe", _("The SVG contains scripts or external links; "
                                               "export it again as a plain image."))
    return "svg"


def _is_active_content(element) -> bool:
    if not isinstance(element.tag, str):
        return False
    tag = _local_name(element.tag)
    if tag in SVG_FORBIDDEN_TAGS:
        return True
    if tag == "style" and "@import" in (element.text or ""):
        return True
    for name, value in element.attrib.items():
        attribute = _local_name(name)
        if attribute.startswith("on") or "javascript:" in value.lower():
            return True
        if attribute in LINK_ATTRIBUTES and not value.strip().startswith("#"):
            return True
    return False


def _local_name(qualified: str) -> str:
    return qualified.rsplit("}", 1)[-1].lower()


def _logo_error(code: str, message) -> DomainError:
    return DomainError(code, message, field="logo")
