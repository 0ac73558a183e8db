"""Background jobs of the cases workspace: the daily deadline check."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from integritas.cases import escalation
from integritas.tenancy.models import Tenant


@db_periodic_task(crontab(hour="6", minute="30"))
@lock_task("cases-flag-breaches")
def flag_breaches() -> None:
    today = timezone.localdate()
    for tenant in Tenant.objects.filter(is_active=True).order_by("pk"):
        escalation.flag_breaches(tenant, None, today=today)
