"""Pages of the trackers and the leadership overview (`/<tenant>/pengawasan/`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.core.errors import DomainError, NotFound
from integritas.core.listing import Column, Filter, ListSpec, apply_list
from integritas.oversight import charts, forms, selectors, services
from integritas.oversight.models import McpEvidence, Zone
from integritas.oversight.overview import build_overview


def _found(select, request, pk):
    """A selector's object, or the 404 page (another Pemda's object is simply not found)."""
    try:
        return select(request.tenant, request.grant, pk)
    except NotFound:
        raise Http404 from None


def _can_manage(request) -> bool:
    return has_perm(request.memberships, "oversight.manage")


def _year(request, default: int) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else default


# --- Overview ----------------------------------------------------------------------------------

@tenant_view("overview.view")
def overview(request, tenant_slug):
    sort = request.GET.get("sort", "")
    if request.GET.get("format") == "xlsx":
        return _overview_workbook(build_overview(request.tenant, request.grant, sort))
    # The leadership reads OPDs first; their sub-units are one click away.
    sub_units = request.GET.get("rinci") == "1"
    data = build_overview(request.tenant, request.grant, sort, sub_units=sub_units)
    history = selectors.snapshots(request.tenant)
    return render(request, "oversight/overview.html", {
        "overview": data, "sort": sort, "sub_units": sub_units,
        "trends": charts.trend_charts(history), "can_snapshot": _can_manage(request),
    })


@tenant_view("overview.view")
def overview_pdf(request, tenant_slug):
    from integritas.core.documents import letterhead_context, render_template_pdf, template_source

    data = build_overview(request.tenant, request.grant)
    context = {**letterhead_context(request.tenant), "overview": data,
               "title": _("Leadership overview"),
                      "trends": charts.trend_charts(selectors.snapshots(request.tenant))}
    pdf = render_template_pdf(template_source("oversight/overview_pdf.html"), context, fields=[])
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = HttpResponse(pdf.data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="ikhtisar-{request.tenant.slug}-{stamp}.pdf"')
    return response


@tenant_view("oversight.manage", methods=("POST",))
def take_snapshot(request, tenant_slug):
    snapshot = services.take_snapshot(request.tenant, request.user)
    messages.success(request, _("The figures of %(quarter)s were saved for the trends.")
                     % {"quarter": snapshot.quarter})
    return redirect("oversight:overview", tenant_slug=tenant_slug)


def _overview_workbook(data) -> HttpResponse:
    from integritas.core.xlsx import xlsx_response

    headers = [_("Unit"), *[str(column.label) for column in data.columns]]
    rows = [[row.unit.name, *[_plain(cell.value) for cell in row.cells]] for row in data.rows]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"ikhtisar-{data.tenant.slug}-{stamp}.xlsx", _("Overview"), headers,
                         rows)


def _plain(value):
    return float(value) if hasattr(value, "as_tuple") else value


# --- Ombudsman ---------------------------------------------------------------------------------

def _ombudsman_spec() -> ListSpec:
    return ListSpec(
        search_fields=["unit__name", "note"],
        sorts={"unit": "unit__name", "year": "year", "score": "score"},
        default_sort="-year",
        filters=[Filter("zone", "zone", _("Zone"), Zone.choices)],
        extra_filters={"year": lambda qs, v: qs.filter(year=v) if v.isdigit() else qs},
        export_columns=[Column(_("Unit"), lambda a: a.unit.name),
                        Column(_("Year"), lambda a: a.year),
                        Column(_("Instrument"), lambda a: a.instrument),
                        Column(_("Score"), lambda a: float(a.score)),
                        Column(_("Grade"), lambda a: a.grade_label),
                        Column(_("Zone"), lambda a: a.get_zone_display())],
        export_name="ombudsman")


@tenant_view("oversight.view")
def ombudsman_list(request, tenant_slug):
    result = apply_list(request, selectors.ombudsman_assessments(request.tenant, request.grant),
                        _ombudsman_spec())
    if isinstance(result, HttpResponse):
        return result
    return render(request, "oversight/ombudsman_list.html", {
        **result, "zone_choices": Zone.choices, "can_manage": _can_manage(request)})


@tenant_view("oversight.manage")
def ombudsman_record(request, tenant_slug):
    form = forms.OmbudsmanForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_ombudsman(request.tenant, request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The Ombudsman result was saved."))
            return redirect("oversight:ombudsman_list", tenant_slug=tenant_slug)
    return render(request, "oversight/form.html", {
        "form": form, "title": _("Record an Ombudsman result"),
        "back": "oversight:ombudsman_list"})


# --- Standar pelayanan -------------------------------------------------------------------------

@tenant_view("oversight.view")
def service_list(request, tenant_slug):
    spec = ListSpec(search_fields=["name", "unit__name"],
                    sorts={"name": "name", "unit": "unit__name"}, default_sort="unit",
                    export_columns=[Column(_("Unit"), lambda s: s.unit.name),
                                    Column(_("Service"), lambda s: s.name),
                                    Column(_("Components published"),
                                           lambda s: s.published_count),
                                    Column(_("Components"), lambda s: s.component_count)],
                    export_name="standar-pelayanan")
    result = apply_list(request, selectors.public_services(request.tenant, request.grant), spec)
    if isinstance(result, HttpResponse):
        return result
    form = forms.PublicServiceForm(tenant=request.tenant) if _can_manage(request) else None
    return render(request, "oversight/service_list.html", {**result, "form": form})


@tenant_view("oversight.manage", methods=("POST",))
def service_add(request, tenant_slug):
    form = forms.PublicServiceForm(request.POST, tenant=request.tenant)
    if form.is_valid():
        try:
            created = services.add_public_service(request.tenant, request.user,
                                                  **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.render())
        else:
            return redirect("oversight:service_detail", tenant_slug=tenant_slug, pk=created.pk)
    else:
        messages.error(request, _("Choose a unit and name the service."))
    return redirect("oversight:service_list", tenant_slug=tenant_slug)


@tenant_view("oversight.view")
def service_detail(request, tenant_slug, pk):
    service = _found(selectors.public_service, request, pk)
    return render(request, "oversight/service_detail.html", {
        "service": service, "components": selectors.service_components(request.tenant, service),
        "can_manage": _can_manage(request)})


@tenant_view("oversight.manage", methods=("POST",))
def component_update(request, tenant_slug, pk):
    component = _found(selectors.component, request, pk)
    form = forms.ComponentForm(request.POST)
    if form.is_valid():
        try:
            services.update_service_component(request.tenant, request.user, component,
                                              **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.render())
        else:
            messages.success(request, _("The component was updated."))
    else:
        messages.error(request, _("Give a valid web link."))
    return redirect("oversight:service_detail", tenant_slug=tenant_slug, pk=component.service_id)


# --- KPK MCP -----------------------------------------------------------------------------------

@tenant_view("oversight.view")
def mcp(request, tenant_slug):
    years = selectors.mcp_years(request.tenant)
    year = _year(request, years[0] if years else timezone.localdate().year)
    score = selectors.mcp_score(request.tenant, year)
    return render(request, "oversight/mcp.html", {
        "year": year, "years": years, "score": score,
        "tasks": selectors.mcp_tasks(request.tenant, request.grant, year),
        "chart": charts.area_chart(score) if score else "",
        "open_form": forms.OpenMcpYearForm() if _can_manage(request) else None})


@tenant_view("oversight.manage", methods=("POST",))
def mcp_open_year(request, tenant_slug):
    form = forms.OpenMcpYearForm(request.POST)
    year = timezone.localdate().year
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            added = services.open_mcp_year(request.tenant, request.user, year=year)
        except DomainError as error:
            messages.error(request, error.render())
        else:
            messages.success(request, _("%(count)s indicators were added for %(year)s.")
                             % {"count": added, "year": year})
    return redirect(f"{reverse('oversight:mcp', kwargs={'tenant_slug': tenant_slug})}?year={year}")


@tenant_view("oversight.view")
def mcp_task(request, tenant_slug, pk):
    task = _found(selectors.mcp_task, request, pk)
    can_manage = _can_manage(request)
    return render(request, "oversight/mcp_task.html", {
        "task": task, "evidence": task.evidence.order_by("-created_at"),
        "can_manage": can_manage,
        "assign_form": forms.AssignTaskForm(tenant=request.tenant, initial={"unit": task.unit})
        if can_manage else None,
        "evidence_form": forms.EvidenceForm() if can_manage else None,
        "verify_form": forms.VerifyForm() if can_manage else None,
        "submitted": McpEvidence.Status.SUBMITTED})


@tenant_view("oversight.manage", methods=("POST",))
def mcp_task_action(request, tenant_slug, pk, action):
    task = _found(selectors.mcp_task, request, pk)
    try:
        _task_action(request, task, action)
    except DomainError as error:
        messages.error(request, error.render())
    return redirect("oversight:mcp_task", tenant_slug=tenant_slug, pk=task.pk)


def _task_action(request, task, action) -> None:
    tenant, actor = request.tenant, request.user
    if action == "assign":
        form = forms.AssignTaskForm(request.POST, tenant=tenant)
        if form.is_valid():
            services.assign_mcp_task(tenant, actor, task, unit=form.cleaned_data["unit"])
            messages.success(request, _("The OPD in charge was saved."))
    elif action == "evidence":
        form = forms.EvidenceForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Describe the evidence and give a valid link."))
            return
        services.submit_mcp_evidence(tenant, actor, task, **form.cleaned_data)
        messages.success(request, _("The evidence was submitted for verification."))
    else:
        form = forms.VerifyForm(request.POST)
        evidence = selectors.mcp_evidence(tenant, request.grant, request.POST.get("evidence"))
        if not form.is_valid() or evidence.task_id != task.pk:
            messages.error(request, _("Choose a decision."))
            return
        data = form.cleaned_data
        if data["decision"] == "verified":
            services.verify_mcp_evidence(tenant, actor, evidence, score=data["score"],
                                         note=data["note"])
        else:
            services.reject_mcp_evidence(tenant, actor, evidence, note=data["note"])
        messages.success(request, _("The decision was saved."))


# --- BPK, AKIP, Indeks RB ----------------------------------------------------------------------

@tenant_view("oversight.view")
def instansi(request, tenant_slug):
    form = forms.InstansiForm() if _can_manage(request) else None
    return _instansi_page(request, form)


@tenant_view("oversight.manage", methods=("POST",))
def instansi_record(request, tenant_slug):
    form = forms.InstansiForm(request.POST)
    if form.is_valid():
        try:
            services.record_instansi_assessment(request.tenant, request.user,
                                                **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The results were saved."))
            return redirect("oversight:instansi", tenant_slug=tenant_slug)
    return _instansi_page(request, form, status=400)


def _instansi_page(request, form, status: int = 200):
    return render(request, "oversight/instansi.html", {
        "assessments": selectors.instansi_assessments(request.tenant), "form": form},
        status=status)
