"""Campaigns: validation, targeting by each rule, witnesses, late joiners, isolation."""

import datetime as dt

import pytest
import time_machine
from django_scopes import scope

from integritas.audit.models import AuditEvent
from integritas.core.calendar import add_working_days
from integritas.pacts import services
from integritas.pacts.models import PactCampaign, PactTarget
from integritas.pacts.tests.helpers import DUE, OPENS, build_org, current_text, draft, raises
from integritas.pacts.texts import PactValues, render_html
from integritas.people.services import create_employee, update_employee


@pytest.fixture
def org(world):
    return build_org(world)


def opened(world, **rule) -> PactCampaign:
    campaign = draft(world, **rule)
    return services.open_campaign(world.tenant, world.users["inspektur"], campaign)


def targets(world, campaign) -> dict[str, PactTarget]:
    with scope(tenant=world.tenant.pk):
        return {t.employee.name: t for t in PactTarget.objects.filter(campaign=campaign)
                .select_related("employee", "witness")}


def names(*keys) -> set[str]:
    return {key.replace("_", " ").title() for key in keys}


ALL = ("wali_kota", "sekda", "kadis_dukcapil", "kabid", "kadis_pendidikan", "inspektur",
       "auditor")


def test_due_date_must_be_after_the_opening_date(world, org):
    raises("pact_campaign_due_before_opening", draft, world, due_on=OPENS)


def test_a_campaign_that_targets_nobody_is_refused(world, org):
    raises("pact_campaign_no_targets", draft, world, target_kind="position_kinds",
           target_values=["pengawas"])
    raises("pact_campaign_target_values_required", draft, world, target_kind="units")


def test_a_draft_campaign_targets_nobody_until_it_opens(world, org):
    campaign = draft(world)
    assert campaign.status == PactCampaign.Status.DRAFT
    assert targets(world, campaign) == {}


def test_whole_pemda_targets_every_active_employee(world, org):
    campaign = opened(world)
    assert set(targets(world, campaign)) == names(*ALL) | {"Siti Aminah, S.Kom.",
                                                           "Budi Hartono"}
    assert campaign.status == PactCampaign.Status.OPEN and campaign.opened_at is not None


def test_units_rule_includes_sub_units(world, org):
    campaign = opened(world, target_kind="units", target_values=[world.units["dukcapil"].pk])
    assert set(targets(world, campaign)) == names("kadis_dukcapil", "kabid") | {
        "Siti Aminah, S.Kom."}


def test_roles_rule_targets_employees_whose_account_holds_the_role(world, org):
    campaign = opened(world, target_kind="roles", target_values=["auditor"])
    assert set(targets(world, campaign)) == names("auditor")


def test_position_kinds_rule(world, org):
    campaign = opened(world, target_kind="position_kinds", target_values=["administrator"])
    assert set(targets(world, campaign)) == names("kabid")


def test_explicit_list_rule(world, org):
    campaign = opened(world, target_kind="employees",
                      target_values=[org["sekda"].pk, str(org["inspektur"].pk)])
    assert set(targets(world, campaign)) == names("sekda", "inspektur")


def test_target_keeps_the_position_held_when_targeted(world, org):
    campaign = opened(world, target_kind="employees", target_values=[org["kabid"].pk])
    update_employee(world.tenant, world.users["admin"], org["kabid"],
                    position_title="Sekretaris Dinas")
    target = targets(world, campaign)["Kabid"]
    assert (target.position_title, target.position_kind, target.echelon) == (
        "Kepala Bidang", "administrator", "III.b")
    assert (target.unit, target.opd) == (world.units["dukcapil_bidang"],
                                         world.units["dukcapil"])
    assert target.due_on == DUE and target.status == PactTarget.Status.PENDING


