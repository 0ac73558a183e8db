"""A server-rendered SVG bar chart of % signed per OPD, inline in the page (no script, no
style attributes: only SVG presentation attributes, which the CSP does not restrict)."""

from __future__ import annotations

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from integritas.pacts.selectors import Completion

LABEL_WIDTH = 260
BAR_WIDTH = 320
ROW_HEIGHT = 26
BAR_HEIGHT = 16
LABEL_MAX_CHARS = 38
DONE_COLOUR = "#2f7d4f"
TRACK_COLOUR = "#e4e7eb"
TEXT_COLOUR = "#1f2933"


def completion_chart(rows: list[Completion]) -> SafeString:
    """One bar per OPD: the track is 100 %, the filled part the share signed."""
    width = LABEL_WIDTH + BAR_WIDTH + 60
    height = ROW_HEIGHT * len(rows) + 4
    bars = format_html_join("", "{}", ((_bar(index, row),) for index, row in enumerate(rows)))
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {} {}" width="100%" aria-label="{}"><title>{}</title>{}</svg>',
        width, height, _("Percentage signed per OPD"), _("Percentage signed per OPD"), bars)


def _bar(index: int, row: Completion) -> SafeString:
    y = index * ROW_HEIGHT + 2
    filled = round(BAR_WIDTH * row.percent_signed / 100, 1)
    label = row.opd_name if len(row.opd_name) <= LABEL_MAX_CHARS else (
        row.opd_name[:LABEL_MAX_CHARS - 1] + "…")
    text_y = y + BAR_HEIGHT - 3
    return format_html(
        '<g><title>{name}: {percent} %</title>'
        '<text x="0" y="{text_y}" font-size="12" fill="{text}">{label}</text>'
        '<rect x="{x}" y="{y}" width="{track}" height="{h}" fill="{track_colour}"/>'
        '<rect x="{x}" y="{y}" width="{filled}" height="{h}" fill="{done}"/>'
        '<text x="{value_x}" y="{text_y}" font-size="12" fill="{text}">{percent} %</text></g>',
        name=row.opd_name, percent=_number(row.percent_signed), text_y=text_y,
        text=TEXT_COLOUR, label=label, x=LABEL_WIDTH, y=y, track=BAR_WIDTH, h=BAR_HEIGHT,
        track_colour=TRACK_COLOUR, filled=filled, done=DONE_COLOUR,
        value_x=LABEL_WIDTH + BAR_WIDTH + 6)


def _number(value: float) -> str:
    return formats.number_format(value, decimal_pos=None if value % 1 else 0)
