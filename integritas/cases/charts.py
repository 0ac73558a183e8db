"""Server-rendered SVG charts of the statistics page (as pacts/charts.py: no script, no style
attributes, only SVG presentation attributes, which the CSP does not restrict)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

LABEL_WIDTH = 240
BAR_WIDTH = 320
ROW_HEIGHT = 24
BAR_HEIGHT = 15
LABEL_MAX_CHARS = 34
BAR_COLOUR = "#2f7d4f"
CLOSED_COLOUR = "#8fb9a8"
TEXT_COLOUR = "#1f2933"
COLUMN_AREA = 140
COLUMN_WIDTH = 18


def bar_chart(title: str, rows: list[tuple[str, int]]) -> SafeString:
    """One horizontal bar per row, scaled to the largest value."""
    top = max((value for _, value in rows), default=0) or 1
    height = ROW_HEIGHT * len(rows) + 4
    bars = format_html_join("", "{}", ((_bar(i, label, value, top),)
                                       for i, (label, value) in enumerate(rows)))
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {} {}" width="100%" aria-label="{}"><title>{}</title>{}</svg>',
        LABEL_WIDTH + BAR_WIDTH + 50, height, title, title, bars)


def _bar(index: int, label: str, value: int, top: int) -> SafeString:
    y = index * ROW_HEIGHT + 2
    short = label if len(label) <= LABEL_MAX_CHARS else label[:LABEL_MAX_CHARS - 1] + "…"
    return format_html(
        '<g><title>{label}: {value}</title>'
        '<text x="0" y="{ty}" font-size="12" fill="{ink}">{short}</text>'
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>'
        '<text x="{vx}" y="{ty}" font-size="12" fill="{ink}">{value}</text></g>',
        label=label, value=value, ty=y + BAR_HEIGHT - 3, ink=TEXT_COLOUR, short=short,
        x=LABEL_WIDTH, y=y, w=round(BAR_WIDTH * value / top, 1), h=BAR_HEIGHT, fill=BAR_COLOUR,
        vx=LABEL_WIDTH + round(BAR_WIDTH * value / top, 1) + 6)


def monthly_chart(months: list[dict]) -> SafeString:
    """Paired columns per month: received (dark) and closed (light)."""
    top = max((max(m["received"], m["closed"]) for m in months), default=0) or 1
    step = 2 * COLUMN_WIDTH + 14
    width = step * len(months) + 10
    columns = format_html_join("", "{}", ((_month(i * step + 6, m, top),)
                                          for i, m in enumerate(months)))
    title = _("Cases received and closed per month")
    legend = format_html(
        '<rect x="6" y="{y}" width="10" height="10" fill="{a}"/>'
        '<text x="20" y="{ty}" font-size="11" fill="{ink}">{received}</text>'
        '<rect x="110" y="{y}" width="10" height="10" fill="{b}"/>'
        '<text x="124" y="{ty}" font-size="11" fill="{ink}">{closed}</text>',
        y=COLUMN_AREA + 24, ty=COLUMN_AREA + 33, a=BAR_COLOUR, b=CLOSED_COLOUR, ink=TEXT_COLOUR,
        received=_("Received"), closed=_("Closed"))
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {} {}" width="100%" aria-label="{}"><title>{}</title>{}{}</svg>',
        max(width, 220), COLUMN_AREA + 40, title, title, columns, legend)


def _month(x: int, month: dict, top: int) -> SafeString:
    received_h = round(COLUMN_AREA * month["received"] / top, 1)
    closed_h = round(COLUMN_AREA * month["closed"] / top, 1)
    return format_html(
        '<g><title>{label}: {received} / {closed}</title>'
        '<rect x="{x}" y="{ry}" width="{w}" height="{rh}" fill="{a}"/>'
        '<rect x="{x2}" y="{cy}" width="{w}" height="{ch}" fill="{b}"/>'
        '<text x="{x}" y="{ly}" font-size="10" fill="{ink}">{short}</text></g>',
        label=month["month"], received=month["received"], closed=month["closed"], x=x,
        ry=COLUMN_AREA - received_h, w=COLUMN_WIDTH, rh=received_h, a=BAR_COLOUR,
        x2=x + COLUMN_WIDTH, cy=COLUMN_AREA - closed_h, ch=closed_h, b=CLOSED_COLOUR,
        ly=COLUMN_AREA + 14, ink=TEXT_COLOUR, short=month["month"][2:])
