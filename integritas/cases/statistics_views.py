"""The Inspektur's statistics page and its Excel export (counts only; no case is opened)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from integritas.accounts.decorators import tenant_view
from integritas.cases import categories, charts
from integritas.cases import statistics as case_statistics
from integritas.cases.models import Case, Channel
from integritas.core.xlsx import xlsx_response


def _category_labels(tenant) -> dict[str, str]:
    """Code → label (statistics count a code across channels; the last channel's label wins)."""
    return {code: label for (_channel, code), label in categories.tenant_labels(tenant).items()}


def _cases(request):
    cases = Case.objects.filter(tenant=request.tenant)
    year = request.GET.get("year", "")
    if year.isdigit():
        cases = cases.filter(received_at__year=int(year))
    return cases, year


@tenant_view("cases.stats")
def statistics_page(request, tenant_slug):
    cases, year = _cases(request)
    figures = case_statistics.figures(request.tenant, cases)
    labels = _category_labels(request.tenant)
    by_channel = [(str(Channel(code).label), figures.by_channel.get(code, 0))
                  for code in Channel.values]
    by_category = [(labels.get(code, code), n) for code, n in figures.by_category]
    by_unit = [(name or _("Unit unknown"), n) for name, n in figures.by_unit]
    if request.GET.get("format") == "xlsx":
        return _export(figures, by_channel, by_category, by_unit)
    years = sorted({d.year for d in Case.objects.filter(tenant=request.tenant)
                    .dates("received_at", "year")}, reverse=True)
    return render(request, "cases/statistics.html", {
        "figures": figures, "year": year, "years": [str(y) for y in years],
        "channel_chart": charts.bar_chart(_("Cases per channel"), by_channel),
        "category_chart": charts.bar_chart(_("Cases per category"), by_category),
        "unit_chart": charts.bar_chart(_("Cases per unit concerned"), by_unit),
        "month_chart": charts.monthly_chart(figures.by_month),
        "today": timezone.localdate(),
    })



def _export(figures, by_channel, by_category, by_unit):
    rows = [
        (_("Total"), _("Received"), figures.received),
        (_("Total"), _("Open"), figures.open),
        (_("Total"), _("Overdue"), figures.overdue),
        (_("Total"), _("Closed"), figures.closed),
        (_("Total"), _("% closed within the deadline"), figures.within_deadline_pct),
        (_("Total"), _("Median working days to first response"),
         figures.median_first_response_days),
        (_("Total"), _("Median working days to close"), figures.median_close_days),
        (_("Total"), _("% substantiated"), figures.substantiated_pct),
        *((_("Channel"), label, n) for label, n in by_channel),
        *((_("Category"), label, n) for label, n in by_category),
        *((_("Unit concerned"), label, n) for label, n in by_unit),
        *((_("Month received"), m["month"], m["received"]) for m in figures.by_month),
        *((_("Month closed"), m["month"], m["closed"]) for m in figures.by_month),
        *((_("Month closed within the deadline"), m["month"], m["within_deadline"])
          for m in figures.by_month),
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"statistik-kasus-{stamp}.xlsx", _("Statistics"),
                         [_("Breakdown"), _("Item"), _("Value")], rows)
