"""Write a signer's values and the QR code into a rendered template's page content.

The stamp becomes part of the page itself (a content stream appended to the page, text in the
embedded Liberation Serif), written in the same revision that the signature then covers: what a
reader sees is exactly what was signed. Each value is fitted into the box WeasyPrint reserved for
its slot: the slot's own font size if it fits on one line, otherwise the largest size (down to
MIN_SCALE of it) at which it wraps into the lines the box has room for, and as a last resort
horizontally condensed, so a long name or jabatan never runs out of its box.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from integritas.core.documents.fonts import (
    ASCENT_RATIO,
    FONT_RESOURCES,
    SubsetFont,
    subset_font,
)
from integritas.core.documents.qr import qr_path_operators
from integritas.core.documents.render import FieldBox, TemplatePdf

QR_FIELD = "qr"
MIN_LINE_HEIGHT = 1.1
MIN_SCALE = 0.6
SIZE_STEP = 0.25
DESCENT_RATIO = 0.216


@dataclass(frozen=True)
class FittedText:
    size: float
    lines: list[str]
    horizontal_scale: float  # percent; 100 unless the text had to be condensed


def fit_text(font: SubsetFont, text: str, box: FieldBox) -> FittedText:
    """The largest size at which `text` fits in `box`, wrapped if the box has room for lines."""
    text = " ".join(font.covered(text).split())
    size = box.font_size
    smallest = box.font_size * MIN_SCALE
    while size >= smallest:
        lines = wrap(font, text, box.width, size)
        if len(lines) * line_height(box, size) <= box.height + 0.5 and all(
                font.width(line, size) <= box.width for line in lines):
            return FittedText(size, lines, 100.0)
        size -= SIZE_STEP
    rows = max(1, int((box.height + 0.5) // line_height(box, smallest)))
    lines = wrap(font, text, box.width, smallest)
    lines = [*lines[:rows - 1], " ".join(lines[rows - 1:])]
    widest = max(font.width(line, smallest) for line in lines)
    return FittedText(smallest, lines, min(100.0, 100.0 * box.width / widest))


def line_height(box: FieldBox, size: float) -> float:
    """The slot's own line height scaled with the text, never tighter than MIN_LINE_HEIGHT."""
    return max(box.line_height * size / box.font_size, size * MIN_LINE_HEIGHT)


def wrap(font: SubsetFont, text: str, width: float, size: float) -> list[str]:
    """Greedy word wrap; a word longer than the line stays whole (the caller shrinks it)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and font.width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current or not lines else lines


def text_operators(box: FieldBox, text: str) -> str:
    font = subset_font("bold" if box.bold else "regular")
    fitted = fit_text(font, text, box)
    if not fitted.lines or not fitted.lines[0]:
        return ""
    size = fitted.size
    leading = line_height(box, size)
    top = box.y + box.height  # top-aligned: the first line sits level with its label
    glyph_height = (ASCENT_RATIO + DESCENT_RATIO) * size
    operators = [f"BT {FONT_RESOURCES[font.style]} {size:.2f} Tf {fitted.horizontal_scale:.1f} Tz"]
    underlines = []
    for index, line in enumerate(fitted.lines):
        line_width = font.width(line, size) * fitted.horizontal_scale / 100
        x = box.x + {"center": (box.width - line_width) / 2,
                     "right": box.width - line_width}.get(box.align, 0.0)
        baseline = top - index * leading - (leading - glyph_height) / 2 - ASCENT_RATIO * size
        operators.append(f"1 0 0 1 {x:.3f} {baseline:.3f} Tm {font.encode(line)} Tj")
        if box.underline:
            underlines.append(f"{x:.3f} {baseline - 0.12 * size:.3f} {line_width:.3f} "
                              f"{0.06 * size:.3f} re")
    operators.append("ET")
    if underlines:
        operators.append("\n".join(underlines) + " f")
    return "\n".join(operators) + "\n"


def apply_stamp(writer: IncrementalPdfFileWriter, template: TemplatePdf,
                values: dict[str, str], *, qr_url: str) -> None:
    """Append, to every page with slots, one content stream holding that page's stamp."""
    per_page: dict[int, list[str]] = defaultdict(list)
    for box in template.boxes:
        if box.field == QR_FIELD:
            size = min(box.width, box.height)
            per_page[box.page].append(qr_path_operators(
                qr_url, x=box.x + (box.width - size) / 2, y=box.y + (box.height - size) / 2,
                size=size))
        else:
            per_page[box.page].append(text_operators(box, values[box.field]))
    for page, operators in per_page.items():
        # The template's own content may leave the graphics state changed (WeasyPrint flips the
        # y axis); wrapping it in q … Q puts the stamp back in default page coordinates.
        writer.add_stream_to_page(page, _stream(writer, "q\n"), prepend=True)
        stamp = "Q\nq 0 g\n" + "".join(operators) + "Q\n"
        writer.add_stream_to_page(page, _stream(writer, stamp))


def _stream(writer: IncrementalPdfFileWriter, content: str) -> generic.IndirectObject:
    stream = generic.StreamObject(stream_data=content.encode("ascii"))
    stream.compress()
    return writer.add_object(stream)
