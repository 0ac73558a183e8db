"""Pages for the OPD tree and the Pemda profile, plus the one media view for Pemda logos."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.core.errors import DomainError, NotFound
from integritas.core.forms import show_domain_error
from integritas.core.listing import Column, ListSpec, apply_list
from integritas.tenancy import selectors, services
from integritas.tenancy.forms import (
    UNIT_EDIT_FIELDS,
    LogoForm,
    MoveUnitForm,
    TenantProfileForm,
    UnitForm,
)
from integritas.tenancy.logos import CONTENT_TYPES
from integritas.tenancy.models import Tenant, Unit

# A served logo may be opened on its own: nothing in it may run, load or navigate.
LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
# Deeper units share the last indentation class of app.css (`td.indent-N`).
MAX_INDENT = 8


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    employees: int
    matched: bool

    @property
    def indent(self) -> int:
        return min(self.unit.depth, MAX_INDENT)


def unit_list_spec(counts: dict[str, int]) -> ListSpec:
    return ListSpec(
        search_fields=(),  # the search also keeps ancestors, so `search_units` applies it
        sorts={"path": "path"},
        default_sort="path",
        per_page=100,
        export_name="units",
        export_columns=(
            Column(gettext_lazy("Code"), lambda u: u.code),
            Column(gettext_lazy("Name"), lambda u: u.name),
            Column(gettext_lazy("Short name"), lambda u: u.short_name),
            Column(gettext_lazy("Kind"), lambda u: u.get_kind_display()),
            Column(gettext_lazy("Parent unit"), lambda u: u.parent.name if u.parent else ""),
            Column(gettext_lazy("Depth"), lambda u: u.depth),
            Column(gettext_lazy("Active employees"), lambda u: counts.get(u.path, 0)),
        ),
    )


@tenant_view("units.view")
def index(request, tenant_slug):
    return redirect(_list_url(request.tenant))


@tenant_view("units.view")
def unit_list(request, tenant_slug):
    tenant, grant = request.tenant, request.grant
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in Unit.Kind.values else ""
    units, matched = selectors.search_units(tenant, grant, query=query, kind=kind)
    counts = selectors.active_employee_counts(tenant, grant)
    result = apply_list(request, units.select_related("parent"), unit_list_spec(counts))
    if isinstance(result, HttpResponse):
        return result
    rows = [UnitRow(unit, counts.get(unit.path, 0), matched is None or unit.path in matched)
            for unit in result["object_list"]]
    return render(request, "tenancy/unit_list.html", {
        **result, "rows": rows, "kind": kind, "kinds": Unit.Kind.choices,
        "can_manage": has_perm(request.memberships, "units.manage"),
    })


@tenant_view("units.view")
def unit_detail(request, tenant_slug, pk):
    tenant, grant = request.tenant, request.grant
    unit = _unit_or_404(request, pk)
    counts = selectors.active_employee_counts(tenant, grant)
    children = [UnitRow(child, counts.get(child.path, 0), True)
                for child in selectors.sub_units(tenant, grant, unit)]
    return render(request, "tenancy/unit_detail.html", {
        "unit": unit,
        "ancestors": selectors.ancestors(tenant, grant, unit),
        "children": children,
        "employees": counts.get(unit.path, 0),
        "can_manage": has_perm(request.memberships, "units.manage"),
        "can_view_people": has_perm(request.memberships, "people.view"),
    })


@tenant_view("units.manage")
def unit_create(request, tenant_slug):
    tenant, grant = request.tenant, request.grant
    choices = selectors.parent_choices(tenant, grant)
    initial = {"parent": choices.filter(pk=request.GET.get("parent")).first()
               if request.GET.get("parent", "").isdigit() else None}
    form = UnitForm(request.POST or None, initial=initial, parent_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(tenant, request.user, **form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Unit created."))
            return redirect(_detail_url(tenant, unit))
    return render(request, "tenancy/unit_form.html", {
        "form": form, "title": _("New unit"), "cancel_url": _list_url(tenant),
    })


@tenant_view("units.manage")
def unit_edit(request, tenant_slug, pk):
    tenant = request.tenant
    unit = _unit_or_404(request, pk)
    initial = {field: getattr(unit, field) for field in UNIT_EDIT_FIELDS}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(tenant, request.user, unit, **form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Unit saved."))
            return redirect(_detail_url(tenant, unit))
    return render(request, "tenancy/unit_form.html", {
        "form": form, "unit": unit, "title": _("Edit unit"),
        "cancel_url": _detail_url(tenant, unit),
    })


@tenant_view("units.manage")
def unit_move(request, tenant_slug, pk):
    tenant, grant = request.tenant, request.grant
    unit = _unit_or_404(request, pk)
    form = MoveUnitForm(request.POST or None, initial={"parent": unit.parent},
                        parent_choices=selectors.parent_choices(tenant, grant, moving=unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.move_unit(tenant, request.user, unit, form.cleaned_data["parent"])
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Unit moved."))
            return redirect(_detail_url(tenant, unit))
    return render(request, "tenancy/unit_form.html", {
        "form": form, "unit": unit, "title": _("Move unit"),
        "cancel_url": _detail_url(tenant, unit),
    })


@tenant_view("units.manage", methods=("POST",))
def unit_deactivate(request, tenant_slug, pk):
    return _set_active(request, pk, services.deactivate_unit, _("Unit deactivated."))


@tenant_view("units.manage", methods=("POST",))
def unit_reactivate(request, tenant_slug, pk):
    return _set_active(request, pk, services.reactivate_unit, _("Unit reactivated."))


def _set_active(request, pk, change, done_message):
    unit = _unit_or_404(request, pk)
    try:
        change(request.tenant, request.user, unit)
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, done_message)
    return redirect(_detail_url(request.tenant, unit))


@tenant_view("tenant.manage")
def tenant_settings(request, tenant_slug):
    tenant = request.tenant
    is_logo = request.POST.get("form") == "logo"
    posted = request.method == "POST"
    current = {field: getattr(tenant, field) for field in services.TENANT_FIELDS}
    profile_form = TenantProfileForm(request.POST if posted and not is_logo else None,
                                     initial=current)
    logo_form = LogoForm(request.POST if is_logo else None, request.FILES if is_logo else None)
    form, save = ((logo_form, _save_logo) if is_logo else (profile_form, _save_profile))
    if posted and form.is_valid():
        try:
            save(request, form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Pemda profile saved."))
            return redirect("tenancy:tenant_settings", tenant_slug=tenant.slug)
    return render(request, "tenancy/tenant_settings.html", {
        "profile_form": profile_form, "logo_form": logo_form,
    })


def _save_profile(request, data):
    data.pop("region_code", None)
    services.update_tenant(request.tenant, request.user, **data)


def _save_logo(request, data):
    services.set_tenant_logo(request.tenant, request.user, data["logo"])


def tenant_logo(request, name):
    """Serve a Pemda's current logo from the default storage (embedded installs).

    Only a name that is some active Pemda's current logo is served, so no other uploaded file
    can be fetched through this URL. Production storage (S3) gives logos their own URLs.
    """
    logo = f"{Tenant._meta.get_field('logo').upload_to}{name}"
    content_type = CONTENT_TYPES.get(name.rsplit(".", 1)[-1])
    if content_type is None or not Tenant.objects.filter(logo=logo, is_active=True).exists():
        raise Http404
    try:
        response = FileResponse(default_storage.open(logo), content_type=content_type)
    except FileNotFoundError:
        raise Http404 from None
    response["Content-Security-Policy"] = LOGO_CSP
    response["Cache-Control"] = "public, max-age=86400"  # each upload gets a new name
    return response


def _unit_or_404(request, pk) -> Unit:
    try:
        return selectors.unit_for(request.tenant, request.grant, pk)
    except NotFound:
        raise Http404 from None


def _list_url(tenant) -> str:
    return reverse("tenancy:unit_list", kwargs={"tenant_slug": tenant.slug})


def _detail_url(tenant, unit) -> str:
    return reverse("tenancy:unit_detail", kwargs={"tenant_slug": tenant.slug, "pk": unit.pk})
