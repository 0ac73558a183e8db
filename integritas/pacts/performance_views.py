"""Perjanjian kinerja pages: the list with achievement, a new agreement, and one agreement with
its indicators, realisation per quarter, signing and versions."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import grant, has_perm
from integritas.accounts.roles import Role
from integritas.core.errors import DomainError, NotFound
from integritas.core.listing import Column, ListSpec, apply_list
from integritas.pacts import performance
from integritas.pacts import performance_selectors as selectors
from integritas.pacts.models import PerformanceAgreement
from integritas.pacts.performance_forms import (
    AgreementForm,
    IndicatorForm,
    RealisationForm,
    SignForm,
)
from integritas.tenancy.selectors import units_for


def _as_int_filter(field: str):
    def apply(queryset, value):
        return queryset.filter(**{field: int(value)}) if value.isdigit() else queryset.none()
    return apply


AGREEMENT_LIST = ListSpec(
    search_fields=("first_party_name", "first_party_nip", "second_party_name",
                   "first_party_position"),
    sorts={"year": "year", "name": "first_party_name", "opd": "opd__path"},
    default_sort="-year",
    extra_filters={"year": _as_int_filter("year"), "opd": _as_int_filter("opd_id")},
    export_columns=(
        Column(gettext_lazy("Year"), lambda a: a.year),
        Column(gettext_lazy("OPD"), lambda a: a.opd.name),
        Column(gettext_lazy("First party"), lambda a: a.first_party_name),
        Column(gettext_lazy("NIP"), lambda a: a.first_party_nip),
        Column(gettext_lazy("Position"), lambda a: a.first_party_position),
        Column(gettext_lazy("Second party"), lambda a: a.second_party_name),
        Column(gettext_lazy("Version"), lambda a: a.version),
        Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
        Column(gettext_lazy("Achievement (%)"),
               lambda a: selectors.agreement_achievement(a)),
    ),
    export_name="perjanjian-kinerja",
)


def _view_grant(request):
    """Pages open to every role show what `pacts.view` covers plus the user's own agreements."""
    return grant(request.memberships, "pacts.view")


@tenant_view("pacts.view")
def agreement_list(request, tenant_slug):
    agreements = selectors.with_indicators(
        selectors.agreements_for(request.tenant, request.grant))
    result = apply_list(request, agreements, AGREEMENT_LIST)
    if not isinstance(result, dict):
        return result  # the Excel file
    for agreement in result["object_list"]:
        agreement.achievement = selectors.agreement_achievement(agreement)
    year = result["active_filters"].get("year", "")
    result.update({
        "year_filter": year,
        "opd_filter": result["active_filters"].get("opd", ""),
        "opd_choices": [(u.pk, u.name) for u in units_for(request.tenant, request.grant)
                        .filter(depth=0).order_by("path")],
        "by_opd": (selectors.achievement_by_opd(request.tenant, request.grant, int(year))
                   if year.isdigit() else []),
        "can_manage": has_perm(request.memberships, "pacts.manage"),
    })
    return render(request, "pacts/performance_list.html", result)


