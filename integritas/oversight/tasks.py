"""Background jobs of the oversight app: the quarterly figures behind the overview's trends."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from integritas.oversight import services
from integritas.tenancy.models import Tenant


@db_periodic_task(crontab(hour="2", minute="30"))
@lock_task("oversight-snapshots")
def snapshot_quarter_figures() -> None:
    """Every night, re-take each Pemda's figures of the current quarter, so that when a
    quarter ends its snapshot holds its last day's state."""
    for tenant in Tenant.objects.filter(is_active=True).order_by("pk"):
        services.take_snapshot(tenant, None)
