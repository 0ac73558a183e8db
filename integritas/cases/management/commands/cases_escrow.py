"""`integritas cases_escrow`: the Pemda's case-recovery (escrow) key.

    integritas cases_escrow init --tenant contoh [--rotate]
    integritas cases_escrow recover --tenant contoh --from old@pemda.go.id --to new@pemda.go.id

`init` creates the key pair and prints the private key as two shares, once: print them on
paper, one for each of two officials (docs/cases.md, "Escrow"); nothing else keeps them.
`recover` asks each official to type their share (not echoed, never in the shell history) and
re-seals every case the first person held to the second person's current key.
"""

from getpass import getpass

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope, scopes_disabled

from integritas.accounts.models import User
from integritas.cases import keys
from integritas.core.errors import DomainError
from integritas.tenancy.models import Tenant

ACTOR = "integritas cases_escrow"


class Command(BaseCommand):
    help = "Create the escrow key of a Pemda's cases (init) or recover a handler's cases."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        init = commands.add_parser("init", help="create the escrow key and print its two shares")
        init.add_argument("--tenant", required=True, help="the Pemda's slug")
        init.add_argument("--rotate", action="store_true",
                          help="replace an active escrow key (new cases use the new one)")
        recover = commands.add_parser("recover", help="re-seal one person's cases to another")
        recover.add_argument("--tenant", required=True, help="the Pemda's slug")
        recover.add_argument("--from", dest="from_email", required=True)
        recover.add_argument("--to", dest="to_email", required=True)

    def handle(self, *args, action, tenant, **options):
        pemda = Tenant.objects.filter(slug=tenant).first()
        if pemda is None:
            raise CommandError(f"no Pemda with slug {tenant!r}")
        with scope(tenant=pemda.pk):
            try:
                if action == "init":
                    self._init(pemda, options["rotate"])
                else:
                    self._recover(pemda, options["from_email"], options["to_email"])
            except DomainError as error:
                raise CommandError(error.render("en")) from None

    def _init(self, pemda, rotate: bool) -> None:
        if keys.active_escrow(pemda) is not None and not rotate:
            raise CommandError("this Pemda has an escrow key; use --rotate to replace it")
        escrow, first, second = keys.create_escrow_key(pemda, ACTOR)
        self.stdout.write(f"Escrow key {escrow.fingerprint[:16]} of {pemda.name}.\n"
                          "Print each share on its own sheet for one official; they are not "
                          "stored anywhere.\n")
        self.stdout.write(f"Share 1: {first}\nShare 2: {second}\n")

    def _recover(self, pemda, from_email: str, to_email: str) -> None:
        with scopes_disabled():
            people = {u.email: u for u in User.objects.filter(email__in=[from_email, to_email])}
        missing = {from_email, to_email} - set(people)
        if missing:
            raise CommandError(f"no user {', '.join(sorted(missing))}")
        first = getpass("Share of the first official: ")
        second = getpass("Share of the second official: ")
        count = keys.reseal_with_escrow(pemda, ACTOR, share1=first, share2=second,
                                        from_user=people[from_email], to_user=people[to_email])
        self.stdout.write(f"{count} cases re-sealed from {from_email} to {to_email}.")
