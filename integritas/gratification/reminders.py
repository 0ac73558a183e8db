"""Warnings before a report's deadlines: to the UPG before its forwarding deadline and the
30-working-day limit at KPK (the recipient is copied on the latter), and to the recipient before
the completeness deadline. Each warning is recorded, so none goes out twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from integritas.accounts.models import Membership
from integritas.accounts.roles import Role
from integritas.audit.services import Entry, record_many
from integritas.core.calendar import deadline_phrase, working_days_between
from integritas.core.services import service
from integritas.gratification import selectors
from integritas.gratification.models import GratificationReport, Reminder

Kind = Reminder.Kind
OPEN = Q(status__in=(GratificationReport.Status.SUBMITTED, GratificationReport.Status.VERIFYING))
# kind: (due-date field, which reports, whether the UPG is warned, whether the recipient is)
WARNINGS = {
    Kind.FORWARD: ("forward_due_on", OPEN, True, False),
    Kind.KPK: ("kpk_due_on", OPEN, True, True),
    Kind.COMPLETION: ("completion_due_on", OPEN & ~Q(completion_note=""), False, True),
}
# Calendar days scanned ahead for due dates in the window: long holidays (Lebaran) included.
LOOKAHEAD_DAYS = 31


@service
def send_deadline_warnings(tenant, actor, *, today: dt.date) -> int:
    """Every warning due today for one Pemda; the count of reports warned about."""
    rule_set = selectors.rule_set_on(today)
    if rule_set is None:
        return 0
    window = [today + dt.timedelta(days=n) for n in range(LOOKAHEAD_DAYS + 1)]
    window = [day for day in window if working_days_between(tenant, today, day)
              <= rule_set.deadlines["remind_before"]]
    upg = _upg_addresses(tenant)
    messages, entries = [], []
    for kind, (due_field, which, to_upg, to_recipient) in WARNINGS.items():
        already = Reminder.objects.filter(report=OuterRef("pk"), kind=kind,
                                          due_on=OuterRef(due_field))
        reports = (GratificationReport.objects.filter(tenant=tenant).filter(which)
                   .filter(**{f"{due_field}__in": window}).filter(~Exists(already))
                   .select_related("recipient__user").order_by("pk"))
        for report in reports:
            due = getattr(report, due_field)
            Reminder.objects.create(tenant=tenant, report=report, kind=kind, due_on=due)
            entries.append(Entry("gratification.reminder.send", report,
                                 {"kind": kind, "due_on": due.isoformat()}))
            addresses = (upg if to_upg else []) + (_recipient_address(report)
                                                   if to_recipient else [])
            if addresses:
                messages.append(_message(tenant, report, kind, due, today, addresses))
    if entries:
        record_many(tenant, actor, entries)
        transaction.on_commit(lambda: get_connection().send_messages(messages))
    return len(entries)


def _upg_addresses(tenant) -> list[str]:
    return sorted(set(Membership.objects.filter(tenant=tenant, role=Role.UPG, is_active=True,
                                                user__is_active=True)
                      .values_list("user__email", flat=True)))


def _recipient_address(report: GratificationReport) -> list[str]:
    user = report.recipient.user
    address = (user.email if user is not None else "") or report.recipient.email
    return [address] if address else []


def _message(tenant, report, kind: str, due: dt.date, today: dt.date,
             addresses: list[str]) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "kind": kind, "report": report, "deadline": deadline_phrase(tenant, due, today),
            "url": settings.SITE_ROOT + reverse("gratification:report_detail", kwargs={
                "tenant_slug": tenant.slug, "pk": report.pk}),
        }
        subject = render_to_string("gratification/email/warning_subject.txt", context).strip()
        body = render_to_string("gratification/email/warning_message.txt", context)
    return EmailMessage(subject, body, None, addresses)
