"""A campaign in which Siti (the `employee` persona) signs and her Kabid (`opd_head`) witnesses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django_scopes import scope

from integritas.core.documents.keys import init_local_ca
from integritas.core.testing.factories import DEMO_PASSWORD
from integritas.pacts import services
from integritas.pacts.models import PactCampaign, PactTarget
from integritas.pacts.tests.helpers import DUE, build_org, draft
from integritas.people.services import link_user

SIGN_DAY = DUE - dt.timedelta(days=2)


@dataclass
class Ceremony:
    campaign: PactCampaign
    siti: PactTarget  # signer: world.users["employee"], witness kabid
    kabid: PactTarget  # signer: world.users["opd_head"], witness kadis (no user)
    budi: PactTarget  # signer without a user account


def ceremony(world, *, key: bool = True) -> Ceremony:
    people = build_org(world)
    admin = world.users["admin"]
    link_user(world.tenant, admin, people["siti"], world.users["employee"])
    link_user(world.tenant, admin, people["kabid"], world.users["opd_head"])
    campaign = draft(world, target_kind="units", target_values=[world.units["dukcapil"].pk,
                                                                world.units["pendidikan"].pk])
    services.open_campaign(world.tenant, world.users["inspektur"], campaign)
    if key:
        init_local_ca(world.tenant, admin)
    with scope(tenant=world.tenant.pk):
        targets = {t.employee_id: t for t in PactTarget.objects.filter(campaign=campaign)}
    return Ceremony(campaign, targets[people["siti"].pk], targets[people["kabid"].pk],
                    targets[people["budi"].pk])


def refreshed(world, obj):
    with scope(tenant=world.tenant.pk):
        obj.refresh_from_db()
    return obj


PASSWORD = DEMO_PASSWORD
