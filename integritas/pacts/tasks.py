"""Background jobs of the pacts app: reminder emails to signers."""

from __future__ import annotations

from django.utils import timezone
from django_scopes import scope
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from integritas.pacts import reminders
from integritas.pacts.models import PactCampaign
from integritas.tenancy.models import Tenant


@db_task()
def notify_campaign_opened(tenant_id: int, campaign_id: int) -> None:
    """The opening notice to every signer; `open_campaign` schedules it after its commit."""
    tenant = Tenant.objects.get(pk=tenant_id)
    with scope(tenant=tenant_id):
        campaign = PactCampaign.objects.filter(pk=campaign_id).first()
    if campaign is not None and campaign.status == PactCampaign.Status.OPEN:
        reminders.send_opening_notices(tenant, None, campaign_id)


@db_periodic_task(crontab(hour="7", minute="0"))
@lock_task("pacts-due-reminders")
def send_due_reminders() -> None:
    today = timezone.localdate()
    for tenant in Tenant.objects.filter(is_active=True).order_by("pk"):
        reminders.send_due_reminders(tenant, None, today=today)
