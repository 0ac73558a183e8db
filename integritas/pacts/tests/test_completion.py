"""Completion per OPD: percentages, who has not signed, overdue, in aggregate queries."""

import datetime as dt

import pytest
from django_scopes import scope

from integritas.accounts.models import Membership
from integritas.accounts.permissions import grant
from integritas.pacts import selectors, services
from integritas.pacts.models import PactTarget
from integritas.pacts.tests.helpers import DUE, build_org, draft

AFTER_DUE = DUE + dt.timedelta(days=3)


@pytest.fixture
def campaign(world):
    people = build_org(world)
    campaign = services.open_campaign(world.tenant, world.users["inspektur"], draft(world))
    # Signing is another service's job; here the outcome is set directly, as a factory would.
    with scope(tenant=world.tenant.pk):
        mark = {"kadis_dukcapil": "witnessed", "kabid": "signed", "inspektur": "paper"}
        for key, status in mark.items():
            PactTarget.objects.filter(campaign=campaign, employee=people[key]).update(
                status=status)
        PactTarget.objects.filter(campaign=campaign, employee=people["siti"]).update(
            due_on=AFTER_DUE + dt.timedelta(days=1))
    return campaign


def grant_of(world, persona, permission="pacts.view"):
    with scope(tenant=world.tenant.pk):
        memberships = list(Membership.objects.filter(tenant=world.tenant,
                                                     user=world.users[persona])
                           .select_related("unit"))
    return grant(memberships, permission)


def by_name(rows):
    return {row.opd_name: row for row in rows}


def test_completion_per_opd_counts_signed_pending_and_overdue(world, campaign):
    with scope(tenant=world.tenant.pk):
        rows = by_name(selectors.completion_by_opd(world.tenant, grant_of(world, "inspektur"),
                                                   campaign, today=AFTER_DUE))
    dukcapil = rows["Dinas Kependudukan dan Catatan Sipil"]
    # Kadis witnessed, Kabid signed; Siti pending with her own later due date (not overdue).
    assert (dukcapil.total, dukcapil.signed, dukcapil.witnessed, dukcapil.pending,
            dukcapil.overdue, dukcapil.percent_signed) == (3, 2, 1, 1, 0, 66.67)
    inspektorat = rows["Inspektorat"]
    assert (inspektorat.total, inspektorat.paper, inspektorat.overdue,
            inspektorat.percent_signed) == (2, 1, 1, 50.0)
    assert (rows["Sekretariat Daerah"].overdue, rows["Dinas Pendidikan"].percent_signed) == (
        2, 0.0)
    assert list(rows) == ["Inspektorat", "Dinas Kependudukan dan Catatan Sipil",
                          "Dinas Pendidikan", "Sekretariat Daerah"]  # in unit-tree order


def test_campaign_totals_add_up_the_opds(world, campaign):
    with scope(tenant=world.tenant.pk):
        total = selectors.campaign_completion(world.tenant, grant_of(world, "auditor"),
                                              campaign, today=AFTER_DUE)
    assert (total.total, total.signed, total.pending, total.overdue) == (9, 3, 6, 5)
    assert total.percent_signed == 33.33


def test_who_has_not_signed_and_who_is_overdue(world, campaign):
    with scope(tenant=world.tenant.pk):
        g = grant_of(world, "inspektur")
        unsigned = [t.employee.name for t in selectors.unsigned_targets(
            world.tenant, g, campaign, opd_id=world.units["dukcapil"].pk)]
        overdue = {t.employee.name for t in selectors.overdue_targets(
            world.tenant, g, campaign, today=AFTER_DUE)}
    assert unsigned == ["Siti Aminah, S.Kom."]
    assert overdue == {"Wali Kota", "Sekda", "Auditor", "Kadis Pendidikan", "Budi Hartono"}


def test_an_opd_head_sees_only_their_own_opd(world, campaign):
    with scope(tenant=world.tenant.pk):
        rows = selectors.completion_by_opd(world.tenant, grant_of(world, "opd_head"), campaign)
    assert [row.opd_name for row in rows] == ["Dinas Kependudukan dan Catatan Sipil"]


def test_completion_is_one_query_however_many_opds(world, campaign,
                                                   django_assert_num_queries):
    g = grant_of(world, "inspektur")
    with scope(tenant=world.tenant.pk), django_assert_num_queries(1):
        selectors.completion_by_opd(world.tenant, g, campaign)


def test_another_pemda_sees_no_campaign_of_ours(world, campaign):
    outsider = grant(list(Membership.objects.none()), "pacts.view")
    with scope(tenant=world.tenant.pk):
        assert list(selectors.campaigns_for(world.tenant, outsider)) == []
        assert selectors.completion_by_opd(world.tenant, outsider, campaign) == []
    with scope(tenant=world.other_tenant.pk):
        lain = grant_of_other(world)
        assert list(selectors.campaigns_for(world.other_tenant, lain)) == []


def grant_of_other(world):
    memberships = list(Membership.objects.filter(tenant=world.other_tenant,
                                                 user=world.users["outsider"]))
    return grant(memberships, "pacts.view")


def test_an_employee_sees_their_own_pacts(world, campaign):
    siti = world.employees["dukcapil_staff"]
    with scope(tenant=world.tenant.pk):
        mine = list(selectors.pacts_of_employee(world.tenant, siti))
    assert [(t.campaign, t.due_on) for t in mine] == [(campaign, AFTER_DUE + dt.timedelta(1))]
