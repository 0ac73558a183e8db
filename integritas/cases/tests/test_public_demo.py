"""The demo seeds keys and a few fresh reports through public intake, then worked cases."""

import random

from django_scopes import scope

from integritas.cases import demo, keys
from integritas.cases.models import Case, CaseKey, HandlerKey


def _seed_keys_and_fresh_reports(tenant, seed):
    demo.seed_keys(tenant)
    demo.seed_fresh_reports(tenant, random.Random(seed))


def test_demo_seeds_escrow_handler_keys_and_fresh_reports(world):
    with scope(tenant=world.tenant.pk):
        _seed_keys_and_fresh_reports(world.tenant, 4)
        assert keys.active_escrow(world.tenant) is not None
        assert {c.channel for c in Case.objects.all()} == {"wbs", "complaint"}
        assert Case.objects.filter(state="diterima").count() == len(demo.FRESH_REPORTS)
        inspektur = world.users["inspektur"]
        assert CaseKey.objects.filter(user=inspektur, purpose="content").count() == 4
    with_keys = set(HandlerKey.objects.values_list("user_id", flat=True))
    assert {world.users[n].pk for n in ("inspektur", "auditor")} <= with_keys
    assert world.users["employee"].pk not in with_keys


def test_demo_without_an_inspektur_sends_reports_to_the_auditors(world):
    outsider = world.users["outsider"]  # the auditor of `lain`, which has no Inspektur
    with scope(tenant=world.other_tenant.pk):
        _seed_keys_and_fresh_reports(world.other_tenant, 5)
        assert CaseKey.objects.filter(user=outsider, purpose="content").count() == 4


def test_demo_adds_worked_cases_in_several_states_after_the_fresh_reports(world):
    with scope(tenant=world.tenant.pk):
        demo.seed_demo(world.tenant, random.Random(4))
        states = set(Case.objects.values_list("state", flat=True))
        assert Case.objects.count() > len(demo.FRESH_REPORTS)
        assert {"diterima", "selesai"} <= states and len(states) >= 4
