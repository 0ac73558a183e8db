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


def members(tenant, grant):
    """The users holding an active role in the tenant, each with `tenant_memberships`.

    `accounts.manage` is a whole-tenant permission, so the grant has no unit filter to apply;
    a grant that allows nothing sees nobody.
    """
    from django.db.models import Prefetch

    from integritas.accounts.models import User

    if not grant.allowed:
        return User.objects.none()
    roles = Membership.objects.filter(tenant=tenant, is_active=True)
    return User.objects.filter(pk__in=roles.values("user_id")).prefetch_related(
        Prefetch("memberships", queryset=roles.select_related("unit").order_by("role"),
                 to_attr="tenant_memberships")
    )


def active_users_with_roles(tenant, roles):
    """Active users holding an active membership in `tenant` in one of `roles`, by name."""
    from integritas.accounts.models import User

    return (User.objects.filter(is_active=True, memberships__tenant=tenant,
                                memberships__is_active=True, memberships__role__in=roles)
            .distinct().order_by("full_name", "email"))


def users_with_role(tenant, role: str):
    """For the role filter of the member list: users holding `role` in the tenant."""
    return Membership.objects.filter(tenant=tenant, is_active=True, role=role).values("user_id")


def own_tokens(tenant, user):
    from integritas.accounts.models import ApiToken

    return ApiToken.objects.filter(tenant=tenant, user=user).order_by("revoked_at", "-pk")
