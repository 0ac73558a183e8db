"""/api/v1/accounts: who the token belongs to, the Pemda's users and roles, one's own tokens."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from integritas.accounts import selectors, services
from integritas.accounts.models import ApiToken, Membership
from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.core.errors import DomainError, NotFound
from integritas.tenancy.models import Unit

router = Router(tags=["accounts"])


class RoleOut(Schema):
    id: int
    role: str
    role_label: str
    unit_id: int | None
    unit_name: str | None

    @staticmethod
    def from_membership(membership: Membership) -> RoleOut:
        return RoleOut(
            id=membership.pk, role=membership.role, role_label=str(membership.get_role_display()),
            unit_id=membership.unit_id, unit_name=membership.unit.name if membership.unit else None,
        )


class UserOut(Schema):
    id: int
    email: str
    full_name: str


class TenantOut(Schema):
    slug: str
    name: str


class MeOut(Schema):
    user: UserOut
    tenant: TenantOut
    roles: list[RoleOut]


class MemberOut(Schema):
    user: UserOut
    roles: list[RoleOut]


class MembershipIn(Schema):
    email: str
    full_name: str = ""
    role: str
    unit_id: int | None = None


class MembershipOut(Schema):
    user: UserOut
    role: RoleOut


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenIn(Schema):
    name: str = Field(..., description="What the token is for, e.g. the integration's name")


class TokenCreatedOut(TokenOut):
    secret: str = Field(..., description="Shown this once; only its digest is stored.")


def _user_out(user) -> UserOut:
    return UserOut(id=user.pk, email=user.email, full_name=user.full_name)


@router.get("/me", response=MeOut)
def me(request):
    return MeOut(
        user=_user_out(request.user),
        tenant=TenantOut(slug=request.tenant.slug, name=request.tenant.name),
        roles=[RoleOut.from_membership(m) for m in request.memberships],
    )


@router.get("/memberships", response=list[MemberOut])
def list_memberships(request):
    grant = require_perm(request, "accounts.manage")
    with tenant_scope(request):
        users = selectors.members(request.tenant, grant).order_by("full_name", "pk")
        return [
            MemberOut(user=_user_out(u), roles=[RoleOut.from_membership(m)
                                                for m in u.tenant_memberships])
            for u in users
        ]


@router.post("/memberships", response={201: MembershipOut})
def create_membership(request, payload: MembershipIn):
    require_perm(request, "accounts.manage")
    with tenant_scope(request):
        unit = None
        if payload.unit_id is not None:
            unit = Unit.objects.filter(pk=payload.unit_id, tenant=request.tenant).first()
            if unit is None:
                raise DomainError("unit_not_in_tenant", _("Choose a unit of this Pemda."),
                                  field="unit_id")
        membership = services.invite_member(
            request.tenant, request.user, email=payload.email, full_name=payload.full_name,
            role=payload.role, unit=unit,
        )
        return Status(201, MembershipOut(user=_user_out(membership.user),
                                         role=RoleOut.from_membership(membership)))


@router.post("/memberships/{membership_id}/revoke", response={204: None})
def revoke_membership(request, membership_id: int):
    require_perm(request, "accounts.manage")
    with tenant_scope(request):
        membership = Membership.objects.filter(pk=membership_id, tenant=request.tenant).first()
        if membership is None:
            raise NotFound("not_found", _("This role assignment does not exist."))
        services.revoke_role(request.tenant, request.user, membership)
    return Status(204, None)


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request):
    require_perm(request, "api.tokens")
    with tenant_scope(request):
        return list(selectors.own_tokens(request.tenant, request.user))


@router.post("/tokens", response={201: TokenCreatedOut},
             summary="Create a token for oneself; the response holds its secret, once")
def create_token(request, payload: TokenIn):
    require_perm(request, "api.tokens")
    with tenant_scope(request):
        token, secret = services.create_api_token(request.tenant, request.user,
                                                  user=request.user, name=payload.name)
        return Status(201, TokenOut.from_orm(token).dict() | {"secret": secret})


@router.post("/tokens/{token_id}/revoke", response={204: None})
def revoke_token(request, token_id: int):
    require_perm(request, "api.tokens")
    with tenant_scope(request):
        token = ApiToken.objects.filter(pk=token_id, tenant=request.tenant,
                                        user=request.user).first()
        if token is None:
            raise NotFound("not_found", _("This token does not exist."))
        services.revoke_api_token(request.tenant, request.user, token)
    return Status(204, None)
