"""Render a document template ONCE per text version, with empty slots for per-signer fields.

WeasyPrint takes ~180 ms for a one-page pact, ten times what a signature costs, so it must not run
per signer. The template HTML marks each signer-dependent position with an element carrying
`data-stamp="<field>"` (see `stamp_slot`); WeasyPrint lays it out empty, and we read each slot's
rectangle, font size, weight and alignment from WeasyPrint's own layout, so `stamp.py` can later
write a signer's values exactly where the layout reserved room for them. The rendered template is
cached by a hash of the rendered HTML (which includes every input: text, tenant, logo bytes,
the document CSS): in process, and on disk under DATA_DIR/pdfcache for the other workers.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import mimetypes
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from integritas.core.documents.fonts import FONT_RESOURCES, embed_font, subset_font

STAMP_ATTRIBUTE = "data-stamp"
# Bump when the slot geometry or the embedded stamp fonts change, so old cache entries are unused.
RENDERER_VERSION = "2"
PX_TO_PT = 0.75  # CSS px → PDF points; WeasyPrint writes pages at this scale
MEMORY_CACHE_SIZE = 32
LOGO_TYPES = {"image/png", "image/jpeg", "image/svg+xml"}
LOGO_MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class FieldBox:
    """Where one slot sits on the page, in PDF points, origin at the page's lower left."""

    field: str
    page: int
    x: float
    y: float
    width: float
    height: float
    font_size: float
    line_height: float
    bold: bool
    align: str  # "left", "center" or "right"
    underline: bool


@dataclass(frozen=True)
class TemplatePdf:
    """A rendered template: the PDF (stamp fonts embedded) and where its slots are."""

    key: str
    data: bytes
    boxes: tuple[FieldBox, ...]

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(box.field for box in self.boxes)

    def boxes_for(self, field: str) -> list[FieldBox]:
        return [box for box in self.boxes if box.field == field]


def stamp_slot(field: str, *, css_class: str = "") -> SafeString:
    """The HTML of an empty slot for `field`: where a signer's value is stamped later."""
    return format_html('<span class="stamp {}" {}="{}"></span>', css_class, STAMP_ATTRIBUTE,
                       field)


def template_source(name: str) -> str:
    """The source of a document template such as "documents/pact.html", for render_template_pdf."""
    return get_template(name).template.source


def letterhead_context(tenant, *, unit: str = "") -> dict:
    """What documents/base.html needs for the kop surat: the logo travels inline as a data: URI,
    so it is part of the cache key and WeasyPrint never fetches a URL."""
    return {
        "government": tenant.name,
        "unit": unit,
        "address": tenant.address,
        "logo_data_uri": _logo_data_uri(tenant.logo),
    }


def _logo_data_uri(logo) -> str:
    if not logo:
        return ""
    mime = mimetypes.guess_type(logo.name)[0]
    if mime not in LOGO_TYPES:
        return ""
    with logo.open("rb") as file:
        data = file.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def render_template_pdf(template_html: str, context: dict, *, fields: list[str]) -> TemplatePdf:
    """Render a Django template source with `context` to a PDF with the given stamp slots.

    Every name in `fields` must have at least one slot in the rendered HTML and every slot must
    be named in `fields`: a mismatch is a programming error (ValueError), never a user's.
    """
    html = engines["django"].from_string(template_html).render(context)
    key = hashlib.sha256(
        "\0".join([RENDERER_VERSION, ",".join(sorted(fields)), html]).encode()
    ).hexdigest()
    template = _cache.get(key)
    if template is None:
        template = _render(key, html, set(fields))
        _cache.put(template)
    return template


def _render(key: str, html: str, fields: set[str]) -> TemplatePdf:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only inline data: resources; tenant-provided text must not make the server fetch URLs.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=fetcher).render()
    boxes = tuple(_slot_boxes(document))
    found = {box.field for box in boxes}
    if found != fields:
        raise ValueError(f"stamp slots {sorted(found)} do not match fields {sorted(fields)}")
    data = _with_stamp_fonts(document.write_pdf(), {box.page for box in boxes})
    return TemplatePdf(key=key, data=data, boxes=boxes)


