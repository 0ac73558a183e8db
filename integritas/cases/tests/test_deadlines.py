"""Working-day clocks across holidays, and the daily breach check that tells the Inspektur."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django_scopes import scope

from integritas.audit.models import AuditEvent
from integritas.cases import deadlines, escalation, tasks
from integritas.cases.models import Case, DeadlinePolicy, DueKind
from integritas.cases.tests.ws_helpers import (
    detail_url,
    handler_client,
    move,
    new_case,
)
from integritas.core.calendar_services import add_local_holiday

pytestmark = pytest.mark.django_db

THURSDAY = dt.datetime(2026, 11, 5, 9)


def holidays(world, *days):
    for day in days:
        add_local_holiday(world.tenant, world.users["admin"], date=day, name=f"Libur {day}")


@time_machine.travel(THURSDAY, tick=False)
def test_the_first_response_deadline_skips_weekends_and_holidays(world, desk):
    holidays(world, dt.date(2026, 11, 6), dt.date(2026, 11, 9))
    case = new_case(world)
    # Fri 6 and Mon 9 are holidays, the weekend is off: Tue 10, Wed 11, Thu 12.
    assert case.first_response_due == case.due_on == dt.date(2026, 11, 12)
    with scope(tenant=world.tenant.pk):
        assert deadlines.days_left(world.tenant, case, dt.date(2026, 11, 5)) == 3


@time_machine.travel(THURSDAY, tick=False)
def test_a_tenant_policy_per_channel_replaces_the_library_defaults(world, desk):
    with scope(tenant=world.tenant.pk):
        DeadlinePolicy.objects.create(
            tenant=world.tenant, channel="wbs", first_response_days=1, simple_days=2,
            desk_days=10, field_days=30, effective_from=dt.date(2026, 1, 1))
    case = move(world, new_case(world), desk["inspektur"], ("verify", {}))
    assert case.due_kind == DueKind.SIMPLE
    assert case.due_on == dt.date(2026, 11, 9)  # Fri 6, Mon 9


def test_the_breach_check_stamps_overdue_cases_once_and_tells_the_inspektur(
        world, desk, django_capture_on_commit_callbacks):
    with time_machine.travel(THURSDAY, tick=False):
        late = new_case(world)
        answered = move(world, new_case(world), desk["inspektur"], ("verify", {}))
    with time_machine.travel(dt.datetime(2026, 11, 11, 7), tick=False):  # first due was the 10th
        with django_capture_on_commit_callbacks(execute=True):
            tasks.flag_breaches.call_local()
            tasks.flag_breaches.call_local()
    with scope(tenant=world.tenant.pk):
        assert Case.objects.get(pk=late.pk).breached_at is not None
        assert Case.objects.get(pk=answered.pk).breached_at is None
        assert AuditEvent.objects.filter(action="cases.case.breach").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.users["inspektur"].email]
    assert late.number in message.body and "uang pelicin" not in message.body


def test_a_new_deadline_missed_later_is_flagged_again(world, desk):
    with time_machine.travel(THURSDAY, tick=False):
        case = new_case(world)
    with time_machine.travel(dt.datetime(2026, 11, 11, 7), tick=False):
        escalation.flag_breaches(world.tenant, None, today=dt.date(2026, 11, 11))
        case = move(world, case, desk["inspektur"], ("verify", {}))
    with time_machine.travel(dt.datetime(2026, 11, 30, 7), tick=False):
        assert escalation.flag_breaches(world.tenant, None, today=dt.date(2026, 11, 30)) == 1


def test_the_list_filters_and_sorts_by_deadline(world, desk, client):
    with time_machine.travel(THURSDAY, tick=False):
        late = new_case(world)
    fresh = new_case(world)
    inspektur = handler_client(client, world, "inspektur")
    breached = inspektur.get("/contoh/kasus/?due=breached").content.decode()
    assert detail_url(late) in breached and detail_url(fresh) not in breached
    ordered = inspektur.get("/contoh/kasus/?sort=due_on").content.decode()
    assert ordered.index(detail_url(late)) < ordered.index(detail_url(fresh))
    assert "working days overdue" in ordered
