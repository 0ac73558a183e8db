"""Pages of the conflicts module: one's own declarations, the decision, the register, the risk
map, the overdue list, the annual statement campaign, COI officers and evaluations."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import grant, has_perm
from integritas.conflicts import selectors, services
from integritas.conflicts.forms import (
    CampaignForm,
    DecisionForm,
    DeclarationForm,
    EvaluationForm,
    OfficerForm,
    PartyFormSet,
    parties_of,
)
from integritas.conflicts.models import (
    CatalogueEntry,
    CoiOfficer,
    ConflictKind,
    Declaration,
)
from integritas.core.calendar import deadline_phrase
from integritas.core.errors import DomainError, NotFound
from integritas.core.listing import Column, Filter, ListSpec, apply_list
from integritas.core.xlsx import xlsx_response
from integritas.people.models import Employee
from integritas.people.nip import format_nip
from integritas.people.selectors import employee_by_nip
from integritas.tenancy.models import Unit

PDF_ROW_LIMIT = 2000
RISK_ROWS_PER_PAGE = 100


def _decided_on(d: Declaration):
    return d.decision.decided_on if d.status == Declaration.Status.DECIDED else None


def _measure(d: Declaration) -> str:
    return d.decision.measure.label if d.status == Declaration.Status.DECIDED else ""


REGISTER_COLUMNS = (
    Column(gettext_lazy("Number"), lambda d: d.number),
    Column(gettext_lazy("Declared on"), lambda d: d.declared_on),
    Column(gettext_lazy("NIP"), lambda d: format_nip(d.declarant.nip)),
    Column(gettext_lazy("Declarant"), lambda d: d.declarant.name),
    Column(gettext_lazy("Position"), lambda d: d.position_title),
    Column(gettext_lazy("OPD"), lambda d: d.opd.name),
    Column(gettext_lazy("Unit"), lambda d: d.unit.name),
    Column(gettext_lazy("Kind"), lambda d: d.get_kind_display()),
    Column(gettext_lazy("Type"), lambda d: d.conflict_type.label),
    Column(gettext_lazy("Source"), lambda d: d.source.label),
    Column(gettext_lazy("Decision or activity affected"), lambda d: d.get_subject_kind_display()),
    Column(gettext_lazy("Reference"), lambda d: d.subject_ref),
    Column(gettext_lazy("Status"), lambda d: d.get_status_display()),
    Column(gettext_lazy("Decision due on"), lambda d: d.due_on),
    Column(gettext_lazy("Decided on"), _decided_on),
    Column(gettext_lazy("Control measure"), _measure),
)


def _search(queryset, value: str):
    """Name or NIP of the declarant, position or reference. The employees are matched first in
    their own (small) table, so the 100,000 declarations are scanned without a join."""
    declarants = Employee.objects.filter(Q(name__icontains=value) | Q(nip__icontains=value))
    return queryset.filter(Q(declarant__in=declarants) | Q(position_title__icontains=value)
                           | Q(subject_ref__icontains=value))


def _year_filter(queryset, value: str):
    return queryset.filter(declared_on__year=int(value)) if value.isdigit() else queryset


def register_spec(tenant, grant_) -> ListSpec:
    units = [(str(u.pk), u.name) for u in Unit.objects.filter(
        tenant=tenant, parent__isnull=True).order_by("name")]
    return ListSpec(
        search_fields=(),  # `q` is `_search`, below
        sorts={"declared_on": "declared_on", "due_on": "due_on", "declarant": "declarant__name"},
        default_sort="-declared_on",
        filters=(
            Filter("opd", "opd_id", gettext_lazy("OPD"), units),
            # By id, not code: no join to the catalogue on 100,000 rows.
            Filter("type", "conflict_type_id", gettext_lazy("Type"),
                   [(str(e.pk), e.label) for e in selectors.catalogue(
                       CatalogueEntry.Kind.TYPE)]),
            Filter("kind", "kind", gettext_lazy("Kind"), ConflictKind.choices),
            Filter("status", "status", gettext_lazy("Status"), Declaration.Status.choices),
        ),
        extra_filters={"q": _search, "year": _year_filter},
        export_columns=REGISTER_COLUMNS,
        export_name="register-benturan-kepentingan",
    )


# --- One's own declarations ----------------------------------------------------------------------

@tenant_view("conflicts.declare")
def declaration_list(request, tenant_slug):
    tenant, user = request.tenant, request.user
    today = timezone.localdate()
    me = selectors.employee_of(tenant, user)
    campaign = selectors.open_campaign_on(tenant, today)
    return _render(request, "conflicts/declaration_list.html", {
        "employee": me,
        "declarations": selectors.own_declarations(tenant, user),
        "to_decide": selectors.declarations_to_decide(tenant, user).count(),
        "campaign": campaign,
        "campaign_deadline": deadline_phrase(tenant, campaign.due_on, today) if campaign
        else "",
        "filed": campaign is not None and me is not None
        and selectors.has_filed(tenant, campaign, me),
    })


@tenant_view("conflicts.declare")
def declaration_create(request, tenant_slug):
    tenant = request.tenant
    form = DeclarationForm(tenant, request.POST or None, request.FILES or None)
    parties = PartyFormSet(request.POST or None, prefix="parties")
    if request.method == "POST" and form.is_valid() and parties.is_valid():
        values = dict(form.cleaned_data)
        try:
            declaration = services.declare(tenant, request.user, parties=parties_of(parties),
                                           **values)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Declaration %(number)s filed. Until your superior "
                                        "decides, suspend the decision or activity it "
                                        "concerns.") % {"number": declaration.number})
            return redirect("conflicts:declaration_detail", tenant_slug=tenant_slug,
                            pk=declaration.pk)
    return _render(request, "conflicts/declaration_form.html", {
        "form": form, "parties": parties,
        "employee": selectors.employee_of(tenant, request.user),
    }, status=400 if form.errors or parties.errors else 200)


def _declaration(request, pk) -> Declaration:
    try:
        return selectors.declaration_for(request.tenant, request.user,
                                         grant(request.memberships, "conflicts.view"), pk)
    except NotFound:
        raise Http404 from None


@tenant_view("conflicts.declare")
def declaration_detail(request, tenant_slug, pk):
    return _detail_page(request, _declaration(request, pk))


def _detail_page(request, declaration: Declaration, decision_form=None):
    tenant = request.tenant
    may_decide = (declaration.status == Declaration.Status.SUSPENDED
                  and selectors.may_decide(tenant, request.user, declaration))
    return _render(request, "conflicts/declaration_detail.html", {
        "declaration": declaration,
        "deadline": deadline_phrase(tenant, declaration.due_on),
        "is_declarant": declaration.declarant.user_id == request.user.pk,
        "may_decide": may_decide,
        "form": decision_form or (DecisionForm() if may_decide else None),
        "parties": declaration.parties.all(),
        "evidence": declaration.evidence.all(),
    }, status=400 if decision_form is not None else 200)


@tenant_view("conflicts.declare", methods=("POST",))
def declaration_withdraw(request, tenant_slug, pk):
    declaration = _declaration(request, pk)
    try:
        services.withdraw(request.tenant, request.user, declaration)
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("The declaration is withdrawn."))
    return redirect("conflicts:declaration_detail", tenant_slug=tenant_slug, pk=pk)


@tenant_view("conflicts.declare", methods=("POST",))
def declaration_decide(request, tenant_slug, pk):
    declaration = _declaration(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide(request.tenant, request.user, declaration, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("conflicts:declaration_detail", tenant_slug=tenant_slug, pk=pk)
    return _detail_page(request, declaration, form)


@tenant_view("conflicts.declare")
def decision_pdf(request, tenant_slug, pk):
    declaration = _declaration(request, pk)
    if declaration.status != Declaration.Status.DECIDED:
        raise Http404
    return _pdf(request, "conflicts/decision_pdf.html", {
        "declaration": declaration, "decision": declaration.decision,
        "parties": declaration.parties.all(),
    }, f"keputusan-{declaration.number}.pdf")


@tenant_view("conflicts.declare")
def evidence_download(request, tenant_slug, pk, evidence_pk):
    declaration = _declaration(request, pk)
    evidence = declaration.evidence.filter(pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True,
                        filename=evidence.original_name)


@tenant_view("conflicts.declare")
def decision_inbox(request, tenant_slug):
    return _render(request, "conflicts/decision_inbox.html", {
        "declarations": selectors.declarations_to_decide(request.tenant, request.user),
        "today": timezone.localdate(),
    })


# --- Register, risk map, overdue -----------------------------------------------------------------

@tenant_view("conflicts.view")
def register(request, tenant_slug):
    tenant = request.tenant
    spec = register_spec(tenant, request.grant)
    result = apply_list(request, selectors.register(tenant, request.grant), spec)
    if not isinstance(result, dict):
        return result
    pdf = request.GET.copy()
    pdf.pop("page", None)
    result.update({
        "years": selectors.declaration_years(tenant),
        "filter_rows": [(flt, result["active_filters"].get(flt.param, ""))
                        for flt in spec.filters],
        "pdf_url": f"?{pdf.urlencode()}&format=pdf" if pdf else "?format=pdf",
        "today": timezone.localdate(),
    })
    if request.GET.get("format") == "pdf":
        rows = list(result["page_obj"].paginator.object_list[:PDF_ROW_LIMIT])
        return _pdf(request, "conflicts/register_pdf.html", {
            "rows": rows, "truncated": result["page_obj"].paginator.count > PDF_ROW_LIMIT,
            "limit": PDF_ROW_LIMIT, "active_filters": result["active_filters"],
        }, "register-benturan-kepentingan.pdf")
    return _render(request, "conflicts/register.html", result)


RISK_LEVELS = (("rendah", gettext_lazy("low")), ("sedang", gettext_lazy("medium")),
               ("tinggi", gettext_lazy("high")))
RISK_COLUMNS = (
    (gettext_lazy("Unit"), "unit_name"), (gettext_lazy("Position"), "position_title"),
    (gettext_lazy("Type"), "conflict_type_label"), (gettext_lazy("Declarations"), "declarations"),
    (gettext_lazy("Of which actual"), "actual"), (gettext_lazy("Level"), "level"),
)


@tenant_view("conflicts.view")
def risk_map(request, tenant_slug):
    rows = selectors.coi_risk_map(request.tenant, request.grant)
    level = request.GET.get("level", "")
    if level:
        rows = [row for row in rows if row["level"] == level]
    if request.GET.get("format") == "xlsx":
        return xlsx_response("peta-risiko-benturan-kepentingan.xlsx", _("COI risk map"),
                             [str(label) for label, _key in RISK_COLUMNS],
                             ([row[key] for _label, key in RISK_COLUMNS] for row in rows))
    page_obj = Paginator(rows, RISK_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, "conflicts/risk_map.html", {
        "rows": page_obj.object_list, "page_obj": page_obj, "level": level,
        "levels": RISK_LEVELS, "query_without_page": f"level={level}&" if level else ""})


@tenant_view("conflicts.manage")
def overdue_list(request, tenant_slug):
    tenant, today = request.tenant, timezone.localdate()
    rows = list(selectors.overdue(tenant, request.grant, today))
    for row in rows:
        row.deadline = deadline_phrase(tenant, row.due_on, today)
    return _render(request, "conflicts/overdue.html", {"rows": rows})


# --- Annual statement ----------------------------------------------------------------------------

@tenant_view("conflicts.view")
def campaign_list(request, tenant_slug):
    return _render(request, "conflicts/campaign_list.html", {
        "campaigns": selectors.campaigns(request.tenant),
        "can_manage": has_perm(request.memberships, "conflicts.manage"),
    })


@tenant_view("conflicts.manage")
def campaign_create(request, tenant_slug):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.open_campaign(request.tenant, request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The statement campaign of %(year)s is open.") % {
                "year": campaign.year})
            return redirect("conflicts:campaign_detail", tenant_slug=tenant_slug,
                            pk=campaign.pk)
    return _render(request, "conflicts/simple_form.html", {
        "form": form, "title": _("Open the annual statement"),
        "cancel": "conflicts:campaign_list",
    }, status=400 if form.errors else 200)


def _campaign(request, pk):
    try:
        return selectors.campaign_for(request.tenant, pk)
    except NotFound:
        raise Http404 from None


@tenant_view("conflicts.view")
def campaign_detail(request, tenant_slug, pk):
    tenant = request.tenant
    campaign = _campaign(request, pk)
    rows = selectors.campaign_completion(tenant, request.grant, campaign)
    if request.GET.get("format") == "xlsx":
        headers = [_("OPD"), _("Employees"), _("Nothing to declare"), _("Declared"),
                   _("Filed"), _("Percent filed")]
        return xlsx_response(f"pernyataan-{campaign.year}.xlsx", str(campaign.year), headers,
                             ([r["opd"].name, r["employees"], r["nil"], r["declared"],
                               r["filed"], r["percent"]] for r in rows))
    employees = sum(r["employees"] for r in rows)
    filed = sum(r["filed"] for r in rows)
    return _render(request, "conflicts/campaign_detail.html", {
        "campaign": campaign, "rows": rows, "employees": employees, "filed": filed,
        "percent": round(100 * filed / employees, 1) if employees else None,
        "deadline": deadline_phrase(tenant, campaign.due_on),
        "can_manage": has_perm(request.memberships, "conflicts.manage"),
    })


@tenant_view("conflicts.manage", methods=("POST",))
def campaign_close(request, tenant_slug, pk):
    try:
        services.close_campaign(request.tenant, request.user, _campaign(request, pk))
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("The campaign is closed."))
    return redirect("conflicts:campaign_detail", tenant_slug=tenant_slug, pk=pk)


@tenant_view("conflicts.declare", methods=("POST",))
def nil_statement(request, tenant_slug, pk):
    try:
        services.file_nil_statement(request.tenant, request.user, _campaign(request, pk))
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("Your statement “nothing to declare” is filed."))
    return redirect("conflicts:declaration_list", tenant_slug=tenant_slug)


# --- COI officers --------------------------------------------------------------------------------

@tenant_view("conflicts.manage")
def officer_list(request, tenant_slug):
    tenant = request.tenant
    form = OfficerForm(tenant, request.POST or None)
    if request.method == "POST" and form.is_valid():
        employee = employee_by_nip(tenant, form.cleaned_data["nip"])
        try:
            if employee is None:
                raise NotFound("coi_employee_not_found", gettext_lazy("No employee has this "
                                                                      "NIP."), field="nip")
            services.designate_officer(tenant, request.user, unit=form.cleaned_data["unit"],
                                       employee=employee)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("%(name)s now decides the declarations of %(unit)s.")
                             % {"name": employee.name, "unit": form.cleaned_data["unit"].name})
            return redirect("conflicts:officer_list", tenant_slug=tenant_slug)
    return _render(request, "conflicts/officer_list.html", {
        "form": form,
        "officers": CoiOfficer.objects.filter(tenant=tenant).select_related(
            "unit", "employee").order_by("unit__path"),
    }, status=400 if form.errors else 200)


@tenant_view("conflicts.manage", methods=("POST",))
def officer_remove(request, tenant_slug, pk):
    officer = CoiOfficer.objects.filter(tenant=request.tenant, pk=pk).first()
    if officer is None:
        raise Http404
    services.remove_officer(request.tenant, request.user, officer)
    messages.success(request, _("The COI officer is removed."))
    return redirect("conflicts:officer_list", tenant_slug=tenant_slug)


# --- Evaluations ---------------------------------------------------------------------------------

@tenant_view("conflicts.view")
def evaluation_list(request, tenant_slug):
    return _render(request, "conflicts/evaluation_list.html", {
        "evaluations": selectors.evaluations(request.tenant),
        "can_manage": has_perm(request.memberships, "conflicts.manage"),
    })


@tenant_view("conflicts.manage")
def evaluation_create(request, tenant_slug):
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.create_evaluation(request.tenant, request.user,
                                                    **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The evaluation is saved."))
            return redirect("conflicts:evaluation_detail", tenant_slug=tenant_slug,
                            pk=evaluation.pk)
    return _render(request, "conflicts/simple_form.html", {
        "form": form, "title": _("New evaluation"), "cancel": "conflicts:evaluation_list",
    }, status=400 if form.errors else 200)


def _evaluation(request, pk):
    try:
        return selectors.evaluation_for(request.tenant, pk)
    except NotFound:
        raise Http404 from None


@tenant_view("conflicts.view")
def evaluation_detail(request, tenant_slug, pk):
    evaluation = _evaluation(request, pk)
    if request.GET.get("format") == "xlsx":
        return _evaluation_workbook(evaluation)
    context = {"evaluation": evaluation, "figures": evaluation.figures}
    if request.GET.get("format") == "pdf":
        return _pdf(request, "conflicts/evaluation_pdf.html", context,
                    f"evaluasi-benturan-kepentingan-{evaluation.year}-{evaluation.period}.pdf")
    return _render(request, "conflicts/evaluation_detail.html", context)


def _evaluation_workbook(evaluation):
    figures = evaluation.figures
    rows = [
        (_("Period"), str(evaluation)),
        (_("Declarations"), figures.get("declarations")),
        (_("Decision suspended"), figures.get("suspended")),
        (_("Decided"), figures.get("decided")),
        (_("Withdrawn"), figures.get("withdrawn")),
        (_("Overdue"), figures.get("overdue")),
        (_("Escalated to the Inspektorat"), figures.get("escalated")),
        (_("Decided on time (%)"), figures.get("decided_on_time_pct")),
        *((row["opd"], row["declarations"]) for row in figures.get("by_opd", [])),
        (_("Findings"), evaluation.findings),
        (_("Follow-ups"), evaluation.follow_ups),
    ]
    return xlsx_response(f"evaluasi-{evaluation.year}-{evaluation.period}.xlsx",
                         str(evaluation), [_("Item"), _("Value")], rows)


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    """A page with the module's tabs, which show the register and the Inspektorat's pages only
    to those who may open them."""
    context.update({"perms_view": has_perm(request.memberships, "conflicts.view"),
                    "perms_manage": has_perm(request.memberships, "conflicts.manage")})
    return render(request, template, context, status=status)


def _pdf(request, template: str, context: dict, filename: str) -> HttpResponse:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, {"tenant": request.tenant,
                                       "today": timezone.localdate(), **context},
                            request=request)
    # As integritas.core.documents.render: only inline data: resources, never a fetched URL.
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response