def _slot_boxes(document):
    for page_index, page in enumerate(document.pages):
        page_height = page.height * PX_TO_PT
        seen = set()
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            field = element.get(STAMP_ATTRIBUTE) if element is not None else None
            if not field or id(element) in seen:
                continue
            seen.add(id(element))  # the outermost box of the element; inner ones are anonymous
            style = box.style
            align = str(style["text_align_all"])
            yield FieldBox(
                field=field,
                page=page_index,
                x=box.content_box_x() * PX_TO_PT,
                y=page_height - (box.content_box_y() + box.height) * PX_TO_PT,
                width=box.width * PX_TO_PT,
                height=box.height * PX_TO_PT,
                font_size=style["font_size"] * PX_TO_PT,
                line_height=_line_height(style) * PX_TO_PT,
                bold=style["font_weight"] >= 600,
                align={"start": "left", "end": "right", "justify": "left"}.get(align, align),
                underline="underline" in (style["text_decoration_line"] or ()),
            )


def _line_height(style) -> float:
    """The used line height in px, as WeasyPrint computes it for text in the slot."""
    value = style["line_height"]
    if value == "normal":
        return style["font_size"] * 1.15
    if isinstance(value, int | float):  # a plain number: a multiple of the font size
        return style["font_size"] * value
    return value.value  # computed lengths are in px


def _with_stamp_fonts(pdf: bytes, pages: set[int]) -> bytes:
    """Embed the stamp fonts once, in the resources of the pages with slots, so that stamping a
    signer adds no font data and no resources, only a content stream."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fonts = generic.DictionaryObject({
        generic.NameObject(name): embed_font(writer, subset_font(style))
        for style, name in FONT_RESOURCES.items()
    })
    resources = generic.DictionaryObject({generic.NameObject("/Font"): fonts})
    merged = set()
    for page in sorted(pages):
        page_ref, resources_ref = writer.find_page_for_modification(page)
        if isinstance(resources_ref, generic.IndirectObject):
            if resources_ref.idnum not in merged:  # WeasyPrint shares one dict between pages
                merged.add(resources_ref.idnum)
                if writer.merge_resources(resources_ref.get_object(), resources):
                    writer.mark_update(resources_ref)
        else:
            own = generic.DictionaryObject(resources_ref)
            writer.merge_resources(own, resources)
            page_ref.get_object()[generic.NameObject("/Resources")] = writer.add_object(own)
            writer.mark_update(page_ref)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


class _TemplateCache:
    """An in-process LRU in front of a directory of `<key>.pdf` + `<key>.json` files."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, TemplatePdf] = OrderedDict()
        self.lock = threading.Lock()

    @property
    def directory(self) -> Path:
        return Path(settings.DATA_DIR) / "pdfcache"

    def get(self, key: str) -> TemplatePdf | None:
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        template = self._load(key)
        if template is not None:
            self._remember(template)
        return template

    def put(self, template: TemplatePdf) -> None:
        self._remember(template)
        self._store(template)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()

    def _remember(self, template: TemplatePdf) -> None:
        with self.lock:
            self.entries[template.key] = template
            self.entries.move_to_end(template.key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def _load(self, key: str) -> TemplatePdf | None:
        pdf, meta = self.directory / f"{key}.pdf", self.directory / f"{key}.json"
        try:
            data, layout = pdf.read_bytes(), json.loads(meta.read_text())
        except (OSError, ValueError):
            return None
        if hashlib.sha256(data).hexdigest() != layout.get("sha256"):
            return None  # a torn or tampered cache file: render again
        return TemplatePdf(key=key, data=data,
                           boxes=tuple(FieldBox(**box) for box in layout["boxes"]))

    def _store(self, template: TemplatePdf) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        layout = {"sha256": hashlib.sha256(template.data).hexdigest(),
                  "boxes": [asdict(box) for box in template.boxes]}
        # PDF first, layout last: a reader that finds the layout finds a complete PDF.
        _atomic_write(self.directory / f"{template.key}.pdf", template.data)
        _atomic_write(self.directory / f"{template.key}.json", json.dumps(layout).encode())


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_cache = _TemplateCache(MEMORY_CACHE_SIZE)
