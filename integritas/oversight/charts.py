"""Server-rendered SVG charts (no script, no style attributes: only SVG presentation
attributes, which the CSP allows): quarterly trend lines, MCP area bars, monthly bars."""

from __future__ import annotations

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from integritas.oversight.overview import TRENDS

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_BOTTOM, PAD_TOP = 320, 150, 34, 26, 22, 14
LINE, GRID, TEXT = "#0e7560", "#e4e7eb", "#1f2933"
BAND_COLOURS = {"hijau": "#2f7d4f", "biru": "#2b6cb0", "kuning": "#c99a06", "merah": "#b42318"}
SERIES_COLOURS = ("#0e7560", "#2b6cb0", "#c99a06")


def trend_charts(history) -> list[dict]:
    """One small line chart per trend figure that has a value in at least two quarters."""
    quarters = [snapshot.quarter for snapshot in history]
    charts = []
    for indicator in TRENDS:
        values = [snapshot.tenant_figures.get(indicator.key) for snapshot in history]
        if sum(value is not None for value in values) >= 2:
            charts.append({"label": indicator.label, "latest": values[-1],
                           "svg": line_chart(str(indicator.label), quarters, values)})
    return charts


def line_chart(title: str, labels: list[str], values: list) -> SafeString:
    top = max((v for v in values if v is not None), default=0) or 1
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = plot_w / max(len(labels) - 1, 1)

    def point(index, value):
        return (round(PAD_LEFT + index * step, 1),
                round(PAD_TOP + plot_h - plot_h * float(value) / float(top), 1))

    present = [(index, value) for index, value in enumerate(values) if value is not None]
    points = [point(index, value) for index, value in present]
    path = " ".join(f"{x},{y}" for x, y in points)
    dots = format_html_join("", '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}: {}</title>'
                            '</circle>', ((x, y, LINE, labels[index], _number(value))
                                          for (x, y), (index, value)
                                          in zip(points, present, strict=True)))
    ticks = format_html_join("", '<text x="{}" y="{}" font-size="11" text-anchor="middle" '
                             'fill="{}">{}</text>',
                             ((round(PAD_LEFT + i * step, 1), HEIGHT - 6, TEXT,
                               _short_quarter(label)) for i, label in enumerate(labels)))
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" '
        'width="100%" aria-label="{title}"><title>{title}</title>'
        '<line x1="{l}" y1="{base}" x2="{w}" y2="{base}" stroke="{grid}"/>'
        '<line x1="{l}" y1="{t}" x2="{w}" y2="{t}" stroke="{grid}"/>'
        '<text x="0" y="{ty}" font-size="11" fill="{text}">{top}</text>'
        '<text x="0" y="{base}" font-size="11" fill="{text}">0</text>'
        '<polyline points="{path}" fill="none" stroke="{line}" stroke-width="2"/>{dots}{ticks}'
        '</svg>', w=WIDTH, h=HEIGHT, title=title, l=PAD_LEFT, base=PAD_TOP + plot_h, t=PAD_TOP,
        grid=GRID, ty=PAD_TOP + 4, text=TEXT, top=_number(top), path=path, line=LINE,
        dots=dots, ticks=ticks)


def area_chart(score) -> SafeString:
    """One bar per MCP area, coloured by KPK's band of its score."""
    rows = [(area.label, float(area.score), BAND_COLOURS.get(area.band["code"], LINE))
            for area in score.areas]
    return horizontal_bars(str(score.year), rows, maximum=100, suffix="")


def horizontal_bars(title: str, rows: list[tuple[str, float, str]], *, maximum: float,
                    suffix: str = "") -> SafeString:
    label_w, bar_w, row_h = 230, 260, 24
    height = row_h * len(rows) + 4
    bars = format_html_join("", (
        '<g><title>{0}: {1}{6}</title><text x="0" y="{2}" font-size="12" fill="{3}">{0}</text>'
        '<rect x="{4}" y="{5}" width="{7}" height="14" fill="#e4e7eb"/>'
        '<rect x="{4}" y="{5}" width="{8}" height="14" fill="{9}"/>'
        '<text x="{10}" y="{2}" font-size="12" fill="{3}">{1}{6}</text></g>'),
        ((label[:34], _number(value), i * row_h + 15, TEXT, label_w, i * row_h + 3, suffix,
          bar_w, round(bar_w * min(value, maximum) / (maximum or 1), 1), colour,
          label_w + bar_w + 6) for i, (label, value, colour) in enumerate(rows)))
    return format_html('<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
                       'viewBox="0 0 {} {}" width="100%" aria-label="{}"><title>{}</title>{}'
                       '</svg>', label_w + bar_w + 60, height, title, title, bars)


def month_bars(title: str, months: list[str], series: list[tuple[str, list]]) -> SafeString:
    """Grouped vertical bars per month; a suppressed (None) value draws no bar."""
    top = max((v for _, values in series for v in values if v is not None), default=0) or 1
    group_w = (WIDTH * 2 - PAD_LEFT) / max(len(months), 1)
    bar_w = max(group_w / (len(series) + 1), 2)
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    bars = []
    for s, (name, values) in enumerate(series):
        for m, value in enumerate(values):
            if value is None:
                continue
            h = round(plot_h * value / top, 1)
            bars.append((round(PAD_LEFT + m * group_w + s * bar_w, 1),
                         round(PAD_TOP + plot_h - h, 1), round(bar_w - 1, 1), h,
                         SERIES_COLOURS[s % len(SERIES_COLOURS)], name, months[m], value))
    body = format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                            '<title>{}, {}: {}</title></rect>', bars)
    ticks = format_html_join("", '<text x="{}" y="{}" font-size="10" fill="{}">{}</text>',
                             ((round(PAD_LEFT + m * group_w, 1), HEIGHT - 6, TEXT, label[2:])
                              for m, label in enumerate(months)))
    return format_html('<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
                       'viewBox="0 0 {} {}" width="100%" aria-label="{}"><title>{}</title>'
                       '<text x="0" y="{}" font-size="10" fill="{}">{}</text>{}{}</svg>',
                       WIDTH * 2, HEIGHT, title, title, PAD_TOP + 4, TEXT, _number(top),
                       body, ticks)


def _short_quarter(quarter: str) -> str:
    """"2026-Q3" → "Q3 '26", short enough for eight quarters side by side."""
    year, _dash, part = quarter.partition("-")
    return f"{part} '{year[2:]}" if part else quarter


def _number(value) -> str:
    value = float(value)
    return formats.number_format(value, decimal_pos=None if value % 1 else 0)