def test_a_targets_text_is_filled_with_the_position_held_when_targeted(world, org):
    campaign = opened(world, target_kind="employees", target_values=[org["kabid"].pk])
    update_employee(world.tenant, world.users["admin"], org["kabid"],
                    position_title="Sekretaris Dinas")
    target = targets(world, campaign)["Kabid"]
    with scope(tenant=world.tenant.pk):
        html = render_html(campaign.text.body, PactValues.for_target(target, OPENS))
    assert "Kepala Bidang pada Bidang Pelayanan Pendaftaran Penduduk" in html
    assert "Contoh, 4 Januari 2027" in html


def test_witness_is_the_direct_superior_by_default(world, org):
    found = targets(world, opened(world))
    assert found["Siti Aminah, S.Kom."].witness == org["kabid"]
    assert found["Kabid"].witness == org["kadis_dukcapil"]
    assert found["Kadis Dukcapil"].witness == org["sekda"]


def test_heads_of_opd_are_witnessed_by_the_named_official(world, org):
    found = targets(world, opened(world, opd_head_witness=org["sekda"]))
    for head in ("Kadis Dukcapil", "Kadis Pendidikan", "Inspektur"):
        assert found[head].witness == org["sekda"]
    assert found["Kabid"].witness == org["kadis_dukcapil"]
    # The named official heads no OPD of their own here (the Wali Kota is above them in the
    # Setda), so they keep their superior: nobody witnesses their own pact.
    assert found["Sekda"].witness == org["wali_kota"]


def test_the_named_official_never_witnesses_their_own_pact(world, org):
    found = targets(world, opened(world, opd_head_witness=org["inspektur"]))
    assert found["Inspektur"].witness == org["wali_kota"]
    assert found["Kadis Dukcapil"].witness == org["inspektur"]


def test_the_regional_head_is_witnessed_as_configured(world, org):
    found = targets(world, opened(world, regional_head=org["wali_kota"],
                                  regional_head_witness_name="Gubernur Contoh"))
    assert found["Wali Kota"].witness is None
    assert found["Wali Kota"].witness_name == "Gubernur Contoh"


def test_the_witness_is_never_the_signer(world, org):
    raises("pact_witness_is_signer", draft, world, regional_head=org["wali_kota"],
           regional_head_witness=org["wali_kota"])
    campaign = opened(world)
    target = targets(world, campaign)["Kabid"]
    raises("pact_witness_is_signer", services.set_target_witness, world.tenant,
           world.users["inspektur"], target, witness=org["kabid"])
    services.set_target_witness(world.tenant, world.users["inspektur"], target,
                                witness=org["sekda"])
    assert targets(world, campaign)["Kabid"].witness == org["sekda"]


def test_opening_writes_one_summary_and_one_entry_per_target(world, org):
    campaign = opened(world)
    with scope(tenant=world.tenant.pk):
        summary = AuditEvent.objects.get(action="pacts.campaign.open")
        assert summary.changes["targets"] == 9
        assert AuditEvent.objects.filter(action="pacts.target.create").count() == 9
        assert campaign.targets.count() == 9


def test_opening_costs_the_same_number_of_queries_for_many_targets(
        world, org, django_assert_max_num_queries):
    campaign = draft(world)
    with django_assert_max_num_queries(20):
        services.open_campaign(world.tenant, world.users["inspektur"], campaign)


def test_a_campaign_opens_once_and_closes_once(world, org):
    campaign = opened(world)
    raises("pact_campaign_not_draft", services.open_campaign, world.tenant,
           world.users["inspektur"], campaign)
    services.close_campaign(world.tenant, world.users["inspektur"], campaign)
    assert campaign.status == PactCampaign.Status.CLOSED and campaign.closed_at is not None
    raises("pact_campaign_not_open", services.close_campaign, world.tenant,
           world.users["inspektur"], campaign)


