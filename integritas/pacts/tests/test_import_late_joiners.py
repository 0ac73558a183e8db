"""Late joiners from the roster import: hires and moves by import join open campaigns."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from integritas.audit.models import AuditEvent
from integritas.core.calendar import add_working_days
from integritas.pacts import services
from integritas.pacts.models import PactTarget
from integritas.pacts.tests.helpers import build_org, draft
from integritas.people.imports import services as imports
from integritas.people.models import Employee, ImportJob
from integritas.people.tests.import_files import roster_rows, upload, xlsx_bytes

NEWCOMER_NIP = "199001012015032004"


@pytest.fixture
def org(world):
    return build_org(world)


def import_newcomer(world, org, django_capture_on_commit_callbacks) -> Employee:
    """Import one new employee into Dukcapil, reporting to its kabid, and commit it."""
    [row] = roster_rows(1, unit=world.units["dukcapil"].name)
    row[0], row[4] = NEWCOMER_NIP, org["kabid"].nip
    admin = world.users["admin"]
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.create_import_job(world.tenant, admin, upload=upload(xlsx_bytes([row])),
                                        create_units=False)
    with scope(tenant=world.tenant.pk):
        job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED and job.can_commit
    with django_capture_on_commit_callbacks(execute=True):
        imports.request_commit(world.tenant, admin, job)
    with scope(tenant=world.tenant.pk):
        return Employee.objects.get(nip=NEWCOMER_NIP)


def test_an_imported_hire_into_a_targeted_unit_joins_the_open_campaign_late(
        world, org, django_capture_on_commit_callbacks):
    campaign = draft(world, target_kind="units", target_values=[world.units["dukcapil"].pk],
                     joiner_allowance_days=5)
    campaign = services.open_campaign(world.tenant, world.users["inspektur"], campaign)
    with time_machine.travel(dt.datetime(2027, 1, 11, 9), tick=False):
        newcomer = import_newcomer(world, org, django_capture_on_commit_callbacks)
    with scope(tenant=world.tenant.pk):
        [target] = PactTarget.objects.filter(employee=newcomer)
        assert AuditEvent.objects.filter(action="pacts.target.create",
                                         object_id=str(target.pk)).exists()
    assert target.campaign == campaign and target.joined_late
    assert target.due_on == add_working_days(world.tenant, dt.date(2027, 1, 11), 5)
    assert target.due_on > campaign.due_on


def test_an_import_with_no_open_campaign_enrols_nobody(world, org,
                                                      django_capture_on_commit_callbacks):
    draft(world, target_kind="units", target_values=[world.units["dukcapil"].pk])
    newcomer = import_newcomer(world, org, django_capture_on_commit_callbacks)
    with scope(tenant=world.tenant.pk):
        assert not PactTarget.objects.filter(employee=newcomer).exists()


def test_bulk_enrolment_with_no_open_campaign_costs_one_query(world, org):
    ids = list(range(1, 20_001))  # a big import's worth
    with CaptureQueriesContext(connection) as captured:
        assert services.enrol_many_in_open_campaigns(world.tenant, world.users["admin"],
                                                     ids) == []
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 1 and "pacts_pactcampaign" in statements[0]
