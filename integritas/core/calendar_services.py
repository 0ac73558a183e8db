"""Writes for a tenant's local holidays. National holidays come from `libraries/` only."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from integritas.audit.services import record
from integritas.core.cache_tokens import bump
from integritas.core.calendar import tenant_scope
from integritas.core.errors import DomainError
from integritas.core.models import LocalHoliday
from integritas.core.services import service

NAME_MAX = LocalHoliday._meta.get_field("name").max_length
NOTE_MAX = LocalHoliday._meta.get_field("note").max_length


@service
def add_local_holiday(tenant, actor, *, date: dt.date, name: str, note: str = "") -> LocalHoliday:
    name, note = (name or "").strip(), (note or "").strip()
    if not name:
        raise DomainError("holiday_name_required", _("Give the holiday a name."), field="name")
    if len(name) > NAME_MAX:
        raise DomainError("holiday_name_too_long", _("Use at most %(max)s characters."),
                          field="name", max=NAME_MAX)
    if len(note) > NOTE_MAX:
        raise DomainError("holiday_note_too_long", _("Use at most %(max)s characters."),
                          field="note", max=NOTE_MAX)
    if LocalHoliday.objects.filter(tenant=tenant, date=date).exists():
        raise DomainError("holiday_date_taken",
                          _("This Pemda already has a local holiday on that date."),
                          field="date")
    holiday = LocalHoliday.objects.create(tenant=tenant, date=date, name=name, note=note)
    bump(tenant_scope(tenant.pk))
    record(tenant, actor, "core.localholiday.create", holiday,
           {"date": date.isoformat(), "name": name, "note": note})
    return holiday


@service
def delete_local_holiday(tenant, actor, holiday: LocalHoliday) -> None:
    record(tenant, actor, "core.localholiday.delete", holiday,
           {"date": holiday.date.isoformat(), "name": holiday.name})
    holiday.delete()
    bump(tenant_scope(tenant.pk))
