"""`integritas signing_keys`: a Pemda's document signing key.

    integritas signing_keys init --tenant contoh [--rotate]
    integritas signing_keys load-pkcs12 --tenant contoh bsre.p12 --password-env P12_PASSWORD

`init` creates a local root CA and a signing certificate for a new installation; `load-pkcs12`
loads a real certificate authority's certificate (e.g. BSrE) instead. The password is read from
an environment variable so that it never appears in the shell history or the process list.
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from integritas.core.documents.keys import MAX_PKCS12_BYTES, init_local_ca, load_pkcs12
from integritas.core.errors import DomainError
from integritas.tenancy.models import Tenant

ACTOR = "integritas signing_keys"


class Command(BaseCommand):
    help = "Create (init) or import (load-pkcs12) a Pemda's document signing key."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        init = commands.add_parser("init", help="create a local root CA and signing certificate")
        init.add_argument("--tenant", required=True, help="the Pemda's slug")
        init.add_argument("--rotate", action="store_true",
                          help="replace the active key (a local root CA is kept)")
        load = commands.add_parser("load-pkcs12", help="load a CA-issued PKCS#12 file")
        load.add_argument("--tenant", required=True, help="the Pemda's slug")
        load.add_argument("file", type=Path)
        load.add_argument("--password-env", metavar="VAR",
                          help="environment variable holding the file's password")

    def handle(self, *args, action, tenant, **options):
        pemda = Tenant.objects.filter(slug=tenant).first()
        if pemda is None:
            raise CommandError(f"No Pemda with slug {tenant!r}.")
        try:
            if action == "init":
                key = init_local_ca(pemda, ACTOR, rotate=options["rotate"])
            else:
                key = load_pkcs12(pemda, ACTOR, data=self.read_file(options["file"]),
                                  password=self.password(options["password_env"]))
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.render()}") from None
        self.stdout.write(
            f"Active signing key for {pemda.name}: {key.subject}\n"
            f"  kind {key.kind}, SHA-256 {key.fingerprint}\n"
            f"  valid {key.valid_from:%Y-%m-%d} to {key.valid_until:%Y-%m-%d}"
        )

    @staticmethod
    def read_file(path: Path) -> bytes:
        try:
            with path.open("rb") as file:
                return file.read(MAX_PKCS12_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None

    @staticmethod
    def password(variable: str | None) -> str | None:
        if variable is None:
            return None
        if variable not in os.environ:
            raise CommandError(f"The environment variable {variable} is not set.")
        return os.environ[variable]
