"""Server-rendered SVG bar charts for the statistics page (no script, no style attributes:
only SVG presentation attributes, which the CSP does not restrict)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

LABEL_WIDTH = 260
BAR_WIDTH = 320
VALUE_WIDTH = 120
ROW_HEIGHT = 26
BAR_HEIGHT = 16
LABEL_MAX_CHARS = 38
BAR_COLOUR = "#2f7d4f"
TEXT_COLOUR = "#1f2933"


def bar_chart(title: str, rows: Sequence[tuple[str, int, str]]) -> SafeString:
    """One bar per row `(label, amount, amount as shown)`, scaled to the largest amount."""
    largest = max((amount for _, amount, _ in rows), default=0) or 1
    height = ROW_HEIGHT * len(rows) + 4
    bars = format_html_join("", "{}", ((_bar(index, row, largest),)
                                       for index, row in enumerate(rows)))
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {} {}" width="100%" aria-label="{}"><title>{}</title>{}</svg>',
        LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH, height, title, title, bars)


def _bar(index: int, row: tuple[str, int, str], largest: int) -> SafeString:
    label, amount, shown = row
    y = index * ROW_HEIGHT + 2
    short = label if len(label) <= LABEL_MAX_CHARS else label[:LABEL_MAX_CHARS - 1] + "…"
    text_y = y + BAR_HEIGHT - 3
    return format_html(
        '<g><title>{label}: {shown}</title>'
        '<text x="0" y="{text_y}" font-size="12" fill="{text}">{short}</text>'
        '<rect x="{x}" y="{y}" width="{width}" height="{h}" fill="{colour}"/>'
        '<text x="{value_x}" y="{text_y}" font-size="12" fill="{text}">{shown}</text></g>',
        label=label, shown=shown, text_y=text_y, text=TEXT_COLOUR, short=short,
        x=LABEL_WIDTH, y=y, width=round(BAR_WIDTH * amount / largest, 1), h=BAR_HEIGHT,
        colour=BAR_COLOUR, value_x=LABEL_WIDTH + round(BAR_WIDTH * amount / largest, 1) + 6)
