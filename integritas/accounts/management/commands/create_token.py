"""`integritas create_token EMAIL [--tenant SLUG] [--name NAME]`: an API token for scripts.

The token is printed once, alone on the last line, so `$(integritas create_token ...)` works.
"""

from django.core.management.base import BaseCommand, CommandError

from integritas.accounts.models import User
from integritas.accounts.selectors import tenants_of
from integritas.accounts.services import create_api_token
from integritas.core.errors import DomainError


class Command(BaseCommand):
    help = "Create an API token for a user and print it (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--tenant", help="slug of the Pemda (needed if the user has several)")
        parser.add_argument("--name", default="CLI", help="what the token is for")

    def handle(self, *args, email, tenant, name, **options):
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"no user with the email {email}")
        token_tenant = self._tenant(user, tenant)
        try:
            token, secret = create_api_token(token_tenant, "cli", user=user, name=name)
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.render('en')}") from error
        self.stderr.write(f"Token {token.name!r} for {user.email} in {token_tenant.slug}:")
        self.stdout.write(secret)

    @staticmethod
    def _tenant(user, slug):
        tenants = tenants_of(user)
        if slug:
            for tenant in tenants:
                if tenant.slug == slug:
                    return tenant
            raise CommandError(f"{user.email} holds no role in a Pemda with the slug {slug!r}")
        if not tenants:
            raise CommandError(f"{user.email} holds no role in any Pemda")
        if len(tenants) > 1:
            slugs = ", ".join(sorted(t.slug for t in tenants))
            raise CommandError(f"{user.email} has roles in several Pemda ({slugs}): "
                               "choose one with --tenant")
        return tenants[0]