def test_a_refused_opening_leaves_the_campaign_a_draft_without_targets(world, org):
    campaign = draft(world, target_kind="employees", target_values=[org["kabid"].pk])
    from integritas.people.services import set_employee_status

    set_employee_status(world.tenant, world.users["admin"], org["kabid"], "retired")
    raises("pact_campaign_no_targets", services.open_campaign, world.tenant,
           world.users["inspektur"], campaign)
    with scope(tenant=world.tenant.pk):
        campaign.refresh_from_db()
        assert campaign.status == PactCampaign.Status.DRAFT
        assert not campaign.targets.exists()


def test_a_hire_into_a_targeted_unit_joins_the_open_campaign_with_their_own_due_date(world, org):
    campaign = opened(world, target_kind="units", target_values=[world.units["dukcapil"].pk],
                      joiner_allowance_days=5)
    with time_machine.travel(dt.datetime(2027, 1, 11, 9), tick=False):
        newcomer = create_employee(world.tenant, world.users["admin"], nip="199001012015032004",
                                   name="Dewi Lestari", unit=world.units["dukcapil_bidang"],
                                   position_title="Analis", superior=org["kabid"])
    with scope(tenant=world.tenant.pk):
        [target] = PactTarget.objects.filter(employee=newcomer)
    assert target.campaign == campaign
    assert target.due_on == add_working_days(world.tenant, dt.date(2027, 1, 11), 5) \
        == dt.date(2027, 1, 18)
    assert target.joined_late and target.witness == org["kabid"]
    # Enrolling again adds nothing: they are already a target.
    assert services.enrol_in_open_campaigns(world.tenant, world.users["admin"], newcomer) == []


def test_an_employee_who_moves_into_a_targeted_unit_is_added(world, org):
    campaign = opened(world, target_kind="units", target_values=[world.units["dukcapil"].pk],
                      joiner_allowance_days=3)
    budi = org["budi"]
    assert services.enrol_in_open_campaigns(world.tenant, world.users["admin"], budi) == []
    with time_machine.travel(dt.datetime(2027, 1, 4, 9), tick=False):
        update_employee(world.tenant, world.users["admin"], budi, unit=world.units["dukcapil"],
                        superior=org["kadis_dukcapil"])
    with scope(tenant=world.tenant.pk):
        added = list(PactTarget.objects.filter(employee=budi))
    assert [(t.campaign, t.unit, t.due_on) for t in added] == [
        (campaign, world.units["dukcapil"], DUE)]  # never less time than the others had


def test_closed_and_draft_campaigns_take_no_late_joiners(world, org):
    campaign = opened(world)
    services.close_campaign(world.tenant, world.users["inspektur"], campaign)
    draft(world, text=campaign.text)
    newcomer = create_employee(world.tenant, world.users["admin"], nip="199001012015032004",
                               name="Dewi Lestari", unit=world.units["pendidikan"],
                               position_title="Guru")
    assert services.enrol_in_open_campaigns(world.tenant, world.users["admin"], newcomer) == []


def test_rows_of_another_pemda_are_refused(world, org):
    lain_unit, lain_staff = world.units["lain_inspektorat"], world.employees["lain_staff"]
    raises("pact_campaign_target_not_found", draft, world, target_kind="units",
           target_values=[lain_unit.pk])
    raises("pact_campaign_target_not_found", draft, world, target_kind="employees",
           target_values=[lain_staff.pk])
    raises("pact_employee_not_found", draft, world, opd_head_witness=lain_staff)
    text = current_text(world)
    raises("pact_text_not_found", services.create_campaign, world.other_tenant,
           world.users["outsider"], title="PI", text=text, occasion="annual", opens_on=OPENS,
           due_on=DUE, target_kind="tenant")
    campaign = draft(world, text=text)
    raises("pact_campaign_not_found", services.open_campaign, world.other_tenant,
           world.users["outsider"], campaign)
    raises("employee_not_found", services.enrol_in_open_campaigns, world.tenant,
           world.users["admin"], lain_staff)


def test_whole_pemda_campaign_never_targets_another_pemdas_staff(world, org):
    campaign = opened(world)
    assert "Rahmat Hidayat" not in targets(world, campaign)
