"""The working-day calendar over the API: holidays of a year, date arithmetic, local holidays."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status

from integritas.api.auth import require_perm
from integritas.core import calendar
from integritas.core.calendar_services import add_local_holiday, delete_local_holiday
from integritas.core.errors import NotFound
from integritas.core.models import LocalHoliday

router = Router(tags=["calendar"])


class YearQuery(Schema):
    year: int = Field(default_factory=lambda: timezone.localdate().year, ge=2000, le=2100)


class AddQuery(Schema):
    start: dt.date
    days: int = Field(ge=-calendar.MAX_WORKING_DAYS, le=calendar.MAX_WORKING_DAYS)


class BetweenQuery(Schema):
    start: dt.date
    end: dt.date


class HolidayOut(Schema):
    date: dt.date
    name: str
    kind: str
    source: str
    confidence: str
    local_id: int | None


class AddOut(Schema):
    start: dt.date
    days: int
    result: dt.date


class BetweenOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int


class LocalHolidayIn(Schema):
    date: dt.date
    name: str
    note: str = ""


class LocalHolidayOut(Schema):
    id: int
    date: dt.date
    name: str
    note: str


@router.get("/holidays", response=list[HolidayOut])
def holidays(request, query: Query[YearQuery]):
    require_perm(request, "calendar.view")
    with scope(tenant=request.tenant.pk):
        return calendar.holidays_in_year(request.tenant, query.year)


@router.get("/add", response=AddOut)
def add(request, query: Query[AddQuery]):
    require_perm(request, "calendar.view")
    with scope(tenant=request.tenant.pk):
        result = calendar.add_working_days(request.tenant, query.start, query.days)
    return {"start": query.start, "days": query.days, "result": result}


@router.get("/between", response=BetweenOut)
def between(request, query: Query[BetweenQuery]):
    require_perm(request, "calendar.view")
    with scope(tenant=request.tenant.pk):
        days = calendar.working_days_between(request.tenant, query.start, query.end)
    return {"start": query.start, "end": query.end, "working_days": days}


@router.post("/local-holidays", response={201: LocalHolidayOut})
def create_local_holiday(request, payload: LocalHolidayIn):
    require_perm(request, "calendar.manage")
    holiday = add_local_holiday(request.tenant, request.user, date=payload.date,
                                name=payload.name, note=payload.note)
    return Status(201, holiday)


@router.delete("/local-holidays/{int:holiday_id}", response={204: None})
def remove_local_holiday(request, holiday_id: int):
    require_perm(request, "calendar.manage")
    with scope(tenant=request.tenant.pk):
        holiday = LocalHoliday.objects.filter(tenant=request.tenant, pk=holiday_id).first()
        if holiday is None:
            raise NotFound("local_holiday_not_found", _("No such local holiday."))
        delete_local_holiday(request.tenant, request.user, holiday)
    return Status(204, None)
