"""Each process keeps what a report reads about its Pemda (intake_cache.py); the next report
after any change to it reads the new state, whichever process made the change."""

import datetime as dt

from django.utils import timezone
from django_scopes import scope

from integritas.accounts.models import Membership
from integritas.accounts.services import revoke_role
from integritas.cases import crypto, intake_cache, keys
from integritas.cases.intake import InvalidReport
from integritas.cases.models import CaseKey, DeadlinePolicy
from integritas.cases.testing import TEST_PASSWORD, give_handler_key
from integritas.cases.tests.helpers import file_report
from integritas.conflicts.tests.helpers import build_org, declare
from integritas.core.calendar import add_working_days
from integritas.core.calendar_services import add_local_holiday
from integritas.tenancy.services import create_unit, move_unit, update_unit


def sealed_to(filed) -> set[int]:
    with scope(tenant=filed.case.tenant_id):
        return set(CaseKey.objects.filter(case=filed.case, holder=CaseKey.Holder.HANDLER,
                                          purpose=CaseKey.Purpose.CONTENT)
                   .values_list("user_id", flat=True))


def listen_also(world, *personas):
    """The Inspektur and `personas` receive new reports (all with handler keys)."""
    for name in ("inspektur", *personas):
        give_handler_key(world.users[name])
    with scope(tenant=world.tenant.pk):
        keys.intake_settings(world.tenant).intake_handlers.add(
            *(world.users[name] for name in personas))


def test_the_next_report_after_a_role_is_revoked_is_not_sealed_to_that_person(world):
    listen_also(world, "auditor")
    inspektur, auditor = world.users["inspektur"], world.users["auditor"]
    assert sealed_to(file_report(world.tenant)) == {inspektur.pk, auditor.pk}
    with scope(tenant=world.tenant.pk):
        membership = Membership.objects.get(user=inspektur, tenant=world.tenant)
    revoke_role(world.tenant, world.users["admin"], membership)
    assert sealed_to(file_report(world.tenant)) == {auditor.pk}


def test_the_next_report_about_a_unit_leaves_out_who_just_declared_a_conflict_on_it(world):
    build_org(world)
    listen_also(world, "auditor")
    pendidikan = str(world.units["pendidikan"].pk)
    assert world.users["auditor"].pk in sealed_to(file_report(world.tenant, unit=pendidikan))
    declare(world, persona="auditor", subject_kind="case", subject_ref="",
            subject_unit=world.units["pendidikan"], today=timezone.localdate())
    assert sealed_to(file_report(world.tenant, unit=pendidikan)) == {world.users["inspektur"].pk}


def test_a_unit_moved_under_an_office_keeps_its_members_out_of_reports_about_that_office(world):
    listen_also(world, "opd_head")  # a member of Dukcapil
    pendidikan = str(world.units["pendidikan"].pk)
    assert world.users["opd_head"].pk in sealed_to(file_report(world.tenant, unit=pendidikan))
    move_unit(world.tenant, world.users["admin"], world.units["dukcapil"],
              world.units["pendidikan"])
    assert world.users["opd_head"].pk not in sealed_to(
        file_report(world.tenant, unit=pendidikan))


def test_the_next_report_after_an_escrow_rotation_is_sealed_to_the_new_escrow_key(world):
    listen_also(world)
    with scope(tenant=world.tenant.pk):
        old, _first, _second = keys.create_escrow_key(world.tenant, world.users["inspektur"])
        before = file_report(world.tenant)
        new, _first, _second = keys.create_escrow_key(world.tenant, world.users["inspektur"])
        after = file_report(world.tenant)
        escrows = {filed.case.number: set(CaseKey.objects.filter(
            case=filed.case, holder=CaseKey.Holder.ESCROW).values_list("escrow_id", flat=True))
            for filed in (before, after)}
    assert escrows == {before.case.number: {old.pk}, after.case.number: {new.pk}}


def test_a_handler_whose_key_was_replaced_can_open_the_next_report(world):
    listen_also(world)
    inspektur = world.users["inspektur"]
    file_report(world.tenant)
    keys.rewrap_at_password_change(None, inspektur, "a new password after a reset")
    filed = file_report(world.tenant)
    private = give_handler_key(inspektur, "a new password after a reset")
    with scope(tenant=world.tenant.pk):
        opened = keys.keys_with_private_key(filed.case, inspektur, private)
        assert keys.content(opened, filed.case)["answers"]["where"]
    assert private != give_handler_key(world.users["auditor"], TEST_PASSWORD)


def test_a_unit_deactivated_since_the_last_report_is_refused(world):
    office = create_unit(world.tenant, world.users["admin"], name="Dinas Pariwisata")
    file_report(world.tenant, unit=str(office.pk))
    update_unit(world.tenant, world.users["admin"], office, is_active=False)
    try:
        file_report(world.tenant, unit=str(office.pk))
    except InvalidReport as error:
        assert set(error.errors) == {"unit"}
    else:
        raise AssertionError("a report about an inactive unit was accepted")


def test_a_new_deadline_policy_and_a_new_local_holiday_set_the_next_first_deadline(world):
    today = timezone.localdate()
    first = file_report(world.tenant).case.first_response_due
    with scope(tenant=world.tenant.pk):
        DeadlinePolicy.objects.create(
            tenant=world.tenant, channel="wbs", first_response_days=5, simple_days=5,
            desk_days=14, field_days=60, effective_from=today - dt.timedelta(days=1))
    five_days = file_report(world.tenant).case.first_response_due
    assert five_days == add_working_days(world.tenant, today, 5) != first
    holiday = add_working_days(world.tenant, today, 1)
    add_local_holiday(world.tenant, world.users["admin"], date=holiday, name="Hari jadi kota")
    assert file_report(world.tenant).case.first_response_due == add_working_days(
        world.tenant, five_days, 1)


def test_a_pemda_deactivated_takes_no_more_reports(world, client):
    from integritas.cases.tests.helpers import REPORT

    url = f"/api/v1/public/{world.tenant.slug}/reports"
    assert client.post(url, REPORT, content_type="application/json").status_code == 201
    world.tenant.is_active = False
    world.tenant.save()
    refused = client.post(url, REPORT, content_type="application/json")
    assert refused.status_code == 404 and refused.json()["code"] == "tenant_not_found"
    assert intake_cache.context_for_slug(world.tenant.slug) is None


def test_the_receipt_of_a_cached_intake_opens_its_case(world):
    filed = file_report(world.tenant)
    salt = intake_cache.context(world.tenant).settings.receipt_salt
    with scope(tenant=world.tenant.pk):
        sealed = CaseKey.objects.get(case=filed.case, holder=CaseKey.Holder.RECEIPT).sealed
    assert crypto.unbox(crypto.receipt_key(salt, filed.receipt), sealed)


def test_a_conflict_declared_on_one_case_does_not_keep_the_declarant_from_new_reports(world):
    build_org(world)
    listen_also(world, "auditor")
    declare(world, persona="auditor", subject_kind="case", subject_ref="WBS-2026-00001",
            today=timezone.localdate())
    assert world.users["auditor"].pk in sealed_to(file_report(world.tenant))
    assert world.users["auditor"].pk in sealed_to(
        file_report(world.tenant, unit=str(world.units["pendidikan"].pk)))
