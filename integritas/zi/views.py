"""Programme pages: the list of a Pemda's ZI units, a new pencanangan, and one programme with its
commitment, SK Tim ZI, rencana kerja and status over the years."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.core.calendar import deadline_phrase
from integritas.core.errors import DomainError, NotFound
from integritas.core.listing import Column, Filter, ListSpec, apply_list
from integritas.people.models import Employee
from integritas.tenancy.selectors import unit_paths_q
from integritas.zi import assessment_selectors, selectors, services
from integritas.zi.forms import (
    AREA_CHOICES,
    ActivityForm,
    DeclarationForm,
    DecreeForm,
    ProgressForm,
    ScanForm,
    TeamMemberForm,
    TransitionForm,
)
from integritas.zi.models import Predicate, ZiActivity, ZiProgramme

PROGRAMME_LIST = ListSpec(
    search_fields=("unit__name", "unit__short_name", "place"),
    sorts={"unit": "unit__path", "declared_on": "declared_on", "status": "status"},
    default_sort="unit",
    filters=(
        Filter("status", "status", gettext_lazy("Status"), ZiProgramme.Status.choices),
        Filter("predicate", "predicate", gettext_lazy("Predicate"), Predicate.choices),
    ),
    export_columns=(
        Column(gettext_lazy("Unit"), lambda p: p.unit.name),
        Column(gettext_lazy("Declared on"), lambda p: p.declared_on),
        Column(gettext_lazy("Place"), lambda p: p.place),
        Column(gettext_lazy("Status"), lambda p: p.get_status_display()),
        Column(gettext_lazy("Predicate"), lambda p: p.get_predicate_display()),
        Column(gettext_lazy("Predicate since"), lambda p: p.predicate_year),
        Column(gettext_lazy("Team members"), lambda p: p.team_size),
        Column(gettext_lazy("Activities"), lambda p: p.activity_count),
        Column(gettext_lazy("Activities done"), lambda p: p.activities_done),
    ),
    export_name="program-zi",
)


@tenant_view("zi.view")
def programme_list(request, tenant_slug):
    result = apply_list(request, selectors.programme_list(request.tenant, request.grant),
                        PROGRAMME_LIST)
    if not isinstance(result, dict):
        return result
    result.update({
        "status_choices": ZiProgramme.Status.choices,
        "predicate_choices": Predicate.choices,
        "can_manage": has_perm(request.memberships, "zi.manage"),
    })
    return render(request, "zi/programme_list.html", result)


@tenant_view("zi.manage")
def programme_create(request, tenant_slug):
    units = selectors.units_without_programme(request.tenant, request.grant)
    form = DeclarationForm(units, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.declare_programme(request.tenant, request.user,
                                                   **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Zona Integritas declared for %(unit)s.") % {
                "unit": programme.unit.name})
            return redirect("zi:programme_detail", tenant_slug=tenant_slug, pk=programme.pk)
    return render(request, "zi/programme_form.html", {"form": form},
                  status=400 if form.errors else 200)


@tenant_view("zi.manage")
def programme_edit(request, tenant_slug, pk):
    programme = _programme(request, pk)
    form = DeclarationForm(None, request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_declaration(request.tenant, request.user, programme,
                                        **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The declaration is saved."))
            return redirect("zi:programme_detail", tenant_slug=tenant_slug, pk=pk)
    return render(request, "zi/programme_form.html", {"form": form, "programme": programme},
                  status=400 if form.errors else 200)


@tenant_view("zi.view")
def programme_detail(request, tenant_slug, pk):
    programme = _programme(request, pk)
    return render(request, "zi/programme_detail.html",
                  _detail_context(request, programme))


def _detail_context(request, programme, **forms) -> dict:
    tenant = request.tenant
    today = timezone.localdate()
    years = selectors.activity_years(programme)
    year = _int(request.GET.get("year")) or (years[0] if years else today.year)
    activities = list(selectors.activities_of(programme, year))
    for activity in activities:
        if activity.status not in (ZiActivity.Status.DONE, ZiActivity.Status.CANCELLED):
            activity.deadline = deadline_phrase(tenant, activity.due_on, today)
    employees = _employees(request, programme)
    return {
        "programme": programme,
        "team": selectors.team_of(programme),
        "activities": activities,
        "area_progress": selectors.area_progress(activities),
        "area_names": dict(AREA_CHOICES),
        "year": year,
        "years": sorted({*years, today.year}, reverse=True),
        "history": selectors.history_of(programme),
        "actions": services.available_actions(programme),
        "destructive_actions": services.DESTRUCTIVE_ACTIONS,
        "assessments": assessment_selectors.assessments_of(programme),
        "can_manage": has_perm(request.memberships, "zi.manage"),
        "can_assess": has_perm(request.memberships, "zi.assess"),
        "scan_form": forms.get("scan_form") or ScanForm(),
        "decree_form": forms.get("decree_form") or DecreeForm(initial={
            "number": programme.team_decree_number, "decided_on": programme.team_decree_date}),
        "member_form": forms.get("member_form") or TeamMemberForm(employees),
        "activity_form": forms.get("activity_form") or ActivityForm(employees),
        "progress_statuses": ZiActivity.Status.choices,
        "transition_year": today.year,
        "today": today,
    }


@tenant_view("zi.view")
def commitment_download(request, tenant_slug, pk):
    programme = _programme(request, pk)
    stored = programme.commitment_pdf or programme.commitment_scan
    if not stored:
        raise Http404
    name = stored.name.rsplit("/", 1)[-1]
    return FileResponse(stored.open("rb"), filename=name, as_attachment=True)


@tenant_view("zi.manage", methods=("POST",))
def commitment_upload(request, tenant_slug, pk):
    programme = _programme(request, pk)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_commitment_scan(request.tenant, request.user, programme,
                                            form.cleaned_data["scan"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The scan of the commitment is stored."))
            return redirect("zi:programme_detail", tenant_slug=tenant_slug, pk=pk)
    return render(request, "zi/programme_detail.html",
                  _detail_context(request, programme, scan_form=form), status=400)


@tenant_view("zi.manage", methods=("POST",))
def commitment_generate(request, tenant_slug, pk):
    programme = _programme(request, pk)
    verify_url = request.build_absolute_uri(reverse("verification:upload"))
    try:
        services.generate_commitment(request.tenant, request.user, programme,
                                     verify_url=verify_url)
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("The commitment PDF is generated and signed."))
    return redirect("zi:programme_detail", tenant_slug=tenant_slug, pk=pk)


@tenant_view("zi.manage", methods=("POST",))
def decree_save(request, tenant_slug, pk):
    programme = _programme(request, pk)
    form = DecreeForm(request.POST)
    if form.is_valid():
        try:
            services.set_team_decree(request.tenant, request.user, programme,
                                     **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The SK Tim ZI is saved."))
            return redirect(_anchor(tenant_slug, pk, "team"))
    return render(request, "zi/programme_detail.html",
                  _detail_context(request, programme, decree_form=form), status=400)


@tenant_view("zi.manage", methods=("POST",))
def member_add(request, tenant_slug, pk):
    programme = _programme(request, pk)
    form = TeamMemberForm(_employees(request, programme), request.POST)
    if form.is_valid():
        try:
            services.add_team_member(request.tenant, request.user, programme,
                                     **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect(_anchor(tenant_slug, pk, "team"))
    return render(request, "zi/programme_detail.html",
                  _detail_context(request, programme, member_form=form), status=400)


@tenant_view("zi.manage", methods=("POST",))
def member_remove(request, tenant_slug, pk, member_pk):
    programme = _programme(request, pk)
    try:
        member = selectors.team_member_for(programme, member_pk)
    except NotFound:
        raise Http404 from None
    services.remove_team_member(request.tenant, request.user, member)
    return redirect(_anchor(tenant_slug, pk, "team"))


@tenant_view("zi.manage", methods=("POST",))
def activity_add(request, tenant_slug, pk):
    programme = _programme(request, pk)
    form = ActivityForm(_employees(request, programme), request.POST)
    year = _int(request.POST.get("year")) or timezone.localdate().year
    if form.is_valid():
        try:
            services.add_activity(request.tenant, request.user, programme, year=year,
                                  **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect(_anchor(tenant_slug, pk, "plan", year))
    return render(request, "zi/programme_detail.html",
                  _detail_context(request, programme, activity_form=form), status=400)


@tenant_view("zi.manage", methods=("POST",))
def activity_progress(request, tenant_slug, pk, activity_pk):
    programme = _programme(request, pk)
    try:
        activity = selectors.activity_for(programme, activity_pk)
    except NotFound:
        raise Http404 from None
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.report_activity_progress(request.tenant, request.user, activity,
                                              **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.render())
    else:
        messages.error(request, _("Progress is a percentage from 0 to 100."))
    return redirect(_anchor(tenant_slug, pk, "plan", activity.year))


@tenant_view("zi.manage", methods=("POST",))
def programme_move(request, tenant_slug, pk):
    programme = _programme(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the year the step belongs to."))
    else:
        try:
            services.move_programme(request.tenant, request.user, programme,
                                    form.cleaned_data["action"], year=form.cleaned_data["year"],
                                    note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, error.render())
        else:
            messages.success(request, _("The status is now “%(status)s”.") % {
                "status": programme.get_status_display()})
    return redirect(_anchor(tenant_slug, pk, "status"))


def _programme(request, pk) -> ZiProgramme:
    try:
        return selectors.programme_for(request.tenant, request.grant, pk)
    except NotFound:
        raise Http404 from None


def _employees(request, programme):
    """Employees a unit may put in its team or make owners: its own, and the Pemda's for a
    whole-tenant grant (TPI members and Inspektorat mentors are often from elsewhere)."""
    employees = Employee.objects.filter(tenant=request.tenant,
                                        status=Employee.Status.ACTIVE)
    if request.grant.whole_tenant:
        return employees.order_by("sort_name")
    return (employees.filter(unit_paths_q(request.grant, "unit__path"))
            .order_by("sort_name"))


def _anchor(tenant_slug, pk, fragment, year=None) -> str:
    url = reverse("zi:programme_detail", kwargs={"tenant_slug": tenant_slug, "pk": pk})
    return f"{url}?year={year}#{fragment}" if year else f"{url}#{fragment}"


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
