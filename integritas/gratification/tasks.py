"""Background jobs of the gratification app: warnings before the reports' deadlines."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from integritas.gratification import reminders
from integritas.tenancy.models import Tenant


@db_periodic_task(crontab(hour="7", minute="10"))
@lock_task("gratification-deadline-warnings")
def send_deadline_warnings() -> None:
    today = timezone.localdate()
    for tenant in Tenant.objects.filter(is_active=True).order_by("pk"):
        reminders.send_deadline_warnings(tenant, None, today=today)
