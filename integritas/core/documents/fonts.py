"""Embedded TrueType fonts for the text stamped onto a rendered template.

pyHanko's own OpenType engine needs HarfBuzz, which this installation does not carry; stamped
values are short Latin strings (names, NIPs, jabatan) that need no shaping, so a Type0/CIDFontType2
font with Identity-H encoding, built with fontTools, is enough. Each font is subset once per
process to Latin-1 + Latin Extended-A and the usual typographic punctuation, and embedded once in
the template PDF: stamping a signer's details then costs no font work at all.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass

from fontTools import subset, ttLib
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.writer import BasePdfFileWriter

pdf_name = generic.NameObject

FONT_DIR = "/usr/share/fonts/truetype/liberation"
FONT_FILES = {
    "regular": f"{FONT_DIR}/LiberationSerif-Regular.ttf",
    "bold": f"{FONT_DIR}/LiberationSerif-Bold.ttf",
}
# The resource names under which the template's pages know the stamp fonts.
FONT_RESOURCES = {"regular": "/ItgStampR", "bold": "/ItgStampB"}
# Names, titles and places as Indonesians write them: Latin letters with the odd accent,
# apostrophes ("Ma'ruf"), dashes and typographic quotes.
COVERED_CODEPOINTS = [*range(0x20, 0x7F), *range(0xA0, 0x180),
                      0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026]
FALLBACK_CHAR = "?"
ASCENT_RATIO = 0.891  # Liberation Serif: ascender / em, for placing a baseline under a box top


@dataclass(frozen=True)
class SubsetFont:
    """One subset font: the TrueType bytes, and per character its glyph id and width."""

    style: str
    ps_name: str
    data: bytes
    glyphs: dict[str, int]
    widths: dict[int, int]  # glyph id → advance in 1/1000 em
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def covered(self, text: str) -> str:
        """The text with characters outside the subset replaced by their closest ASCII form."""
        return "".join(char if char in self.glyphs else _closest_covered(char, self.glyphs)
                       for char in text)

    def width(self, text: str, size: float) -> float:
        """Advance width in points of already `covered` text at `size` points."""
        return sum(self.widths[self.glyphs[char]] for char in text) * size / 1000

    def encode(self, text: str) -> str:
        """A PDF hex string of glyph ids (Identity-H) for already `covered` text."""
        return "<" + "".join(f"{self.glyphs[char]:04X}" for char in text) + ">"


def _closest_covered(char: str, glyphs: dict[str, int]) -> str:
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", char) if c in glyphs)
    return decomposed or FALLBACK_CHAR


@functools.cache
def subset_font(style: str) -> SubsetFont:
    font = ttLib.TTFont(FONT_FILES[style])
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge timestamps: useless, and fontTools warns
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=COVERED_CODEPOINTS)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    units = font["head"].unitsPerEm
    scale = 1000 / units
    cmap = font.getBestCmap()
    glyph_order = font.getGlyphOrder()
    gid_of = {name: index for index, name in enumerate(glyph_order)}
    glyphs = {chr(code): gid_of[name] for code, name in cmap.items()}
    hmtx = font["hmtx"]
    widths = {gid_of[name]: round(hmtx[name][0] * scale) for name in glyph_order}
    head, os2 = font["head"], font["OS/2"]
    return SubsetFont(
        style=style,
        ps_name=font["name"].getDebugName(6).replace(" ", ""),
        data=buffer.getvalue(),
        glyphs=glyphs,
        widths=widths,
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(os2.sTypoAscender * scale),
        descent=round(os2.sTypoDescender * scale),
        cap_height=round(getattr(os2, "sCapHeight", 0) * scale) or 660,
    )


def embed_font(writer: BasePdfFileWriter, font: SubsetFont) -> generic.IndirectObject:
    """Add `font` to the PDF as a Type0 font; the reference to put in a page's /Font resources."""
    base_font = pdf_name(f"/ITGSTP+{font.ps_name}")
    font_file = generic.StreamObject({pdf_name("/Length1"): generic.NumberObject(len(font.data))},
                                     stream_data=font.data)
    font_file.compress()
    descriptor = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/FontDescriptor"),
        pdf_name("/FontName"): base_font,
        pdf_name("/Flags"): generic.NumberObject(34),  # serif, non-symbolic
        pdf_name("/FontBBox"): generic.ArrayObject(generic.NumberObject(v) for v in font.bbox),
        pdf_name("/ItalicAngle"): generic.NumberObject(0),
        pdf_name("/Ascent"): generic.NumberObject(font.ascent),
        pdf_name("/Descent"): generic.NumberObject(font.descent),
        pdf_name("/CapHeight"): generic.NumberObject(font.cap_height),
        pdf_name("/StemV"): generic.NumberObject(120 if font.style == "bold" else 80),
        pdf_name("/FontFile2"): writer.add_object(font_file),
    })
    widths = generic.ArrayObject()
    for gid in sorted(font.widths):
        widths.append(generic.NumberObject(gid))
        widths.append(generic.ArrayObject([generic.NumberObject(font.widths[gid])]))
    cid_font = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Font"),
        pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
        pdf_name("/BaseFont"): base_font,
        pdf_name("/CIDSystemInfo"): generic.DictionaryObject({
            pdf_name("/Registry"): generic.pdf_string("Adobe"),
            pdf_name("/Ordering"): generic.pdf_string("Identity"),
            pdf_name("/Supplement"): generic.NumberObject(0),
        }),
        pdf_name("/FontDescriptor"): writer.add_object(descriptor),
        pdf_name("/W"): widths,
        pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
    })
    to_unicode = generic.StreamObject(stream_data=_to_unicode_cmap(font).encode("ascii"))
    to_unicode.compress()
    type0 = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Font"),
        pdf_name("/Subtype"): pdf_name("/Type0"),
        pdf_name("/BaseFont"): base_font,
        pdf_name("/Encoding"): pdf_name("/Identity-H"),
        pdf_name("/DescendantFonts"): generic.ArrayObject([writer.add_object(cid_font)]),
        pdf_name("/ToUnicode"): writer.add_object(to_unicode),
    })
    return writer.add_object(type0)


def _to_unicode_cmap(font: SubsetFont) -> str:
    """The CMap that lets text extraction (pdftotext, screen readers) read the stamped text."""
    first_char_of: dict[int, str] = {}
    for char in sorted(font.glyphs, reverse=True):  # a glyph drawn for several characters
        first_char_of[font.glyphs[char]] = char     # reads back as the lowest code point
    pairs = sorted(first_char_of.items())
    chunks = [pairs[i:i + 100] for i in range(0, len(pairs), 100)]  # bfchar blocks hold ≤ 100
    body = "".join(
        f"{len(chunk)} beginbfchar\n"
        + "".join(f"<{gid:04X}> <{ord(char):04X}>\n" for gid, char in chunk)
        + "endbfchar\n"
        for chunk in chunks
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{body}endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n"
    )
