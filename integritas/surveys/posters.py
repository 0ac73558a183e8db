"""The A4 poster with a unit's survey QR code, for the service counter (PDF, core.documents)."""

from __future__ import annotations

import base64

import segno

from integritas.core.documents.render import (
    letterhead_context,
    render_template_pdf,
    template_source,
)

QR_ERROR_LEVEL = "m"  # survives a poster's wear and a phone at an angle


def qr_data_uri(url: str) -> str:
    symbol = segno.make_qr(url, error=QR_ERROR_LEVEL, boost_error=False)
    svg = symbol.svg_inline(scale=10, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def poster_pdf(tenant, unit, url: str) -> bytes:
    context = {
        "title": f"Survei {unit.name}",
        "letterhead": letterhead_context(tenant, unit=unit.name),
        "unit": unit,
        "url": url,
        "qr": qr_data_uri(url),
    }
    return render_template_pdf(template_source("surveys/poster_pdf.html"), context,
                               fields=[]).data
