"""Reminder emails: at opening, 7 and 1 working days before the due date, weekly when overdue,
each exactly once."""

import datetime as dt

import pytest
import time_machine
from django_scopes import scope

from integritas.pacts import services, tasks
from integritas.pacts.models import PactReminder, PactTarget
from integritas.pacts.tests.helpers import build_org, draft

MONDAY = dt.date(2027, 1, 4)  # opens; due Friday 15 January 2027


@pytest.fixture
def signers(world):
    people = build_org(world)
    with scope(tenant=world.tenant.pk):
        people["siti"].email = "siti@contoh.go.id"
        people["siti"].save(update_fields=["email"])
    return [people["siti"], people["auditor"], people["budi"]]  # Budi has no address


@pytest.fixture
def campaign(world, signers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.open_campaign(world.tenant, world.users["inspektur"], draft(
            world, target_kind="employees", target_values=[p.pk for p in signers]))


def run_daily_job(day: dt.date, capture) -> None:
    with time_machine.travel(dt.datetime.combine(day, dt.time(7)), tick=False), \
            capture(execute=True):
        tasks.send_due_reminders()


def sent_on(day, mailoutbox, capture) -> list:
    before = len(mailoutbox)
    run_daily_job(day, capture)
    return sorted((m.to[0], m.subject) for m in mailoutbox[before:])


def test_opening_notice_goes_to_every_signer_with_an_address(world, campaign, mailoutbox):
    assert sorted(m.to[0] for m in mailoutbox) == ["auditor@contoh.go.id",
                                                   "siti@contoh.go.id"]
    assert "/contoh/pakta/saya/" in mailoutbox[0].body
    assert "Pakta Integritas 2027" in mailoutbox[0].subject


def test_reminders_are_sent_once_at_7_and_1_working_days_and_weekly_when_overdue(
        world, campaign, mailoutbox, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    mailoutbox.clear()
    sent = {MONDAY + dt.timedelta(days=n): sent_on(MONDAY + dt.timedelta(days=n), mailoutbox,
                                                    capture)
            for n in range(0, 21)}
    days_with_mail = {day: len(mails) for day, mails in sent.items() if mails}
    assert days_with_mail == {
        dt.date(2027, 1, 6): 2,   # 7 working days before Friday the 15th
        dt.date(2027, 1, 14): 2,  # 1 working day before
        dt.date(2027, 1, 16): 2,  # the day after the due date: overdue
        dt.date(2027, 1, 23): 2,  # a week later: overdue again
    }
    # Indonesian unless the reader chose otherwise: the mail speaks the product's language.
    assert all(subject.startswith("Terlambat:") for _to, subject in sent[dt.date(2027, 1, 23)])
    with scope(tenant=world.tenant.pk):
        assert PactReminder.objects.filter(kind="overdue").count() == 4


def test_running_the_job_twice_a_day_sends_nothing_more(world, campaign, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    first = sent_on(dt.date(2027, 1, 6), mailoutbox, capture)
    again = sent_on(dt.date(2027, 1, 6), mailoutbox, capture)
    assert (len(first), again) == (2, [])


def test_signed_pacts_and_closed_campaigns_get_no_reminders(
        world, campaign, signers, mailoutbox, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    with scope(tenant=world.tenant.pk):
        PactTarget.objects.filter(campaign=campaign, employee=signers[0]).update(
            status="signed")
    assert [to for to, _subject in sent_on(dt.date(2027, 1, 6), mailoutbox, capture)] == [
        "auditor@contoh.go.id"]
    services.close_campaign(world.tenant, world.users["inspektur"], campaign)
    assert sent_on(dt.date(2027, 1, 14), mailoutbox, capture) == []
