"""Campaign pages: the list, a new campaign, completion per OPD, exports, the recap PDF, and
the texts a campaign may use."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.core.calendar import deadline_phrase
from integritas.core.errors import DomainError, NotFound
from integritas.core.listing import Column, Filter, ListSpec, apply_list
from integritas.core.xlsx import xlsx_response
from integritas.pacts import selectors, services
from integritas.pacts.charts import completion_chart
from integritas.pacts.forms import CampaignForm
from integritas.pacts.models import PactCampaign, PactTarget
from integritas.people.nip import format_nip

SIGNERS_PER_PAGE = 50
OPD_SORTS = {"percent": gettext_lazy("Percent signed"), "name": gettext_lazy("OPD")}


def _percent(done: int, total: int) -> float:
    return round(100 * done / total, 2) if total else 0.0


CAMPAIGN_LIST = ListSpec(
    search_fields=("title", "text__title"),
    sorts={"opens_on": "opens_on", "due_on": "due_on", "title": "title"},
    default_sort="-opens_on",
    filters=(Filter("status", "status", gettext_lazy("Status"), PactCampaign.Status.choices),),
    export_columns=(
        Column(gettext_lazy("Title"), lambda c: c.title),
        Column(gettext_lazy("Text version"), lambda c: str(c.text)),
        Column(gettext_lazy("Occasion"), lambda c: c.get_occasion_display()),
        Column(gettext_lazy("Status"), lambda c: c.get_status_display()),
        Column(gettext_lazy("Opens on"), lambda c: c.opens_on),
        Column(gettext_lazy("Due on"), lambda c: c.due_on),
        Column(gettext_lazy("Signers"), lambda c: c.target_count),
        Column(gettext_lazy("Signed"), lambda c: c.signed_count),
        Column(gettext_lazy("Percent signed"), lambda c: _percent(c.signed_count, c.target_count)),
    ),
    export_name="kampanye-pakta",
)


@tenant_view("pacts.view")
def campaign_list(request, tenant_slug):
    result = apply_list(request, selectors.campaigns_with_completion(request.tenant,
                                                                     request.grant),
                        CAMPAIGN_LIST)
    if not isinstance(result, dict):
        return result  # the Excel file
    for campaign in result["object_list"]:
        campaign.percent_signed = _percent(campaign.signed_count, campaign.target_count)
    result.update({
        "status_filter": result["active_filters"].get("status", ""),
        "status_choices": PactCampaign.Status.choices,
        "can_manage": has_perm(request.memberships, "pacts.manage"),
    })
    return render(request, "pacts/campaign_list.html", result)


@tenant_view("pacts.manage")
def campaign_create(request, tenant_slug):
    form = CampaignForm(request.tenant, request.grant, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(request.tenant, request.user,
                                                **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Campaign %(title)s saved as a draft.") % {
                "title": campaign.title})
            return redirect("pacts:campaign_detail", tenant_slug=tenant_slug, pk=campaign.pk)
    has_texts = selectors.current_texts(request.tenant).exists()
    return render(request, "pacts/campaign_form.html", {"form": form, "has_texts": has_texts},
                  status=400 if form.errors else 200)


@tenant_view("pacts.view")
def campaign_detail(request, tenant_slug, pk):
    tenant, grant = request.tenant, request.grant
    campaign = _campaign(request, pk)
    if request.GET.get("format") == "xlsx":
        return _targets_workbook(tenant, grant, campaign)
    today = timezone.localdate()
    sort = request.GET.get("sort", "")
    rows = selectors.completion_sorted(
        selectors.completion_by_opd(tenant, grant, campaign, today=today), sort)
    opd_id = _opd_filter(request, rows)
    return render(request, "pacts/campaign_detail.html", {
        "campaign": campaign,
        "deadline": deadline_phrase(tenant, campaign.due_on, today),
        "completion": selectors.completion_total(rows),
        "rows": rows,
        "chart": completion_chart(rows),
        "sort": sort,
        "sort_columns": _sort_columns(request, sort),
        "opd_filter": opd_id,
        "unsigned": _page(request, "page", selectors.unsigned_targets(
            tenant, grant, campaign, opd_id=opd_id)),
        "overdue": _page(request, "overdue_page", selectors.overdue_targets(
            tenant, grant, campaign, today=today, opd_id=opd_id)),
        "can_manage": has_perm(request.memberships, "pacts.manage"),
    })


def _campaign(request, pk) -> PactCampaign:
    try:
        return selectors.campaign_for(request.tenant, request.grant, pk)
    except NotFound:
        raise Http404 from None


def _opd_filter(request, rows) -> int | None:
    """The OPD chosen in `?opd=`, if it is one of the rows the grant shows."""
    raw = request.GET.get("opd", "")
    return next((row.opd_id for row in rows if str(row.opd_id) == raw), None)


def _page(request, param: str, queryset):
    return Paginator(queryset, SIGNERS_PER_PAGE).get_page(request.GET.get(param))


def _sort_columns(request, current: str) -> dict:
    """Header links by key: a click sorts by the column, a second click reverses it."""
    columns = {}
    for key, label in OPD_SORTS.items():
        params = request.GET.copy()
        params["sort"] = f"-{key}" if current == key else key
        direction = {key: "ascending", f"-{key}": "descending"}.get(current, "")
        columns[key] = {"label": label, "url": f"?{params.urlencode()}",
                        "direction": direction}
    return columns


TARGET_COLUMNS = (
    (gettext_lazy("NIP"), lambda t, today: format_nip(t.employee.nip)),
    (gettext_lazy("Name"), lambda t, today: t.employee.name),
    (gettext_lazy("OPD"), lambda t, today: t.opd.name),
    (gettext_lazy("Unit"), lambda t, today: t.unit.name),
    (gettext_lazy("Position"), lambda t, today: t.position_title),
    (gettext_lazy("Due on"), lambda t, today: t.due_on),
    (gettext_lazy("Status"), lambda t, today: t.get_status_display()),
    (gettext_lazy("Signed at"), lambda t, today: timezone.localtime(t.signed_at)
     if t.signed_at else None),
    (gettext_lazy("Late"), lambda t, today: _("yes") if _is_late(t, today) else ""),
)


def _is_late(target: PactTarget, today) -> bool:
    if target.signed_at is not None:
        return timezone.localdate(target.signed_at) > target.due_on
    return target.status == PactTarget.Status.PENDING and target.due_on < today


def _targets_workbook(tenant, grant, campaign: PactCampaign):
    today = timezone.localdate()
    targets = (selectors.targets_for(tenant, grant, campaign)
               .select_related("employee", "unit", "opd")
               .order_by("opd__path", "employee__sort_name", "pk"))
    rows = ([value(target, today) for _label, value in TARGET_COLUMNS]
            for target in targets.iterator(chunk_size=2000))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"pakta-{campaign.pk}-{stamp}.xlsx", _("Signers"),
                         [str(label) for label, _value in TARGET_COLUMNS], rows)


@tenant_view("pacts.view")
def campaign_recap_pdf(request, tenant_slug, pk):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    tenant, grant = request.tenant, request.grant
    campaign = _campaign(request, pk)
    today = timezone.localdate()
    rows = selectors.completion_by_opd(tenant, grant, campaign, today=today)
    html = render_to_string("pacts/campaign_recap_pdf.html", {
        "tenant": tenant, "campaign": campaign, "today": today,
        "completion": selectors.completion_total(rows),
        "rows": rows,
    }, request=request)
    # As integritas.core.documents.render: only inline data: resources, never a fetched URL.
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rekap-pakta-{campaign.pk}.pdf"'
    return response


@tenant_view("pacts.manage", methods=("POST",))
def campaign_open(request, tenant_slug, pk):
    return _transition(request, pk, services.open_campaign,
                       gettext_lazy("The campaign is open: %(count)s people can sign now."))


@tenant_view("pacts.manage", methods=("POST",))
def campaign_close(request, tenant_slug, pk):
    return _transition(request, pk, services.close_campaign,
                       gettext_lazy("The campaign is closed."))


def _transition(request, pk, service, success):
    campaign = _campaign(request, pk)
    try:
        service(request.tenant, request.user, campaign)
    except DomainError as error:
        messages.error(request, error.render())
    else:
        count = selectors.targets_for(request.tenant, request.grant, campaign).count()
        messages.success(request, str(success) % {"count": count})
    return redirect("pacts:campaign_detail", tenant_slug=request.tenant.slug, pk=pk)


@tenant_view("pacts.view")
def text_list(request, tenant_slug):
    return render(request, "pacts/text_list.html", {
        "library_texts": selectors.library_texts(),
        "texts": selectors.all_texts(request.tenant),
        "can_manage": has_perm(request.memberships, "pacts.manage"),
    })


@tenant_view("pacts.manage", methods=("POST",))
def text_adopt(request, tenant_slug, library_pk):
    library_text = selectors.library_texts().filter(pk=library_pk).first()
    if library_text is None:
        raise Http404
    text = services.adopt_library_text(request.tenant, request.user, library_text)
    messages.success(request, _("%(title)s (version %(version)s) can now be used in "
                                "campaigns.") % {"title": text.title, "version": text.version})
    return redirect("pacts:text_list", tenant_slug=tenant_slug)
