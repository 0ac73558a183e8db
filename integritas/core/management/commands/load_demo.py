"""`integritas load_demo`: the demo Pemda Kota Contoh (and Kabupaten Lain), then its logins."""

from django.core.management.base import BaseCommand

from integritas.core.demo import DEMO_TENANTS, DEMO_TOTP_SECRET, demo_logins, load_demo
from integritas.core.testing.factories import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo Pemda (idempotent) and print its logins."

    def handle(self, *args, **options):
        created = load_demo()
        if created:
            self.stdout.write(f"Demo loaded: {', '.join(created)}.")
        else:
            self.stdout.write("Demo already loaded; nothing changed.")
        self.print_logins()

    def print_logins(self) -> None:
        rows = demo_logins()
        header = ("Email", "Role", "Pemda", "Name", "Unit")
        table = [header] + [(r.email, r.role, r.tenant, r.name, r.unit) for r in rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]
        line = "  ".join("-" * w for w in widths)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(line)
        for number, row in enumerate(table):
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
            if number == 0:
                self.stdout.write(line)
        self.stdout.write(line)
        staff = [r.email for r in rows if r.totp]
        self.stdout.write(
            f"Two-factor login: the {len(staff)} staff accounts above use the TOTP secret "
            f"{DEMO_TOTP_SECRET}.\n"
            f"Get the current 6-digit code with `integritas demo_totp`, or add the secret to an "
            f"authenticator app.\n"
            f"Pemda: " + ", ".join(f"/{t.slug}/ ({t.name})" for t in DEMO_TENANTS)
        )
