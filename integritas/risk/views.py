"""Register pages: the list, a register with its risks, RTPs and monitoring, the review, the
Excel and PDF of a register; and the activities that must have their risks mapped first."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import grant, has_perm
from integritas.core.calendar import deadline_phrase
from integritas.core.errors import DomainError, NotFound
from integritas.core.listing import Column, Filter, ListSpec, apply_list
from integritas.core.xlsx import xlsx_response
from integritas.risk import reference, selectors, services
from integritas.risk.forms import (
    ActivityForm,
    MonitoringForm,
    PlanForm,
    RegisterForm,
    ReviewForm,
    RiskForm,
)
from integritas.risk.models import Level, Register


def _get(finder, *args):
    try:
        return finder(*args)
    except NotFound:
        raise Http404 from None


def _words():
    """The register vocabulary, or None when the reference data is not loaded."""
    try:
        return reference.vocabulary()
    except DomainError:
        return None


def _can_edit(request, unit) -> bool:
    return selectors.covers(grant(request.memberships, "risk.edit"), unit)


# --- Registers ---------------------------------------------------------------------------------

REGISTER_LIST = ListSpec(
    search_fields=("unit__name", "goal"),
    sorts={"year": "year", "unit": "unit__path", "status": "status"},
    default_sort="-year",
    filters=(Filter("status", "status", gettext_lazy("Status"), Register.Status.choices),
             Filter("level", "level", gettext_lazy("Level"), Level.choices)),
    extra_filters={"year": lambda qs, v: qs.filter(year=v) if v.isdigit() else qs},
    export_columns=(
        Column(gettext_lazy("UPR (unit)"), lambda r: r.unit.name),
        Column(gettext_lazy("Year"), lambda r: r.year),
        Column(gettext_lazy("Level"), lambda r: r.get_level_display()),
        Column(gettext_lazy("Goal (sasaran)"), lambda r: r.goal),
        Column(gettext_lazy("Risk appetite"), lambda r: r.appetite),
        Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
        Column(gettext_lazy("Risks"), lambda r: r.risk_count),
        Column(gettext_lazy("High risks"), lambda r: r.high_count),
        Column(gettext_lazy("Overdue RTPs"), lambda r: r.overdue_plans),
    ),
    export_name="register-risiko",
)


@tenant_view("risk.view")
def register_list(request, tenant_slug):
    result = apply_list(request, selectors.registers_with_counts(request.tenant, request.grant),
                        REGISTER_LIST)
    if not isinstance(result, dict):
        return result
    result.update({
        "status_choices": Register.Status.choices, "level_choices": Level.choices,
        "can_create": has_perm(request.memberships, "risk.edit"),
    })
    return render(request, "risk/register_list.html", result)


@tenant_view("risk.edit")
def register_create(request, tenant_slug):
    form = RegisterForm(request.tenant, request.grant, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            register = services.create_register(request.tenant, request.user,
                                                 **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Register created. Now map its risks."))
            return redirect("risk:register_detail", tenant_slug, register.pk)
    return render(request, "risk/form.html", {
        "form": form, "title": _("New risk register"),
        "cancel": "risk:register_list"}, status=400 if form.errors else 200)


@tenant_view("risk.edit")
def register_edit(request, tenant_slug, pk):
    register = _get(selectors.register_for, request.tenant, request.grant, pk)
    form = RegisterForm(request.tenant, request.grant, request.POST or None, register=register,
                        initial={"goal": register.goal, "appetite": register.appetite,
                                 "goal_indicator": register.goal_indicator})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_register(request.tenant, request.user, register,
                                     **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("risk:register_detail", tenant_slug, register.pk)
    return render(request, "risk/form.html", {
        "form": form, "title": str(register), "back": register},
        status=400 if form.errors else 200)


@tenant_view("risk.view")
def register_detail(request, tenant_slug, pk):
    tenant = request.tenant
    register = _get(selectors.register_for, tenant, request.grant, pk)
    if request.GET.get("format") == "xlsx":
        return _register_workbook(register)
    today = timezone.localdate()
    words = _words()
    risks = list(register.risks.select_related("activity").prefetch_related("plans"))
    plans = [plan for risk in risks for plan in risk.plans.all()]
    return render(request, "risk/register_detail.html", {
        "register": register,
        "risks": _decorate(tenant, risks, words),
        "overdue": [p for p in plans if p.completed_on is None and p.due_on < today],
        "unmapped": selectors.activities_without_risks(tenant, request.grant,
                                                       unit=register.unit, year=register.year),
        "can_edit": register.is_editable and _can_edit(request, register.unit),
        "can_review": (register.status == Register.Status.SUBMITTED
                       and has_perm(request.memberships, "risk.review")),
        "review_form": ReviewForm(),
    })


def _decorate(tenant, risks, words):
    """Labels and band colours for the risk rows (codes are stored, words are looked up)."""
    try:
        matrix = reference.matrix_for(tenant)
    except DomainError:
        return risks
    for risk in risks:
        risk.band = matrix.band(risk.score)
        risk.residual_band = matrix.band(risk.residual_score)
        if words is not None:
            risk.category_label = words.label("categories", risk.category)
            risk.response_label = words.label("responses", risk.response)
            risk.source_label = words.label("sources", risk.source)
            risk.effectiveness_label = words.label("effectiveness", risk.control_effectiveness)
    return risks


@tenant_view("risk.edit", methods=("POST",))
def register_submit(request, tenant_slug, pk):
    register = _get(selectors.register_for, request.tenant, request.grant, pk)
    try:
        services.submit_register(request.tenant, request.user, register)
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("The register was submitted to the Inspektorat."))
    return redirect("risk:register_detail", tenant_slug, pk)


@tenant_view("risk.review", methods=("POST",))
def register_review(request, tenant_slug, pk):
    register = _get(selectors.register_for, request.tenant, request.grant, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    accept = request.POST.get("decision") == "accept"
    try:
        services.review_register(request.tenant, request.user, register, accept=accept,
                                 note=form.cleaned_data.get("note", ""))
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("The register is marked reviewed.") if accept
                         else _("The register was returned to the OPD."))
    return redirect("risk:register_detail", tenant_slug, pk)


@tenant_view("risk.view")
def register_pdf(request, tenant_slug, pk):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    register = _get(selectors.register_for, request.tenant, request.grant, pk)
    risks = _decorate(request.tenant, list(register.risks.prefetch_related("plans")), _words())
    html = render_to_string("risk/register_pdf.html", {
        "tenant": request.tenant, "register": register, "risks": risks,
        "today": timezone.localdate()}, request=request)
    # As integritas.core.documents.render: only inline data: resources, never a fetched URL.
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="register-risiko-{register.year}-'
                                       f'{register.pk}.pdf"')
    return response


REGISTER_COLUMNS = (
    (gettext_lazy("Risk code"), lambda r, w: r.code),
    (gettext_lazy("Risk statement"), lambda r, w: r.statement),
    (gettext_lazy("Category"), lambda r, w: w.label("categories", r.category) if w else r.category),
    (gettext_lazy("Source"), lambda r, w: r.source),
    (gettext_lazy("Cause"), lambda r, w: r.cause),
    (gettext_lazy("Impact"), lambda r, w: r.consequence),
    (gettext_lazy("Existing controls"), lambda r, w: r.controls),
    (gettext_lazy("Control effectiveness"), lambda r, w: r.control_effectiveness),
    (gettext_lazy("Likelihood"), lambda r, w: r.likelihood),
    (gettext_lazy("Impact (dampak)"), lambda r, w: r.impact),
    (gettext_lazy("Score"), lambda r, w: r.score),
    (gettext_lazy("Level"), lambda r, w: r.level),
    (gettext_lazy("Response"), lambda r, w: r.response),
    (gettext_lazy("RTP"), lambda r, w: "; ".join(
        f"{p.action} ({p.owner}, {p.due_on:%d-%m-%Y})" for p in r.plans.all())),
    (gettext_lazy("Residual score"), lambda r, w: r.residual_score),
    (gettext_lazy("Residual level"), lambda r, w: r.residual_level),
    (gettext_lazy("Activity (kegiatan)"), lambda r, w: r.activity.name if r.activity else ""),
)


def _register_workbook(register: Register):
    words = _words()
    rows = ([value(risk, words) for _h, value in REGISTER_COLUMNS]
            for risk in register.risks.select_related("activity").prefetch_related("plans"))
    return xlsx_response(f"register-risiko-{register.year}-{register.pk}.xlsx",
                         "register-risiko", [str(h) for h, _v in REGISTER_COLUMNS], rows)


# --- Risks -------------------------------------------------------------------------------------

@tenant_view("risk.edit")
def risk_create(request, tenant_slug, pk):
    register = _get(selectors.register_for, request.tenant, request.grant, pk)
    return _risk_form(request, register, None)


@tenant_view("risk.edit")
def risk_edit(request, tenant_slug, pk):
    risk = _get(selectors.risk_for, request.tenant, request.grant, pk)
    return _risk_form(request, risk.register, risk)


def _risk_form(request, register, risk):
    words = _words()
    if words is None:
        return render(request, "risk/library_missing.html", status=200)
    initial = {n: getattr(risk, n) for n in services.RISK_FIELDS} if risk else {}
    if initial.get("activity") is None and request.GET.get("activity", "").isdigit():
        initial["activity"] = int(request.GET["activity"])
    form = RiskForm(register, words, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if risk is None:
                services.add_risk(request.tenant, request.user, register, **form.service_values())
            else:
                services.update_risk(request.tenant, request.user, risk, **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("risk:register_detail", request.tenant.slug, register.pk)
    return render(request, "risk/risk_form.html", {
        "form": form, "register": register, "risk": risk, "words": words,
        "matrix": _matrix_or_none(request.tenant)}, status=400 if form.errors else 200)


def _matrix_or_none(tenant):
    try:
        return reference.matrix_for(tenant)
    except DomainError:
        return None


@tenant_view("risk.edit", methods=("POST",))
def risk_delete(request, tenant_slug, pk):
    risk = _get(selectors.risk_for, request.tenant, request.grant, pk)
    register_pk = risk.register_id
    try:
        services.delete_risk(request.tenant, request.user, risk)
    except DomainError as error:
        messages.error(request, error.render())
    return redirect("risk:register_detail", tenant_slug, register_pk)


@tenant_view("risk.view")
def risk_detail(request, tenant_slug, pk):
    tenant = request.tenant
    risk = _get(selectors.risk_for, tenant, request.grant, pk)
    words = _words()
    today = timezone.localdate()
    plans = list(risk.plans.all())
    for plan in plans:
        plan.kind_label = words.label("rtp_kinds", plan.kind) if words else plan.kind
        plan.overdue = plan.completed_on is None and plan.due_on < today
        plan.deadline = deadline_phrase(tenant, plan.due_on, today) if not plan.completed_on \
            else ""
    can_edit = _can_edit(request, risk.register.unit)
    return render(request, "risk/risk_detail.html", {
        "risk": _decorate(tenant, [risk], words)[0], "plans": plans,
        "monitoring": risk.monitoring.all(), "words": words,
        "can_edit": can_edit and risk.register.is_editable, "can_monitor": can_edit,
        "plan_form": PlanForm(words) if words else None,
        "monitoring_form": MonitoringForm(),
    })


@tenant_view("risk.edit", methods=("POST",))
def plan_create(request, tenant_slug, pk):
    risk = _get(selectors.risk_for, request.tenant, request.grant, pk)
    words = _words()
    form = PlanForm(words, request.POST) if words else None
    if form is not None and form.is_valid():
        try:
            services.add_plan(request.tenant, request.user, risk, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.render())
        else:
            messages.success(request, _("Treatment plan added."))
    elif form is not None:
        messages.error(request, _("The treatment plan is incomplete: %(fields)s.") % {
            "fields": ", ".join(str(form.fields[f].label) for f in form.errors
                                if f in form.fields)})
    return redirect("risk:risk_detail", tenant_slug, pk)


@tenant_view("risk.edit", methods=("POST",))
def plan_complete(request, tenant_slug, pk):
    plan = _get(selectors.plan_for, request.tenant, request.grant, pk)
    services.complete_plan(request.tenant, request.user, plan)
    messages.success(request, _("The treatment plan is marked done."))
    return redirect("risk:risk_detail", tenant_slug, plan.risk_id)


@tenant_view("risk.edit", methods=("POST",))
def monitoring_record(request, tenant_slug, pk):
    risk = _get(selectors.risk_for, request.tenant, request.grant, pk)
    form = MonitoringForm(request.POST)
    if form.is_valid():
        try:
            services.record_monitoring(request.tenant, request.user, risk, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.render())
        else:
            messages.success(request, _("Monitoring saved."))
    else:
        messages.error(request, _("The monitoring entry is incomplete."))
    return redirect("risk:risk_detail", tenant_slug, pk)


RISK_LIST = ListSpec(
    search_fields=("statement", "code", "register__unit__name", "cause"),
    sorts={"score": "score", "residual": "residual_score", "unit": "register__unit__path"},
    default_sort="-residual",
    extra_filters={
        "year": lambda qs, v: qs.filter(register__year=v) if v.isdigit() else qs,
        "unit": lambda qs, v: qs.filter(register__unit_id=v) if v.isdigit() else qs,
        "category": lambda qs, v: qs.filter(category=v),
        "l": lambda qs, v: qs.filter(likelihood=v) if v.isdigit() else qs,
        "i": lambda qs, v: qs.filter(impact=v) if v.isdigit() else qs,
        "rl": lambda qs, v: qs.filter(residual_likelihood=v) if v.isdigit() else qs,
        "ri": lambda qs, v: qs.filter(residual_impact=v) if v.isdigit() else qs,
        "level": lambda qs, v: qs.filter(residual_level=v),
    },
    export_columns=tuple(Column(h, lambda r, v=v: v(r, None)) for h, v in REGISTER_COLUMNS)
    + (Column(gettext_lazy("UPR (unit)"), lambda r: r.register.unit.name),
       Column(gettext_lazy("Year"), lambda r: r.register.year)),
    export_name="risiko",
)


@tenant_view("risk.view")
def risk_list(request, tenant_slug):
    words = _words()
    queryset = selectors.risks_for(request.tenant, request.grant).prefetch_related("plans")
    if request.GET.get("fraud") and words is not None:
        queryset = queryset.filter(category__in=words.fraud_categories)
    result = apply_list(request, queryset, RISK_LIST)
    if not isinstance(result, dict):
        return result
    result["object_list"] = _decorate(request.tenant, list(result["object_list"]), words)
    result.update({"words": words,
                   "category_choices": words.choices(words.categories) if words else []})
    return render(request, "risk/risk_list.html", result)


# --- Activities --------------------------------------------------------------------------------

ACTIVITY_LIST = ListSpec(
    search_fields=("name", "program", "unit__name"),
    sorts={"starts_on": "starts_on", "name": "name", "budget": "budget"},
    default_sort="starts_on",
    extra_filters={
        "year": lambda qs, v: qs.filter(year=v) if v.isdigit() else qs,
        "unmapped": lambda qs, v: qs.filter(risk_count=0),
    },
    export_columns=(
        Column(gettext_lazy("Unit"), lambda a: a.unit.name),
        Column(gettext_lazy("Activity (kegiatan)"), lambda a: a.name),
        Column(gettext_lazy("Programme"), lambda a: a.program),
        Column(gettext_lazy("Budget (Rp)"), lambda a: a.budget),
        Column(gettext_lazy("Starts on"), lambda a: a.starts_on),
        Column(gettext_lazy("Ends on"), lambda a: a.ends_on),
        Column(gettext_lazy("Risks"), lambda a: a.risk_count),
        Column(gettext_lazy("Started"), lambda a: a.started_at),
    ),
    export_name="kegiatan",
)


@tenant_view("risk.view")
def activity_list(request, tenant_slug):
    result = apply_list(request, selectors.activities_for(request.tenant, request.grant),
                        ACTIVITY_LIST)
    if not isinstance(result, dict):
        return result
    edit = grant(request.memberships, "risk.edit")
    registers = {(r.unit_id, r.year): r.pk for r in selectors.registers_for(
        request.tenant, edit).filter(status__in=Register.EDITABLE)}
    for activity in result["object_list"]:
        activity.can_edit = selectors.covers(edit, activity.unit)
        activity.register_pk = registers.get((activity.unit_id, activity.year))
    result["can_create"] = edit.allowed
    return render(request, "risk/activity_list.html", result)


@tenant_view("risk.edit")
def activity_create(request, tenant_slug):
    form = ActivityForm(request.tenant, request.grant, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_activity(request.tenant, request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Activity registered. Map its risks before it starts."))
            return redirect("risk:activity_list", tenant_slug)
    return render(request, "risk/form.html", {
        "form": form, "title": _("New activity"), "cancel": "risk:activity_list"},
        status=400 if form.errors else 200)


@tenant_view("risk.edit", methods=("POST",))
def activity_start(request, tenant_slug, pk):
    activity = _get(selectors.activity_for, request.tenant, request.grant, pk)
    try:
        services.start_activity(request.tenant, request.user, activity)
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("%(name)s is marked started.") % {"name": activity.name})
    return redirect("risk:activity_list", tenant_slug)
