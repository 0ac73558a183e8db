"""The public transparency page `/<tenant>/transparansi/`: no login, aggregates only."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from integritas.oversight import charts
from integritas.oversight.transparency import Suppressed, public_figures


def transparency(request, tenant_slug):
    figures = public_figures(request.tenant)
    months = figures["cases_by_month"]
    series = [(_("Received"), [_drawable(r["received"]) for r in months]),
              (_("Closed"), [_drawable(r["closed"]) for r in months]),
              (_("Closed within the deadline"), [_drawable(r["within_deadline"]) for r in months])]
    chart = ""
    if any(value for _label, values in series for value in values):  # no bar, no chart
        chart = charts.month_bars(_("Complaints and reports by month"),
                                  [row["month"] for row in months], series)
    return render(request, "oversight/transparency.html", {
        "tenant": request.tenant, "figures": figures, "cases_chart": chart})


def _drawable(value):
    return None if isinstance(value, Suppressed) else value
