"""The risk map (5×5, inherent beside residual, per unit or the whole Pemda, with fraud and COI
layers), top risks and overdue RTPs; and the matrix the map is drawn with."""

from __future__ import annotations

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.core.calendar import deadline_phrase
from integritas.core.errors import DomainError
from integritas.risk import reference, selectors, services
from integritas.risk.forms import MatrixForm
from integritas.risk.models import RiskLibrary

OVERDUE_SHOWN = 10
LAYERS = ("fraud", "coi")


@tenant_view("risk.view")
def heatmap(request, tenant_slug):
    tenant, grant = request.tenant, request.grant
    try:
        matrix = reference.matrix_for(tenant)
        words = reference.vocabulary()
    except DomainError as error:
        return render(request, "risk/library_missing.html", {"error": error.render()})
    risks = selectors.risks_for(tenant, grant)
    years = list(risks.order_by("-register__year").values_list("register__year", flat=True)
                 .distinct())
    year = _int(request.GET.get("year")) or (years[0] if years else timezone.localdate().year)
    risks = risks.filter(register__year=year)
    units = selectors.units_for(tenant, grant).filter(
        pk__in=risks.values("register__unit_id"))
    unit = units.filter(pk=_int(request.GET.get("unit")) or 0).first()
    if unit is not None:
        risks = risks.filter(register__unit=unit)
    layer = request.GET.get("layer") if request.GET.get("layer") in LAYERS else ""
    if layer == "fraud":
        risks = risks.filter(category__in=words.fraud_categories)
    base = QueryDict(mutable=True)
    base["year"] = year
    if unit is not None:
        base["unit"] = unit.pk
    if layer == "fraud":
        base["fraud"] = "1"
    today = timezone.localdate()
    overdue = list(selectors.overdue_plans(tenant, grant, today=today)
                   .filter(risk__in=risks)[:OVERDUE_SHOWN])
    for plan in overdue:
        plan.deadline = deadline_phrase(tenant, plan.due_on, today)
    return render(request, "risk/heatmap.html", {
        "maps": selectors.heat_maps(tenant, risks, matrix),
        "list_query": base.urlencode(),
        "bands": matrix.bands,
        "likelihood_labels": {i["value"]: i["label"] for i in words.likelihood},
        "impact_labels": [i["label"] for i in words.impact],
        "top": _labelled(selectors.top_risks(risks), matrix, words),
        "overdue": overdue,
        "years": years or [year], "year": year, "units": units, "unit": unit, "layer": layer,
        "coi": _coi_entries(tenant, grant, unit) if layer == "coi" else [],
    })


def _labelled(risks, matrix, words):
    rows = list(risks)
    for risk in rows:
        risk.residual_band = matrix.band(risk.residual_score)
        risk.category_label = words.label("categories", risk.category)
    return rows


def _coi_entries(tenant, grant, unit):
    entries = selectors.coi_layer(tenant, grant)
    if unit is not None:
        entries = [e for e in entries if e.get("unit_id") == unit.pk]
    return entries


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@tenant_view("risk.view")
def matrix_view(request, tenant_slug):
    try:
        matrix = reference.matrix_for(request.tenant)
        words = reference.vocabulary()
    except DomainError as error:
        return render(request, "risk/library_missing.html", {"error": error.render()})
    own = reference.tenant_matrix_row(request.tenant)
    source = None if own else reference.library(RiskLibrary.Kind.MATRIX)
    return render(request, "risk/matrix.html", {
        "matrix": matrix, "own": own, "source": source,
        "rows": [(row, words.likelihood[row - 1], [(matrix.score(row, i), matrix.band(
            matrix.score(row, i))) for i in reference.SCALE]) for row in reversed(reference.SCALE)],
        "impacts": words.impact, "likelihoods": words.likelihood,
        "can_configure": has_perm(request.memberships, "risk.configure"),
    })


@tenant_view("risk.configure")
def matrix_edit(request, tenant_slug):
    try:
        matrix = reference.matrix_for(request.tenant)
    except DomainError as error:
        return render(request, "risk/library_missing.html", {"error": error.render()})
    form = MatrixForm(matrix, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.configure_matrix(request.tenant, request.user, **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The matrix is saved; every risk was rescored."))
            return redirect("risk:matrix", tenant_slug)
    return render(request, "risk/matrix_form.html", {"form": form},
                  status=400 if form.errors else 200)
