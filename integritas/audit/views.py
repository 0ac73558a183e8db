"""The audit log: a filterable list, one event with its hashes, and a chain check on demand."""

from __future__ import annotations

import datetime as dt
import time

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.audit import selectors
from integritas.audit.display import action_label, change_rows, changes_summary, subject_label
from integritas.audit.models import GENESIS_HASH
from integritas.core.listing import Column, Filter, ListSpec, apply_list

DATE_PARAMS = ("from", "to")


@tenant_view("audit.view")
def event_list(request, tenant_slug):
    tenant = request.tenant
    events = selectors.events_for(tenant, request.grant).only(
        "id", "seq", "occurred_at", "actor_label", "action", "object_type", "object_repr",
        "changes",
    )
    result = apply_list(request, events, _list_spec(tenant))
    if not isinstance(result, dict):
        return result
    result["rows"] = [_row(event) for event in result["object_list"]]
    result["date_errors"] = {p: _("Enter a date as dd/mm/yyyy or yyyy-mm-dd.")
                             for p in DATE_PARAMS if _invalid_day(request.GET.get(p, ""))}
    result["params"] = request.GET
    result["filter_fields"] = [(flt, result["active_filters"].get(flt.param, ""))
                               for flt in result["filters"]]
    return render(request, "audit/event_list.html", result)


@tenant_view("audit.view")
def event_detail(request, tenant_slug, pk):
    event = selectors.event_for(request.tenant, request.grant, pk)
    if event is None:
        raise Http404
    previous = selectors.previous_event(event)
    return render(request, "audit/event_detail.html", {
        "event": event,
        "label": action_label(event.action),
        "object_type_label": subject_label(event.object_type) if event.object_type else "",
        "rows": change_rows(event.changes),
        "content_intact": event.compute_hash() == event.hash,
        "linked": (previous.hash if previous else GENESIS_HASH) == event.prev_hash,
        "previous": previous,
    })


@tenant_view("audit.view", methods=("POST",))
def verify(request, tenant_slug):
    """Synchronous: 100,000 events take about 3 s (SQLite) to 4 s (PostgreSQL) to verify."""
    started = time.monotonic()
    report = selectors.verify_chain(request.tenant)
    elapsed = time.monotonic() - started
    if report.intact:
        messages.success(request, _("The audit chain is intact: %(n)s events verified in "
                                    "%(s).1f seconds.") % {"n": report.events_checked,
                                                           "s": elapsed})
    else:
        messages.error(request, _("The audit chain is broken at event #%(seq)s: %(reason)s.")
                       % {"seq": report.broken_seq, "reason": report.reason})
    return redirect("audit:event_list", tenant_slug=tenant_slug)


def _list_spec(tenant) -> ListSpec:
    return ListSpec(
        search_fields=("object_repr",),
        sorts={"time": "seq"},
        default_sort="-time",
        filters=(
            Filter("action", "action__startswith", gettext_lazy("Action"),
                   [(p, subject_label(p)) for p in selectors.action_prefixes(tenant)]),
            Filter("object_type", "object_type", gettext_lazy("Object type"),
                   [(t, subject_label(t)) for t in selectors.object_types(tenant)]),
        ),
        extra_filters={
            "actor": lambda qs, value: qs.filter(actor_label__icontains=value),
            "from": _from_day,
            "to": _to_day,
        },
        export_columns=(
            Column(gettext_lazy("Sequence"), lambda e: e.seq),
            Column(gettext_lazy("Time"), lambda e: timezone.localtime(e.occurred_at)),
            Column(gettext_lazy("Actor"), lambda e: e.actor_label),
            Column(gettext_lazy("Action"), lambda e: action_label(e.action)),
            Column(gettext_lazy("Action code"), lambda e: e.action),
            Column(gettext_lazy("Object"), lambda e: e.object_repr),
            Column(gettext_lazy("Changes"), lambda e: changes_summary(e.changes)),
        ),
        export_name="audit-log",
    )


def _row(event) -> dict:
    return {"event": event, "label": action_label(event.action),
            "summary": changes_summary(event.changes)}


def _day(value: str) -> dt.date | None:
    """A filter date as typed (ISO or dd/mm/yyyy); None when it is not a plausible date."""
    value = value.strip()
    try:
        day = parse_date(value) or dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2999 else None


def _invalid_day(value: str) -> bool:
    return bool(value.strip()) and _day(value) is None


def _from_day(queryset, value):
    return selectors.in_period(queryset, _day(value), None)


def _to_day(queryset, value):
    return selectors.in_period(queryset, None, _day(value))
