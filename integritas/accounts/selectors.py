"""Reads about users and their roles."""

from django_scopes import scopes_disabled

from integritas.accounts.models import Membership


def active_memberships(user, tenant) -> list[Membership]:
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user, tenant=tenant, is_active=True)
            .select_related("unit")
        )


def tenants_of(user):
    """The Pemda a user holds an active role in (for the home redirect and the tenant switcher)."""
    from integritas.tenancy.models import Tenant

    with scopes_disabled():
        tenant_ids = Membership.objects.filter(user=user, is_active=True).values("tenant_id")
        return list(Tenant.objects.filter(pk__in=tenant_ids, is_active=True))


def requires_mfa(user) -> bool:
    from integritas.accounts.roles import MFA_REQUIRED_ROLES

    with scopes_disabled():
        return Membership.objects.filter(
            user=user, is_active=True, role__in=list(MFA_REQUIRED_ROLES)
        ).exists()


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
