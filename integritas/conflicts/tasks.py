"""Background jobs of the conflicts module: overdue decisions escalate to the Inspektorat."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from integritas.conflicts import services
from integritas.tenancy.models import Tenant


@db_periodic_task(crontab(hour="6", minute="30"))
@lock_task("conflicts-escalate-overdue")
def escalate_overdue_decisions() -> None:
    """Every morning, before the offices open: declarations past their decision deadline go on
    the Inspektorat's list (once each; the audit trail says when)."""
    today = timezone.localdate()
    for tenant in Tenant.objects.filter(is_active=True).order_by("pk"):
        services.escalate_overdue(tenant, None, today=today)
