"""The workspace demo builds its stories through the services on the `world` tenant."""

import pytest
from django_scopes import scope

from integritas.cases.demo_workspace import STORIES, seed_workspace_demo
from integritas.cases.models import Case, Referral, State

pytestmark = pytest.mark.django_db


def test_the_demo_moves_a_dozen_cases_to_various_states(world, desk):
    import random

    with scope(tenant=world.tenant.pk):
        seed_workspace_demo(world.tenant, random.Random(1))
        cases = Case.objects.filter(tenant=world.tenant)
        states = set(cases.values_list("state", flat=True))
        assert cases.count() == len(STORIES)
        assert {State.SELESAI, State.DILIMPAHKAN, State.PEMERIKSAAN, State.DITOLAK,
                State.MENUNGGU_KELENGKAPAN, State.DITERIMA} <= states
        assert Referral.objects.filter(authority_kind="kejaksaan",
                                       shared_with=world.users["external"]).exists()
        assert cases.filter(breached_at__isnull=False).exists()
