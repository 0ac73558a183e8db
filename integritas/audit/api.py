"""The audit log over the API: filtered, paginated events and a chain check."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema

from integritas.api.auth import require_perm
from integritas.audit import selectors
from integritas.audit.display import action_label
from integritas.core.errors import NotFound

router = Router(tags=["audit"])


class EventFilters(Schema):
    action: str = Field("", description="prefix, e.g. `people` or `people.employee`")
    actor: str = Field("", description="part of the actor's name or email")
    object_type: str = ""
    q: str = Field("", description="part of the object's name")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class EventOut(Schema):
    id: int
    seq: int
    occurred_at: dt.datetime
    actor: str
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    prev_hash: str
    hash: str


class EventPage(Schema):
    count: int
    page: int
    pages: int
    results: list[EventOut]


class ChainOut(Schema):
    intact: bool
    events_checked: int
    broken_seq: int | None
    reason: str
    broken_at: dt.datetime | None
    broken_action: str


@router.get("/events", response=EventPage)
def list_events(request, filters: Query[EventFilters]):
    grant = require_perm(request, "audit.view")
    with scope(tenant=request.tenant.pk):
        events = selectors.events_for(request.tenant, grant).order_by("-seq")
        if filters.action:
            events = events.filter(action__startswith=filters.action)
        if filters.actor:
            events = events.filter(actor_label__icontains=filters.actor)
        if filters.object_type:
            events = events.filter(object_type=filters.object_type)
        if filters.q:
            events = events.filter(object_repr__icontains=filters.q)
        events = selectors.in_period(events, filters.date_from, filters.date_to)
        paginator = Paginator(events, filters.page_size)
        page = paginator.get_page(filters.page)
        return {"count": paginator.count, "page": page.number, "pages": paginator.num_pages,
                "results": [_event_out(event) for event in page.object_list]}


@router.get("/events/{int:event_id}", response=EventOut)
def get_event(request, event_id: int):
    grant = require_perm(request, "audit.view")
    with scope(tenant=request.tenant.pk):
        event = selectors.event_for(request.tenant, grant, event_id)
        if event is None:
            raise NotFound("audit_event_not_found", _("No such audit event."))
        return _event_out(event)


@router.post("/verify", response=ChainOut)
def verify(request):
    require_perm(request, "audit.view")
    report = selectors.verify_chain(request.tenant)
    return {"intact": report.intact, "events_checked": report.events_checked,
            "broken_seq": report.broken_seq, "reason": report.reason,
            "broken_at": report.broken_at, "broken_action": report.broken_action}


def _event_out(event) -> dict:
    return {"id": event.pk, "seq": event.seq, "occurred_at": event.occurred_at,
            "actor": event.actor_label, "action": event.action,
            "action_label": action_label(event.action), "object_type": event.object_type,
            "object_id": event.object_id, "object_repr": event.object_repr,
            "changes": event.changes, "prev_hash": event.prev_hash, "hash": event.hash}
