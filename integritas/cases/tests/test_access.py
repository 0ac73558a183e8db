"""Access per case, never by role: assignment, exclusion, revocation, the "no conflict" step and
the external viewer's scope."""

import datetime as dt

import pytest
from django_scopes import scope

from integritas.cases import keys, selectors, services
from integritas.cases.models import Assignment, CaseKey
from integritas.cases.testing import give_handler_key, unlock
from integritas.cases.tests.ws_helpers import (
    case_keys_of,
    detail_url,
    handler_client,
    move,
    new_case,
)
from integritas.core.errors import DomainError
from integritas.core.testing.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def assign(world, desk, case, name, kind="member"):
    inspektur = world.users["inspektur"]
    k = case_keys_of(case, inspektur, desk["inspektur"])
    return services.assign(world.tenant, inspektur, case, k, user=world.users[name], kind=kind)


def test_a_handler_reads_a_case_only_once_it_is_shared_with_them(world, desk, client):
    case = new_case(world)
    auditor = handler_client(client, world, "auditor")
    assert auditor.get(detail_url(case)).status_code == 404
    assert detail_url(case) not in auditor.get("/contoh/kasus/").content.decode()
    assign(world, desk, case, "auditor")
    response = auditor.get(detail_url(case))
    assert response.status_code == 200
    assert "Before you open this case" in response.content.decode()


def test_a_handler_confirms_no_conflict_before_the_content_shows(world, desk, client):
    case = new_case(world)
    assign(world, desk, case, "auditor", kind="lead")
    auditor = handler_client(client, world, "auditor")
    auditor.post(detail_url(case) + "tanpa-konflik/")
    html = auditor.get(detail_url(case)).content.decode()
    assert "uang pelicin" in html
    with scope(tenant=world.tenant.pk):
        assert Assignment.objects.get(case=case).no_conflict_confirmed_at is not None


def test_revoking_access_withdraws_the_handlers_keys(world, desk, client):
    case = new_case(world)
    assignment = assign(world, desk, case, "auditor")
    services.revoke(world.tenant, world.users["inspektur"], case, assignment)
    with scope(tenant=world.tenant.pk):
        assert not CaseKey.objects.filter(case=case, user=world.users["auditor"],
                                          revoked_at__isnull=True).exists()
    assert handler_client(client, world, "auditor").get(detail_url(case)).status_code == 404


def test_a_person_named_in_the_case_can_never_be_assigned_or_read_it(world, desk, client):
    case = new_case(world)
    assign(world, desk, case, "auditor")
    named = EmployeeFactory(unit=world.units["inspektorat"], user=world.users["auditor"])
    services.add_subject(world.tenant, world.users["inspektur"], case, employee=named)
    assert handler_client(client, world, "auditor").get(detail_url(case)).status_code == 404
    with pytest.raises(DomainError) as error:
        assign(world, desk, case, "auditor")
    assert error.value.code == "handler_excluded"


def test_nobody_working_in_the_unit_concerned_can_be_assigned(world, desk):
    EmployeeFactory(unit=world.units["dukcapil_bidang"], user=world.users["auditor"])
    case = new_case(world, unit=str(world.units["dukcapil"].pk))
    with scope(tenant=world.tenant.pk):
        assignable = set(selectors.assignable_users(world.tenant, case))
    assert world.users["auditor"] not in assignable
    with pytest.raises(DomainError):
        assign(world, desk, case, "auditor")


def test_an_excluded_handler_gets_404_not_403(world, desk, client):
    case = new_case(world)
    assign(world, desk, case, "auditor")
    with scope(tenant=world.tenant.pk):
        case.unit = world.units["dukcapil"]
        type(case).objects.filter(pk=case.pk).update(unit=world.units["dukcapil"])
    EmployeeFactory(unit=world.units["dukcapil"], user=world.users["auditor"])
    response = handler_client(client, world, "auditor").get(detail_url(case))
    assert response.status_code == 404


def test_the_external_viewer_sees_only_cases_referred_to_them_without_identity(world, desk,
                                                                              client):
    shared = new_case(world, identity={"name": "Rina Wulandari", "contact": "0812",
                                       "nik": ""})
    other = new_case(world)
    move(world, shared, desk["inspektur"], ("verify", {}), ("review", {}),
         ("examine", {"exam_kind": "investigatif"}),
         ("refer", {"authority_kind": "kejaksaan", "letter_number": "B-12/Kejari",
                    "letter_date": dt.date.today(), "shared_with": world.users["external"]}))
    viewer = handler_client(client, world, "external")
    listing = viewer.get("/contoh/kasus/").content.decode()
    assert detail_url(shared) in listing and detail_url(other) not in listing
    html = viewer.get(detail_url(shared)).content.decode()
    assert "uang pelicin" in html and "Rina Wulandari" not in html
    assert viewer.get(detail_url(other)).status_code == 404
    with scope(tenant=world.tenant.pk):
        assert not CaseKey.objects.filter(case=shared, user=world.users["external"],
                                          purpose=CaseKey.Purpose.IDENTITY).exists()
    blocked = viewer.post(detail_url(shared) + "pesan/", {"body": "x"})
    assert blocked.status_code == 403


def test_a_referral_is_shared_only_with_an_external_viewer(world, desk):
    case = move(world, new_case(world), desk["inspektur"], ("verify", {}), ("review", {}))
    with pytest.raises(DomainError) as error:
        move(world, case, desk["inspektur"],
             ("refer", {"authority_kind": "kpk", "letter_number": "1",
                        "letter_date": dt.date.today(), "shared_with": world.users["auditor"]}))
    assert error.value.code == "not_external_viewer"


def test_a_locked_key_shows_how_to_unlock_it(world, desk, client):
    case = new_case(world)
    client.force_login(world.users["inspektur"])
    response = client.get(detail_url(case))
    assert response.status_code == 403
    assert "Log out" in response.content.decode()


def test_an_outsider_gets_404_and_a_visitor_the_login(world, desk, client):
    case = new_case(world)
    assert client.get(detail_url(case)).status_code == 302
    give_handler_key(world.users["outsider"])
    client.force_login(world.users["outsider"])
    unlock(client, world.users["outsider"])
    assert client.get(detail_url(case)).status_code == 404


def test_holders_are_the_inspektur_and_the_team(world, desk):
    case = new_case(world)
    assign(world, desk, case, "auditor")
    with scope(tenant=world.tenant.pk):
        assert keys.holders(case) == {world.users["inspektur"].pk, world.users["auditor"].pk}


def test_a_handler_with_a_declared_conflict_neither_lists_nor_opens_the_case(world, desk, client):
    from django.utils import timezone

    from integritas.conflicts.tests.helpers import build_org, declare

    build_org(world)  # the auditor gets an employee record, to declare with
    by_number = new_case(world)
    by_unit = new_case(world, unit=str(world.units["pendidikan"].pk))
    for case in (by_number, by_unit):
        assign(world, desk, case, "auditor")
    auditor = handler_client(client, world, "auditor")
    listed = auditor.get("/contoh/kasus/").content.decode()
    assert detail_url(by_number) in listed and detail_url(by_unit) in listed
    today = timezone.localdate()
    declare(world, persona="auditor", subject_kind="case",
            subject_ref=f" {by_number.number.lower()} ", today=today)
    declare(world, persona="auditor", subject_kind="procurement", subject_ref="PBJ-1",
            subject_unit=world.units["pendidikan"], today=today)
    listed = auditor.get("/contoh/kasus/").content.decode()
    for case in (by_number, by_unit):
        assert detail_url(case) not in listed
        assert auditor.get(detail_url(case)).status_code == 404
