from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from integritas.accounts.decorators import tenant_view
from integritas.accounts.selectors import tenants_of
from integritas.tenancy.models import Tenant


@login_required
def home(request):
    """Send a user to their Pemda; someone with roles in several picks one."""
    tenants = tenants_of(request.user)
    if len(tenants) == 1:
        return redirect("home_tenant", tenant_slug=tenants[0].slug)
    return render(request, "dashboards/choose_tenant.html", {"tenants": tenants})


@tenant_view("dashboard.view")
def tenant_home(request, tenant_slug):
    from integritas.dashboards import selectors

    return render(request, "dashboards/home.html", {
        "panels": selectors.home_panels(request),
        "employee": selectors.own_record(request),
        "days_off": selectors.upcoming_days_off(request.tenant),
    })


@tenant_view("rollup.view")
def rollup(request, tenant_slug):
    """The province's read-only table of its regencies and cities (empty for anyone else)."""
    from integritas.dashboards.rollups import AUDIT_WINDOW_DAYS, province_rollup

    rows = province_rollup(request.tenant)
    if request.GET.get("format") == "xlsx":
        return _rollup_workbook(request.tenant, rows, AUDIT_WINDOW_DAYS)
    return render(request, "dashboards/rollup.html", {
        "rows": rows, "window_days": AUDIT_WINDOW_DAYS,
        "figure_labels": [label for _key, label in _figure_columns()],
        "is_province": request.tenant.kind == Tenant.Kind.PROVINCE,
    })


def _figure_columns() -> list[tuple[str, str]]:
    from integritas.dashboards.rollups import ROLLUP_FIGURES

    labels = {
        "pact_completion_pct": _("Pact signed (%)"), "cases_open": _("Open cases"),
        "cases_overdue": _("Overdue cases"), "coi_pending": _("COI to decide"),
        "grat_reports": _("Gratification reports"), "risks_high": _("High risks"),
        "spip_level": _("SPIP level"), "zi_wbk": _("WBK units"), "mcp_score": _("KPK MCP score"),
        "ombudsman_green": _("Ombudsman green units"),
    }
    return [(key, labels[key]) for key in ROLLUP_FIGURES]


def _rollup_workbook(tenant, rows, window_days) -> HttpResponse:
    from integritas.core.xlsx import xlsx_response

    headers = [_("Regency / city"), _("Region code"), _("Units"), _("Active employees"),
               _("Audit events, last %(days)s days") % {"days": window_days},
               _("Quarter"), *[label for _key, label in _figure_columns()]]
    values = [[row.tenant.name, row.tenant.region_code, row.units, row.active_employees,
               row.audit_events, row.quarter, *row.figure_values] for row in rows]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"rollup-{tenant.slug}-{stamp}.xlsx", _("Roll-up"), headers, values)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def forbidden(request, exception=None):
    return _error_page(request, 403, _("You do not have access to this page"),
                       _("Your role does not include this page. Ask your Pemda administrator "
                         "if you need it."))


def not_found(request, exception=None):
    return _error_page(request, 404, _("Page not found"),
                       _("The page does not exist or is not available to you."))


def server_error(request):
    return _error_page(request, 500, _("Something went wrong"),
                       _("The error has been logged. Please try again in a moment."))


def _error_page(request, status, title, detail) -> HttpResponse:
    return render(request, "error.html", {"status": status, "title": title, "detail": detail},
                  status=status)