@tenant_view("pacts.manage")
def agreement_create(request, tenant_slug):
    parents = (selectors.agreements_for(request.tenant, request.grant)
               .exclude(status=PerformanceAgreement.Status.SUPERSEDED))
    form = AgreementForm(request.tenant, parents, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = performance.create_agreement(request.tenant, request.user,
                                                     **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Agreement saved as a draft; add its indicators."))
            return redirect("pacts:agreement_detail", tenant_slug=tenant_slug, pk=agreement.pk)
    return render(request, "pacts/performance_form.html", {"form": form},
                  status=400 if form.errors else 200)


@tenant_view("pacts.sign")
def agreement_detail(request, tenant_slug, pk):
    return _detail(request, _agreement(request, pk))


@tenant_view("pacts.manage", methods=("POST",))
def indicator_add(request, tenant_slug, pk):
    agreement = _agreement(request, pk)
    return _submit(request, agreement, IndicatorForm(request.POST), "indicator_form",
                   _("Indicator added."), performance.add_indicator, agreement)


@tenant_view("pacts.manage", methods=("POST",))
def indicator_remove(request, tenant_slug, pk, indicator_pk):
    agreement = _agreement(request, pk)
    indicator = _indicator(request, agreement, indicator_pk)
    return _act(request, agreement, _("Indicator removed."), performance.remove_indicator,
                indicator)


@tenant_view("pacts.sign", methods=("POST",))
def agreement_sign(request, tenant_slug, pk):
    agreement = _agreement(request, pk)
    return _submit(request, agreement, SignForm(request.POST), "sign_form",
                   _("You have signed the agreement."), performance.sign_agreement, agreement)


@tenant_view("pacts.sign", methods=("POST",))
def realisation_record(request, tenant_slug, pk, indicator_pk):
    agreement = _agreement(request, pk)
    indicator = _indicator(request, agreement, indicator_pk)
    form = RealisationForm(request.POST, request.FILES, prefix=_prefix(indicator))
    return _submit(request, agreement, form, "realisation_form", _("Realisation saved."),
                   performance.record_realisation, indicator)


@tenant_view("pacts.sign")
def agreement_pdf(request, tenant_slug, pk):
    """The signed PDF, for the parties and those who may view the agreement."""
    agreement = _agreement(request, pk)
    if not agreement.pdf:
        raise Http404
    return FileResponse(agreement.pdf.open("rb"), filename=f"{agreement.document_id}.pdf",
                        as_attachment=True, content_type="application/pdf")


@tenant_view("pacts.manage", methods=("POST",))
def agreement_revise(request, tenant_slug, pk):
    agreement = _agreement(request, pk)
    try:
        revised = performance.revise_agreement(request.tenant, request.user, agreement)
    except DomainError as error:
        messages.error(request, error.render())
        return _back(agreement)
    messages.success(request, _("Version %(version)s created as a draft.") % {
        "version": revised.version})
    return _back(revised)


def _submit(request, agreement, form, form_key: str, done_message, action, *args):
    """Run a service with a form posted on the detail page; its errors show beside the fields."""
    if form.is_valid():
        try:
            action(request.tenant, request.user, *args, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, done_message)
            return _back(agreement)
    return _detail(request, agreement, status=400, **{form_key: form})


def _act(request, agreement, done_message, action, *args):
    try:
        action(request.tenant, request.user, *args)
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, done_message)
    return _back(agreement)


def _prefix(indicator) -> str:
    """One realisation form per indicator on the page, each with its own field ids."""
    return f"r{indicator.pk}"


def _detail(request, agreement, *, status=200, **forms):
    user_id = request.user.pk
    is_party = user_id in (agreement.first_party.user_id,
                           getattr(agreement.second_party, "user_id", None))
    rows = selectors.indicator_rows(agreement)
    posted = forms.get("realisation_form")
    entries = [(row, posted if posted is not None and posted.prefix == _prefix(row.indicator)
                else RealisationForm(prefix=_prefix(row.indicator))) for row in rows]
    sign_form = forms.get("sign_form") or SignForm()
    if agreement.second_party_id is not None:
        sign_form.fields.pop("on_behalf_of_regional_head")
    return render(request, "pacts/performance_detail.html", {
        "agreement": agreement,
        "rows": rows,
        "entries": entries,
        "achievement": selectors.mean_percent(row.achievement for row in rows),
        "versions": selectors.versions_of(agreement),
        "can_manage": has_perm(request.memberships, "pacts.manage"),
        "can_sign": agreement.status == PerformanceAgreement.Status.DRAFT and (
            is_party or (agreement.second_party_id is None
                         and any(m.role == Role.TENANT_ADMIN for m in request.memberships))),
        "can_record": agreement.status == PerformanceAgreement.Status.SIGNED and (
            agreement.first_party.user_id == user_id
            or has_perm(request.memberships, "pacts.manage")),
        "indicator_form": forms.get("indicator_form") or IndicatorForm(),
        "sign_form": sign_form,
    }, status=status)


def _agreement(request, pk) -> PerformanceAgreement:
    try:
        return selectors.agreement_for(request.tenant, _view_grant(request), pk, request.user)
    except NotFound as error:
        raise _not_found(error) from error


def _indicator(request, agreement, indicator_pk):
    indicator = agreement.indicators.filter(pk=indicator_pk).first()
    if indicator is None:
        raise _not_found(NotFound("performance_indicator_not_found",
                                  gettext_lazy("The indicator does not exist.")))
    return indicator


def _not_found(error):
    return Http404(error.render())


def _back(agreement):
    return redirect("pacts:agreement_detail", tenant_slug=agreement.tenant.slug, pk=agreement.pk)
