"""`integritas demo_totp`: the current TOTP code of the demo accounts, for trying the demo."""

from django.core.management.base import BaseCommand

from integritas.core.demo import DEMO_TOTP_SECRET
from integritas.core.testing.factories import totp_now


class Command(BaseCommand):
    help = "Print the current 6-digit two-factor code of the demo staff accounts."

    def handle(self, *args, **options):
        self.stdout.write(totp_now(DEMO_TOTP_SECRET))
