"""Bearer tokens for integrations: `Authorization: Bearer itg_<tenant>.<secret>`."""

from django_scopes import scopes_disabled

from integritas.accounts.models import ApiToken
from integritas.accounts.selectors import active_memberships
from integritas.accounts.services import touch_api_token
from integritas.tenancy.models import Tenant


def authenticate_bearer(request, secret: str):
    slug = ApiToken.tenant_slug_of(secret)
    if slug is None:
        return None
    tenant = Tenant.objects.filter(slug=slug, is_active=True).first()
    if tenant is None:
        return None
    with scopes_disabled():
        token = (
            ApiToken.objects.filter(
                tenant=tenant, key_hash=ApiToken.digest(secret), revoked_at__isnull=True
            )
            .select_related("user")
            .first()
        )
    if token is None or not token.user.is_active:
        return None
    memberships = active_memberships(token.user, tenant)
    if not memberships:
        return None
    touch_api_token(token)
    request.user = token.user
    request.tenant = tenant
    request.memberships = memberships
    return token


def require_perm(request, permission: str):
    """The grant for `permission`, or a coded 403 for a token whose roles lack it."""
    from django.utils.translation import gettext_lazy as _

    from integritas.accounts.permissions import grant
    from integritas.core.errors import PermissionDenied

    result = grant(request.memberships, permission)
    if not result.allowed:
        raise PermissionDenied("permission_denied", _("Your role does not allow this action."))
    return result
