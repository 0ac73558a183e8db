"""`integritas verify_audit [--tenant SLUG]`: recompute every tenant's audit chain."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from integritas.audit.selectors import verify_chain
from integritas.tenancy.models import Tenant


class Command(BaseCommand):
    help = "Recompute the hash chain of every tenant's audit log; exit 1 if any link is broken."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", metavar="SLUG", help="verify only this tenant")

    def handle(self, *args, tenant=None, **options):
        tenants = Tenant.objects.order_by("slug")
        if tenant:
            tenants = tenants.filter(slug=tenant)
            if not tenants.exists():
                raise CommandError(f"no tenant with slug {tenant!r}")
        broken = 0
        for each in tenants:
            started = time.monotonic()
            report = verify_chain(each)
            elapsed = time.monotonic() - started
            if report.intact:
                self.stdout.write(f"{each.slug}: OK ({report.events_checked} events, "
                                  f"{elapsed:.1f} s)")
            else:
                broken += 1
                self.stdout.write(f"{each.slug}: BROKEN at seq {report.broken_seq}"
                                  f"{_when(report)}: {report.reason} "
                                  f"({report.events_checked} events verified before it)")
        if broken:
            raise SystemExit(1)


def _when(report) -> str:
    if report.broken_at is None:
        return ""
    local = timezone.localtime(report.broken_at)
    return f" ({local:%Y-%m-%d %H:%M:%S}, {report.broken_action})"
