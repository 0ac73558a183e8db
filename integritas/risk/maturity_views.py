"""SPIP maturity: the history by year, the self-assessment of the 25 sub-unsur with evidence,
and the Inspektorat's quality assurance."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.core.errors import DomainError, NotFound
from integritas.risk import reference, selectors, services
from integritas.risk.forms import MaturityItemForm, MaturityQaForm, ReviewForm
from integritas.risk.models import MaturityAssessment


def _assessment(request, pk) -> MaturityAssessment:
    try:
        return selectors.assessment_for(request.tenant, pk)
    except NotFound:
        raise Http404 from None


def _item(request, assessment, item_pk):
    try:
        return selectors.maturity_item_for(assessment, item_pk)
    except NotFound:
        raise Http404 from None


@tenant_view("risk.view")
def maturity_list(request, tenant_slug):
    rows = list(selectors.assessments(request.tenant))
    levels = _levels()
    for row in rows:
        row.level_name = reference.maturity_level_name(row.level, levels)
    return render(request, "risk/maturity_list.html", {
        "assessments": rows, "levels": levels,
        "can_assess": has_perm(request.memberships, "risk.assess"),
        "next_year": timezone.localdate().year,
    })


def _levels(year: int | None = None) -> list[dict]:
    try:
        return reference.maturity_levels(dt.date(year, 12, 31) if year else None)
    except DomainError:
        return []


@tenant_view("risk.assess", methods=("POST",))
def maturity_start(request, tenant_slug):
    year = request.POST.get("year", "")
    try:
        assessment = services.start_maturity(request.tenant, request.user,
                                             year=int(year) if year.isdigit() else None)
    except DomainError as error:
        messages.error(request, error.render())
        return redirect("risk:maturity_list", tenant_slug)
    return redirect("risk:maturity_detail", tenant_slug, assessment.pk)


@tenant_view("risk.view")
def maturity_detail(request, tenant_slug, pk):
    assessment = _assessment(request, pk)
    items = {item.code: item for item in assessment.items.all()}
    try:
        elements = reference.spip_elements(dt.date(assessment.year, 12, 31))
    except DomainError as error:
        return render(request, "risk/library_missing.html", {"error": error.render()})
    draft = assessment.status == MaturityAssessment.Status.DRAFT
    submitted = assessment.status == MaturityAssessment.Status.SUBMITTED
    can_assess = draft and has_perm(request.memberships, "risk.assess")
    can_assure = submitted and has_perm(request.memberships, "risk.review")
    groups = []
    for element in elements:
        rows = []
        for sub in element["sub_elements"]:
            item = items.get(sub["code"])
            if item is None:
                continue
            item.name = sub["name"]
            if can_assess:
                item.form = MaturityItemForm(prefix=f"i{item.pk}", initial={
                    "level": item.level, "evidence": item.evidence})
            if can_assure:
                item.qa_form = MaturityQaForm(prefix=f"q{item.pk}", initial={
                    "qa_level": item.level if item.qa_level is None else item.qa_level,
                    "qa_note": item.qa_note})
            rows.append(item)
        groups.append({"code": element["code"], "name": element["name"], "items": rows})
    levels = _levels(assessment.year)
    return render(request, "risk/maturity_detail.html", {
        "assessment": assessment, "groups": groups, "levels": levels,
        "level_name": reference.maturity_level_name(assessment.level, levels),
        "can_assess": can_assess, "can_assure": can_assure, "review_form": ReviewForm(),
    })


@tenant_view("risk.assess", methods=("POST",))
def maturity_item(request, tenant_slug, pk, item_pk):
    assessment = _assessment(request, pk)
    item = _item(request, assessment, item_pk)
    form = MaturityItemForm(request.POST, prefix=f"i{item.pk}")
    if form.is_valid():
        try:
            services.assess_item(request.tenant, request.user, item, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.render())
        else:
            messages.success(request, _("Sub-element %(code)s saved.") % {"code": item.code})
    return redirect(f"{_detail_url(tenant_slug, pk)}#item-{item.pk}")


@tenant_view("risk.review", methods=("POST",))
def maturity_item_qa(request, tenant_slug, pk, item_pk):
    assessment = _assessment(request, pk)
    item = _item(request, assessment, item_pk)
    form = MaturityQaForm(request.POST, prefix=f"q{item.pk}")
    if form.is_valid():
        try:
            services.assure_item(request.tenant, request.user, item, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.render())
        else:
            messages.success(request, _("Sub-element %(code)s saved.") % {"code": item.code})
    return redirect(f"{_detail_url(tenant_slug, pk)}#item-{item.pk}")


@tenant_view("risk.assess", methods=("POST",))
def maturity_submit(request, tenant_slug, pk):
    assessment = _assessment(request, pk)
    try:
        services.submit_maturity(request.tenant, request.user, assessment)
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("The self-assessment was submitted for quality assurance."))
    return redirect("risk:maturity_detail", tenant_slug, pk)


@tenant_view("risk.review", methods=("POST",))
def maturity_conclude(request, tenant_slug, pk):
    assessment = _assessment(request, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    accept = request.POST.get("decision") == "accept"
    try:
        services.conclude_maturity(request.tenant, request.user, assessment, accept=accept,
                                   note=form.cleaned_data.get("note", ""))
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("Quality assurance concluded.") if accept
                         else _("The self-assessment was returned."))
    return redirect("risk:maturity_detail", tenant_slug, pk)


def _detail_url(tenant_slug, pk) -> str:
    return reverse("risk:maturity_detail", args=[tenant_slug, pk])
