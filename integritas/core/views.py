"""The working-day calendar page: holidays of a year, local holidays, a working-day calculator."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.core import calendar
from integritas.core.calendar_forms import AddDaysForm, BetweenForm, LocalHolidayForm
from integritas.core.calendar_services import add_local_holiday, delete_local_holiday
from integritas.core.errors import DomainError
from integritas.core.models import Holiday, LocalHoliday

FIRST_YEAR, LAST_YEAR = 2000, 2100


@tenant_view("calendar.view")
def calendar_page(request, tenant_slug):
    return _render_page(request)


@tenant_view("calendar.manage", methods=("POST",))
def local_holiday_add(request, tenant_slug):
    form = LocalHolidayForm(request.POST)
    if form.is_valid():
        try:
            holiday = add_local_holiday(request.tenant, request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.render())
        else:
            messages.success(request, _("Local holiday added."))
            return _redirect_to_year(tenant_slug, holiday.date.year)
    return _render_page(request, holiday_form=form, status=400)


@tenant_view("calendar.manage", methods=("POST",))
def local_holiday_delete(request, tenant_slug, pk):
    holiday = LocalHoliday.objects.filter(tenant=request.tenant, pk=pk).first()
    if holiday is None:
        raise Http404
    year = holiday.date.year
    delete_local_holiday(request.tenant, request.user, holiday)
    messages.success(request, _("Local holiday deleted."))
    return _redirect_to_year(tenant_slug, year)


@tenant_view("calendar.view")
def add_days(request, tenant_slug):
    """The calculator's "date + N working days"; htmx swaps in the result only."""
    form = AddDaysForm(request.GET)
    result = None
    if form.is_valid():
        try:
            result = calendar.add_working_days(request.tenant, form.cleaned_data["start"],
                                               form.cleaned_data["days"])
        except DomainError as error:
            form.add_error(error.field, error.render())
    return _calculator_response(request, "add", {"add_form": form, "add_result": result})


@tenant_view("calendar.view")
def between(request, tenant_slug):
    form = BetweenForm(request.GET)
    result = None
    if form.is_valid():
        result = calendar.working_days_between(request.tenant, form.cleaned_data["start"],
                                               form.cleaned_data["end"])
    return _calculator_response(request, "between",
                                {"between_form": form, "between_result": result})


def _calculator_response(request, which: str, context: dict):
    if request.htmx:
        return render(request, f"core/_{which}_result.html", context)
    return _render_page(request, **context)


def _render_page(request, *, status: int = 200, **forms_and_results):
    tenant = request.tenant
    year = _year(request)
    entries = calendar.holidays_in_year(tenant, year)
    context = {
        "year": year,
        "years": _years_offered(year),
        "months": [(MONTHS[month], list(items))
                   for month, items in groupby(entries, key=lambda e: e["date"].month)],
        "estimated": any(e["kind"] != "local" and "estimated" in e["confidence"]
                         for e in entries),
        "can_manage": has_perm(request.memberships, "calendar.manage"),
        "holiday_form": LocalHolidayForm(),
        "add_form": AddDaysForm(initial={"start": timezone.localdate(), "days": 10}),
        "between_form": BetweenForm(initial={"start": timezone.localdate()}),
        "working_days_in_year": calendar.working_days_between(
            tenant, dt.date(year - 1, 12, 31), dt.date(year, 12, 31)),
    }
    context.update(forms_and_results)
    return render(request, "core/calendar.html", context, status=status)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if FIRST_YEAR <= year <= LAST_YEAR else timezone.localdate().year


def _years_offered(year: int) -> list[int]:
    today = timezone.localdate().year
    loaded = {day.year for day in Holiday.objects.dates("date", "year")}
    return sorted(loaded | {today - 1, today, today + 1, year})


def _redirect_to_year(tenant_slug: str, year: int):
    response = redirect("core:calendar", tenant_slug=tenant_slug)
    response["Location"] += f"?year={year}"
    return response
