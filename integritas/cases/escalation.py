"""Deadline breaches: the daily job stamps each case whose clock ran out and tells the Inspektur.

The email names case numbers, states and due dates only — never what a case is about — and
links to the workspace, where the Inspektur must log in to read anything.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from integritas.accounts.models import User
from integritas.accounts.roles import Role
from integritas.audit.services import Entry, record_many
from integritas.cases import deadlines
from integritas.core.services import service


@service
def flag_breaches(tenant, actor, *, today: dt.date) -> int:
    """Stamp every newly breached case of one Pemda; returns how many."""
    breached = list(deadlines.newly_breached(tenant, today).select_for_update())
    if not breached:
        return 0
    now = timezone.now()
    for case in breached:
        case.breached_at = now
    type(breached[0]).objects.bulk_update(breached, ["breached_at"])
    record_many(tenant, actor, [
        Entry("cases.case.breach", case, {"due_kind": case.due_kind, "due_on": str(case.due_on)})
        for case in breached])
    messages = _messages(tenant, breached)
    transaction.on_commit(lambda: get_connection().send_messages(messages))
    return len(breached)


def inspektur_users(tenant):
    return (User.objects.filter(is_active=True, memberships__tenant=tenant,
                                memberships__role=Role.INSPEKTUR, memberships__is_active=True)
            .exclude(email="").distinct().order_by("pk"))


def _messages(tenant, cases) -> list[EmailMessage]:
    url = settings.SITE_ROOT + reverse("cases:list", kwargs={"tenant_slug": tenant.slug})
    result = []
    for user in inspektur_users(tenant):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {"tenant": tenant, "url": f"{url}?due=breached", "cases": [
                {"number": c.number, "state": c.get_state_display(),
                 "due_kind": c.get_due_kind_display(),
                 "due": formats.date_format(c.due_on, "j F Y")} for c in cases]}
            subject = render_to_string("cases/email/breach_subject.txt", context).strip()
            body = render_to_string("cases/email/breach_message.txt", context)
        result.append(EmailMessage(subject, body, None, [user.email]))
    return result
