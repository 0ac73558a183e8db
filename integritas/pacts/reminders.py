"""Reminder emails to signers: when a campaign opens, 7 and 1 working days before their due
date, and weekly once overdue. Each reminder is recorded, so none goes out twice."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from integritas.audit.services import Entry, record_many
from integritas.core.calendar import deadline_phrase, working_days_between
from integritas.core.services import service
from integritas.pacts import selectors
from integritas.pacts.models import PactReminder, PactTarget

Kind = PactReminder.Kind
# (kind, fewest, most working days left): windows rather than exact days, so a day the job
# did not run, or a late joiner with little time, still gets the reminder once.
BEFORE_DUE_WINDOWS = ((Kind.BEFORE_7, 2, 7), (Kind.BEFORE_1, 0, 1))
# Calendar days scanned ahead for due dates in a window: long holidays (Lebaran) included.
LOOKAHEAD_DAYS = 31
BATCH = 500


@service
def send_opening_notices(tenant, actor, campaign_id: int) -> int:
    signers = selectors.signers_to_remind(tenant).filter(campaign_id=campaign_id)
    return _remind(tenant, actor, signers, Kind.OPENING, week=0)


@service
def send_due_reminders(tenant, actor, *, today: dt.date) -> int:
    """Every reminder due today for one Pemda; the count of emails sent."""
    signers = selectors.signers_to_remind(tenant)
    sent = 0
    for kind, fewest, most in BEFORE_DUE_WINDOWS:
        due_dates = [day for day in _days_ahead(today)
                     if fewest <= working_days_between(tenant, today, day) <= most]
        sent += _remind(tenant, actor, signers.filter(due_on__in=due_dates), kind, week=0)
    overdue_dates = signers.filter(due_on__lt=today).values_list("due_on", flat=True).distinct()
    for due_on in sorted(set(overdue_dates)):
        week = ((today - due_on).days - 1) // 7
        sent += _remind(tenant, actor, signers.filter(due_on=due_on), Kind.OVERDUE, week=week,
                        today=today)
    return sent


def _days_ahead(today: dt.date) -> list[dt.date]:
    return [today + dt.timedelta(days=n) for n in range(LOOKAHEAD_DAYS + 1)]


def _remind(tenant, actor, signers: QuerySet[PactTarget], kind: str, *, week: int,
            today: dt.date | None = None) -> int:
    already = PactReminder.objects.filter(target=OuterRef("pk"), kind=kind, week=week)
    targets = list(signers.filter(~Exists(already)).order_by("pk"))
    if not targets:
        return 0
    PactReminder.objects.bulk_create(
        [PactReminder(tenant=tenant, target=target, kind=kind, week=week, email=target.address)
         for target in targets], batch_size=BATCH)
    by_campaign = defaultdict(int)
    for target in targets:
        by_campaign[target.campaign] += 1
    record_many(tenant, actor, [
        Entry("pacts.reminder.send", campaign, {"kind": kind, "week": week, "emails": count})
        for campaign, count in by_campaign.items()])
    messages = [_message(tenant, target, kind, today) for target in targets]
    transaction.on_commit(lambda: _send(messages))
    return len(targets)


def _send(messages: list[EmailMessage]) -> None:
    connection = get_connection()
    for start in range(0, len(messages), BATCH):
        connection.send_messages(messages[start:start + BATCH])


def _message(tenant, target: PactTarget, kind: str, today: dt.date | None) -> EmailMessage:
    user = target.employee.user
    language = (user.language if user is not None else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "kind": kind, "tenant": tenant, "target": target, "campaign": target.campaign,
            "due": formats.date_format(target.due_on, "j F Y"),
            "deadline": deadline_phrase(tenant, target.due_on, today),
            "url": settings.SITE_ROOT + reverse("pacts:my_pacts",
                                                kwargs={"tenant_slug": tenant.slug}),
        }
        subject = render_to_string("pacts/email/reminder_subject.txt", context).strip()
        body = render_to_string("pacts/email/reminder_message.txt", context)
    return EmailMessage(subject, body, None, [target.address])
