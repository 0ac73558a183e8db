"""Staff survey pages: periods per unit, results per question and the index, exports, posters."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.core.calendar import deadline_phrase
from integritas.core.documents.qr import qr_svg
from integritas.core.errors import DomainError, NotFound
from integritas.core.listing import Column, Filter, ListSpec, apply_list
from integritas.core.xlsx import xlsx_response
from integritas.surveys import selectors, services
from integritas.surveys.forms import PeriodForm
from integritas.surveys.models import Kind, SurveyPeriod
from integritas.surveys.posters import poster_pdf
from integritas.tenancy.selectors import unit_for

PERIOD_LIST = ListSpec(
    search_fields=("title", "unit__name", "unit__short_name"),
    sorts={"opens_on": "opens_on", "closes_on": "closes_on", "unit": "unit__name",
           "responses": "response_count"},
    default_sort="-opens_on",
    filters=(Filter("kind", "kind", gettext_lazy("Questionnaire"), Kind.choices),
             Filter("status", "status", gettext_lazy("Status"), SurveyPeriod.Status.choices)),
    export_columns=(
        Column(gettext_lazy("Title"), lambda p: p.title),
        Column(gettext_lazy("Unit"), lambda p: p.unit.name),
        Column(gettext_lazy("Questionnaire"), lambda p: str(p.questionnaire)),
        Column(gettext_lazy("Opens on"), lambda p: p.opens_on),
        Column(gettext_lazy("Closes on"), lambda p: p.closes_on),
        Column(gettext_lazy("Status"), lambda p: p.get_status_display()),
        Column(gettext_lazy("Responses"), lambda p: p.response_count),
        Column(gettext_lazy("Index (1–4)"), lambda p: selectors.index_value(p.mean)),
    ),
    export_name="periode-survei",
)


def _public_url(request, link) -> str:
    return request.build_absolute_uri(reverse("surveys_public:form", kwargs={
        "tenant_slug": request.tenant.slug, "token": link.token}))


@tenant_view("surveys.view")
def period_list(request, tenant_slug):
    result = apply_list(request, selectors.periods_for(request.tenant, request.grant),
                        PERIOD_LIST)
    if not isinstance(result, dict):
        return result
    for period in result["object_list"]:
        period.index = selectors.index_value(period.mean)
    result.update({
        "kind_choices": Kind.choices,
        "status_choices": SurveyPeriod.Status.choices,
        "can_manage": has_perm(request.memberships, "surveys.manage"),
    })
    return render(request, "surveys/period_list.html", result)


@tenant_view("surveys.manage")
def period_create(request, tenant_slug):
    form = PeriodForm(request.tenant, request.grant, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.open_period(request.tenant, request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Survey period %(title)s is open.") % {
                "title": period.title})
            return redirect("surveys:period_detail", tenant_slug=tenant_slug, pk=period.pk)
    return render(request, "surveys/period_form.html", {"form": form},
                  status=400 if form.errors else 200)


def _period(request, pk) -> SurveyPeriod:
    try:
        return selectors.period_for(request.tenant, request.grant, pk)
    except NotFound:
        raise Http404 from None


@tenant_view("surveys.view")
def period_detail(request, tenant_slug, pk):
    period = _period(request, pk)
    url = _public_url(request, selectors.link_of(period.unit))
    today = timezone.localdate()
    return render(request, "surveys/period_detail.html", {
        "period": period,
        "results": selectors.period_results(period),
        "public_url": url,
        "qr": qr_svg(url, scale=4),
        "accepting": period.accepts_on(today),
        "deadline": (deadline_phrase(request.tenant, period.closes_on, today)
                     if period.status == SurveyPeriod.Status.OPEN else ""),
        "can_manage": has_perm(request.memberships, "surveys.manage")
                      and _manages(request, period),
    })


def _manages(request, period) -> bool:
    from integritas.accounts.permissions import grant

    manage = grant(request.memberships, "surveys.manage")
    return selectors.periods_for(request.tenant, manage).filter(pk=period.pk).exists()


@tenant_view("surveys.manage", methods=("POST",))
def period_close(request, tenant_slug, pk):
    period = _period(request, pk)
    try:
        services.close_period(request.tenant, request.user, period)
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("The period is closed; the form no longer accepts "
                                    "answers for it."))
    return redirect("surveys:period_detail", tenant_slug=tenant_slug, pk=pk)


@tenant_view("surveys.view")
def responses_export(request, tenant_slug, pk):
    period = _period(request, pk)
    questions = period.questionnaire.questions
    headers = [_("No."), _("Received at"), *(q["code"] for q in questions), _("Mean")]
    rows = ([number, timezone.localtime(response.created_at),
             *(response.answers.get(q["code"]) for q in questions), float(response.mean)]
            for number, response in enumerate(selectors.responses_of(period).iterator(), 1))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"jawaban-{period.kind}-{period.pk}-{stamp}.xlsx", period.kind.upper(),
                         headers, rows)


@tenant_view("surveys.view")
def poster(request, tenant_slug, unit_pk):
    try:
        unit = unit_for(request.tenant, request.grant, unit_pk)
    except NotFound:
        raise Http404 from None
    link = services.ensure_link(request.tenant, request.user, unit)
    response = HttpResponse(poster_pdf(request.tenant, unit, _public_url(request, link)),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-survei-{unit.pk}.pdf"'
    return response
