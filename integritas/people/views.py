"""Employee pages: the register, one employee, and the forms that change them."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.core.errors import DomainError
from integritas.core.listing import Column, Filter, ListSpec, apply_list
from integritas.people import selectors, services
from integritas.people.forms import (
    EmployeeCreateForm,
    EmployeeEditForm,
    LinkUserForm,
    StatusForm,
)
from integritas.people.models import Employee, PositionKind

SORT_HEADERS = {"name": gettext_lazy("Name"), "nip": gettext_lazy("NIP"),
                "unit": gettext_lazy("Unit")}


def _list_spec(request) -> ListSpec:
    tenant, grant = request.tenant, request.grant
    return ListSpec(
        search_fields=(),  # `q` is handled by `search_employees` (NIP digits or name)
        sorts=selectors.EMPLOYEE_SORTS,
        default_sort="name",
        filters=(
            Filter("status", "status", gettext_lazy("Status"), Employee.Status.choices),
            Filter("kind", "position_kind", gettext_lazy("Position kind"),
                   PositionKind.choices),
            Filter("employment", "employment", gettext_lazy("Employment"),
                   Employee.Employment.choices),
        ),
        extra_filters={
            "q": selectors.search_employees,
            "unit": lambda qs, value: selectors.in_unit_subtree(tenant, grant, qs, value),
        },
        export_columns=(
            Column(gettext_lazy("NIP"), lambda e: e.nip),
            Column(gettext_lazy("Name"), lambda e: e.name),
            Column(gettext_lazy("Sex"), lambda e: e.get_sex_display()),
            Column(gettext_lazy("Employment"), lambda e: e.get_employment_display()),
            Column(gettext_lazy("Unit"), lambda e: e.unit.name),
            Column(gettext_lazy("Position"), lambda e: e.position_title),
            Column(gettext_lazy("Position kind"), lambda e: e.get_position_kind_display()),
            Column(gettext_lazy("Echelon"), lambda e: e.echelon),
            Column(gettext_lazy("Direct superior"),
                   lambda e: e.superior.name if e.superior_id else ""),
            Column(gettext_lazy("Email"), lambda e: e.email),
            Column(gettext_lazy("Status"), lambda e: e.get_status_display()),
        ),
        export_name="pegawai",
    )


@tenant_view("people.view")
def employee_list(request, tenant_slug):
    result = apply_list(request, selectors.employee_rows(request.tenant, request.grant),
                        _list_spec(request))
    if not isinstance(result, dict):
        return result  # the Excel file
    result.update({
        "unit_options": [(str(unit.pk), f"{'— ' * unit.depth}{unit.name}")
                         for unit in selectors.unit_choices(request.tenant, request.grant)],
        "unit_filter": request.GET.get("unit", ""),
        "filter_controls": [
            {"param": flt.param, "label": flt.label, "choices": flt.choices,
             "value": result["active_filters"].get(flt.param, "")}
            for flt in result["filters"]
        ],
        "sort_columns": _sort_columns(request, result["sort"]),
        "can_manage": has_perm(request.memberships, "people.manage"),
    })
    return render(request, "people/employee_list.html", result)


def _sort_columns(request, current: str) -> list[dict]:
    """Header links: a click sorts by the column, a second click reverses it."""
    columns = []
    for key, label in SORT_HEADERS.items():
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = f"-{key}" if current == key else key
        direction = {key: "ascending", f"-{key}": "descending"}.get(current, "")
        columns.append({"label": label, "url": f"?{params.urlencode()}", "direction": direction})
    return columns


@tenant_view("people.view")
def employee_detail(request, tenant_slug, pk):
    employee = selectors.employee_detail(request.tenant, request.grant, pk)
    return _detail_page(request, employee)


def _detail_page(request, employee: Employee, link_form: LinkUserForm | None = None,
                 status: int = 200):
    can_manage = has_perm(request.memberships, "people.manage")
    return render(request, "people/employee_detail.html", {
        "employee": employee,
        "superior_visible": employee.superior_id is not None
        and selectors.covers(request.grant, employee.superior.unit),
        "positions": selectors.positions_of(employee),
        "subordinates": selectors.subordinates_of(request.tenant, request.grant, employee),
        "can_manage": can_manage,
        "status_form": StatusForm(initial={"status": _next_status(employee)})
        if can_manage else None,
        "link_form": (link_form or LinkUserForm()) if can_manage else None,
    }, status=status)


@tenant_view("people.manage")
def employee_create(request, tenant_slug):
    form = EmployeeCreateForm(request.tenant, request.grant, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.create_employee(
                request.tenant, request.user, **form.service_values(),
                started_on=form.cleaned_data["started_on"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Employee %(name)s added.") % {"name": employee.name})
            return redirect("people:employee_detail", tenant_slug=tenant_slug, pk=employee.pk)
    return render(request, "people/employee_form.html", {"form": form, "employee": None})


@tenant_view("people.manage")
def employee_edit(request, tenant_slug, pk):
    employee = selectors.employee_detail(request.tenant, request.grant, pk)
    form = EmployeeEditForm(request.tenant, request.grant, request.POST or None,
                            initial=EmployeeEditForm.initial_for(employee))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_employee(request.tenant, request.user, employee,
                                     effective_on=form.cleaned_data["effective_on"],
                                     **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:employee_detail", tenant_slug=tenant_slug, pk=employee.pk)
    return render(request, "people/employee_form.html", {"form": form, "employee": employee})


@tenant_view("people.manage", methods=("POST",))
def employee_status(request, tenant_slug, pk):
    employee = selectors.employee_detail(request.tenant, request.grant, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        try:
            services.set_employee_status(request.tenant, request.user, employee,
                                         form.cleaned_data["status"],
                                         effective_on=form.cleaned_data["effective_on"])
        except DomainError as error:
            messages.error(request, error.render())
        else:
            messages.success(request, _("%(name)s is now: %(status)s.") % {
                "name": employee.name, "status": employee.get_status_display()})
    return redirect("people:employee_detail", tenant_slug=tenant_slug, pk=employee.pk)


@tenant_view("people.manage", methods=("POST",))
def employee_link_user(request, tenant_slug, pk):
    employee = selectors.employee_detail(request.tenant, request.grant, pk)
    form = LinkUserForm(request.POST)
    if form.is_valid():
        try:
            user = selectors.linkable_user(request.tenant, form.cleaned_data["email"])
            if employee.user != user:
                services.link_user(request.tenant, request.user, employee, user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("%(name)s can now sign in as %(email)s.") % {
                "name": employee.name, "email": user.email})
            return redirect("people:employee_detail", tenant_slug=tenant_slug, pk=employee.pk)
    return _detail_page(request, employee, link_form=form, status=400)


@tenant_view("people.manage", methods=("POST",))
def employee_unlink_user(request, tenant_slug, pk):
    employee = selectors.employee_detail(request.tenant, request.grant, pk)
    if employee.user is not None:
        services.link_user(request.tenant, request.user, employee, None)
        messages.success(request, _("The user account of %(name)s is unlinked.") % {
            "name": employee.name})
    return redirect("people:employee_detail", tenant_slug=tenant_slug, pk=employee.pk)


def _next_status(employee: Employee) -> str:
    """Preselect the likely change: an active employee leaves, an inactive one returns."""
    if employee.status == Employee.Status.ACTIVE:
        return Employee.Status.MOVED
    return Employee.Status.ACTIVE

