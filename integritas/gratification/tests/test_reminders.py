"""Warnings before each deadline: the UPG before forwarding and KPK's 30 days, the recipient
before completion; once each, and across holidays."""

import datetime as dt

from integritas.gratification import reminders, services
from integritas.gratification.tasks import send_deadline_warnings
from integritas.gratification.tests.helpers import report


def warn(world, day, mailoutbox, capture):
    before = len(mailoutbox)
    with capture(execute=True):
        reminders.send_deadline_warnings(world.tenant, None, today=day)
    return sorted((tuple(m.to), m.subject) for m in mailoutbox[before:])


def test_upg_is_warned_three_working_days_before_forwarding_is_due_and_only_once(
        world, reporter, mailoutbox, django_capture_on_commit_callbacks):
    # Reported on Tuesday 17 March 2026: forwarding due 8 April (Idul Fitri leave between).
    made = report(world, reporter, received_on=dt.date(2026, 3, 16), today=dt.date(2026, 3, 17))
    assert made.forward_due_on == dt.date(2026, 4, 8)
    capture = django_capture_on_commit_callbacks
    assert warn(world, dt.date(2026, 4, 1), mailoutbox, capture) == []  # 4 working days ahead
    sent = warn(world, dt.date(2026, 4, 2), mailoutbox, capture)  # 3 (Good Friday skipped)
    [(to, subject)] = sent  # in the Pemda's language: "sisa 3 hari kerja — batas ..."
    assert to == ("upg@contoh.go.id",)
    assert made.number in subject and "3" in subject and "8 April 2026" in subject
    assert warn(world, dt.date(2026, 4, 6), mailoutbox, capture) == []


def test_recipient_is_warned_before_the_completion_deadline(
        world, reporter, mailoutbox, django_capture_on_commit_callbacks):
    made = report(world, reporter, received_on=dt.date(2026, 11, 2), today=dt.date(2026, 11, 3))
    upg = world.users["upg"]
    services.start_verification(world.tenant, upg, made)
    services.request_completion(world.tenant, upg, made, note="Foto barang")
    day_before = made.completion_due_on - dt.timedelta(days=1)
    sent = warn(world, day_before, mailoutbox, django_capture_on_commit_callbacks)
    assert (("employee@contoh.go.id",), ) in [(to,) for to, _subject in sent]


def test_forwarded_reports_get_no_more_warnings(
        world, reporter, mailoutbox, django_capture_on_commit_callbacks):
    made = report(world, reporter, received_on=dt.date(2026, 3, 16), today=dt.date(2026, 3, 17))
    services.start_verification(world.tenant, world.users["upg"], made)
    services.forward_to_kpk(world.tenant, world.users["upg"], made, kpk_number="GOL-1",
                            forwarded_on=dt.date(2026, 3, 18))
    assert warn(world, dt.date(2026, 4, 2), mailoutbox, django_capture_on_commit_callbacks) == []


def test_the_periodic_task_runs_for_every_pemda(world, libraries):
    send_deadline_warnings.call_local()
