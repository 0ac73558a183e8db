"""QR codes pointing to the public verification page: as PDF vector paths and as SVG."""

from __future__ import annotations

import segno

QUIET_MODULES = 2  # the slot's own margin completes the quiet zone around the symbol
ERROR_LEVEL = "m"  # survives a crease or a smudge on a printed copy


def qr_matrix(url: str) -> list[list[bool]]:
    """Rows of the symbol, top row first, without quiet zone: True for a dark module."""
    symbol = segno.make_qr(url, error=ERROR_LEVEL, boost_error=False)
    return [[bool(module) for module in row] for row in symbol.matrix_iter(scale=1, border=0)]


def qr_path_operators(url: str, *, x: float, y: float, size: float) -> str:
    """PDF operators filling the dark modules of the symbol in the square (x, y, size).

    Runs of dark modules in a row are one rectangle each, which keeps the stream small and
    leaves no hairline seams between modules when a viewer anti-aliases.
    """
    matrix = qr_matrix(url)
    count = len(matrix)
    module = size / (count + 2 * QUIET_MODULES)
    left = x + QUIET_MODULES * module
    top = y + size - QUIET_MODULES * module
    rectangles = []
    for row_index, row in enumerate(matrix):
        bottom = top - (row_index + 1) * module
        for start, length in _dark_runs(row):
            rectangles.append(f"{left + start * module:.3f} {bottom:.3f} "
                              f"{length * module:.3f} {module:.3f} re")
    return "q 0 g\n" + "\n".join(rectangles) + "\nf\nQ\n"


def _dark_runs(row: list[bool]):
    start = None
    for index, dark in enumerate([*row, False]):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            yield start, index - start
            start = None


def qr_svg(url: str, *, scale: int = 4) -> str:
    """An inline SVG of the symbol for web pages (no external image request, CSP-friendly)."""
    symbol = segno.make_qr(url, error=ERROR_LEVEL, boost_error=False)
    return symbol.svg_inline(scale=scale, border=QUIET_MODULES, omitsize=True)
