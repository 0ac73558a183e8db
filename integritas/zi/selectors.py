"""Reads of ZI programmes, their teams, work plans and history, limited to what a grant covers."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant
from integritas.core.errors import NotFound
from integritas.tenancy.models import Unit
from integritas.tenancy.selectors import unit_paths_q
from integritas.zi.models import ZiActivity, ZiProgramme, ZiStatusChange, ZiTeamMember


def programmes_for(tenant, grant: Grant) -> QuerySet[ZiProgramme]:
    if not grant.allowed:
        return ZiProgramme.objects.none()
    return (ZiProgramme.objects.filter(tenant=tenant)
            .filter(unit_paths_q(grant, "unit__path")).select_related("unit"))


def programme_for(tenant, grant: Grant, pk) -> ZiProgramme:
    programme = programmes_for(tenant, grant).filter(pk=pk).first()
    if programme is None:
        raise NotFound("zi_programme_not_found", _("The programme does not exist."))
    return programme


def programme_list(tenant, grant: Grant) -> QuerySet[ZiProgramme]:
    """Programmes with their activity counts, for the list page (one grouped query)."""
    return programmes_for(tenant, grant).annotate(
        activity_count=Count("activities", distinct=True),
        activities_done=Count("activities", filter=Q(activities__status=ZiActivity.Status.DONE),
                              distinct=True),
        team_size=Count("team", distinct=True),
    )


def units_without_programme(tenant, grant: Grant) -> QuerySet[Unit]:
    """Units a new programme may be declared for."""
    taken = ZiProgramme.objects.filter(tenant=tenant).values("unit_id")
    return (Unit.objects.filter(tenant=tenant, is_active=True).filter(unit_paths_q(grant))
            .exclude(pk__in=taken).order_by("path"))


def team_of(programme: ZiProgramme) -> QuerySet[ZiTeamMember]:
    return (ZiTeamMember.objects.filter(tenant_id=programme.tenant_id, programme=programme)
            .select_related("employee").order_by("role", "area", "employee__sort_name"))


def team_member_for(programme: ZiProgramme, pk) -> ZiTeamMember:
    member = team_of(programme).filter(pk=pk).first()
    if member is None:
        raise NotFound("zi_team_member_not_found", _("The team member does not exist."))
    return member


def activities_of(programme: ZiProgramme, year: int | None = None) -> QuerySet[ZiActivity]:
    activities = (ZiActivity.objects.filter(tenant_id=programme.tenant_id, programme=programme)
                  .select_related("owner"))
    if year is not None:
        activities = activities.filter(year=year)
    return activities.order_by("area", "due_on", "pk")


def activity_for(programme: ZiProgramme, pk) -> ZiActivity:
    activity = activities_of(programme).filter(pk=pk).first()
    if activity is None:
        raise NotFound("zi_activity_not_found", _("The activity does not exist."))
    return activity


def activity_years(programme: ZiProgramme) -> list[int]:
    return sorted(set(ZiActivity.objects.filter(tenant_id=programme.tenant_id,
                                                programme=programme)
                      .values_list("year", flat=True)), reverse=True)


def history_of(programme: ZiProgramme) -> QuerySet[ZiStatusChange]:
    return (ZiStatusChange.objects.filter(tenant_id=programme.tenant_id, programme=programme)
            .select_related("actor").order_by("-occurred_on", "-pk"))


def area_progress(activities) -> list[dict]:
    """Per area of change: activities, done, and mean progress (rencana kerja monitoring)."""
    rows = {}
    for activity in activities:
        row = rows.setdefault(activity.area, {"area": activity.area, "count": 0, "done": 0,
                                              "progress_sum": 0})
        if activity.status == ZiActivity.Status.CANCELLED:
            continue
        row["count"] += 1
        row["done"] += activity.status == ZiActivity.Status.DONE
        row["progress_sum"] += activity.progress
    for row in rows.values():
        row["progress"] = round(row["progress_sum"] / row["count"]) if row["count"] else 0
    return [rows[area] for area in sorted(rows)]
