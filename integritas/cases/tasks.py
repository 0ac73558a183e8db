"""Background jobs of the cases workspace: the daily deadline check and the sweep of files left
by failed transactions."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from integritas.cases import attachments, escalation
from integritas.tenancy.models import Tenant


@db_periodic_task(crontab(hour="6", minute="30"))
@lock_task("cases-flag-breaches")
def flag_breaches() -> None:
    today = timezone.localdate()
    for tenant in Tenant.objects.filter(is_active=True).order_by("pk"):
        escalation.flag_breaches(tenant, None, today=today)


@db_periodic_task(crontab(hour="3", minute="15"))
@lock_task("cases-sweep-orphan-files")
def sweep_orphan_files() -> None:
    attachments.sweep_orphans(older_than=dt.timedelta(hours=6))
