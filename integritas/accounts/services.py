"""Writes about users, their roles in a Pemda and their API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from integritas.accounts.models import ApiToken, Membership, User
from integritas.accounts.permissions import has_perm
from integritas.accounts.roles import UNIT_SCOPED_ROLES, Role
from integritas.audit.services import record
from integritas.core.errors import DomainError, NotFound, PermissionDenied
from integritas.core.services import service

TOKEN_NAME_MAX = ApiToken._meta.get_field("name").max_length
FULL_NAME_MAX = User._meta.get_field("full_name").max_length


@service
def create_user(tenant, actor, *, email, full_name, password=None) -> User:
    """A new login. Without a password it is unusable until the person sets one from the email."""
    email = _normalised_email(email)
    full_name = _clean_full_name(full_name)
    if User.objects.filter(email=email).exists():
        raise DomainError("email_taken", _("A user with the email %(email)s already exists."),
                          field="email", email=email)
    user = User(email=email, full_name=full_name)
    if password:
        _validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record(tenant, actor, "accounts.user.create", user, {"email": email, "full_name": full_name})
    if not password:
        transaction.on_commit(lambda: send_set_password_email(tenant, user))
    return user


@service
def assign_role(tenant, actor, *, user, role, unit=None) -> Membership:
    role = _valid_role(role)
    _check_unit(tenant, role, unit)
    existing = Membership.objects.filter(
        tenant=tenant, user=user, role=role, unit=unit
    ).first()
    if existing is not None and existing.is_active:
        raise DomainError("role_already_assigned",
                          _("%(user)s already holds this role."), field="role", user=str(user))
    if existing is not None:
        # Revoked roles are kept for the record; giving the role back reactivates the row.
        existing.is_active = True
        existing.save(update_fields=["is_active"])
        membership = existing
    else:
        membership = Membership.objects.create(tenant=tenant, user=user, role=role, unit=unit)
    record(tenant, actor, "accounts.membership.assign", membership,
           {"user": user.email, "role": role, "unit": unit.name if unit else None})
    return membership


@service
def revoke_role(tenant, actor, membership) -> None:
    if membership.tenant_id != tenant.pk:
        raise NotFound("not_found", _("This role assignment does not exist."))
    if not membership.is_active:
        raise DomainError("role_already_revoked", _("This role has already been revoked."))
    if membership.role == Role.TENANT_ADMIN and _is_last_admin(tenant, membership):
        raise DomainError("last_admin",
                          _("The last administrator of a Pemda cannot be removed. "
                            "Appoint another administrator first."), field="role")
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    record(tenant, actor, "accounts.membership.revoke", membership,
           {"user": membership.user.email, "role": membership.role})


@service
def invite_member(tenant, actor, *, email, full_name, role, unit=None) -> Membership:
    """Give a role to a person, creating their login first when the email is new."""
    email = _normalised_email(email)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = create_user(tenant, actor, email=email, full_name=full_name)
    return assign_role(tenant, actor, user=user, role=role, unit=unit)


@service
def create_api_token(tenant, actor, *, user, name) -> tuple[ApiToken, str]:
    """A new bearer token; the secret is returned here once and only its digest is stored."""
    name = (name or "").strip()
    if not name:
        raise DomainError("name_required", _("Give the token a name."), field="name")
    if len(name) > TOKEN_NAME_MAX:
        raise DomainError("name_too_long", _("The name may have at most %(max)s characters."),
                          field="name", max=TOKEN_NAME_MAX)
    if not user.is_active or not has_perm(_memberships(tenant, user), "api.tokens"):
        raise PermissionDenied("token_not_allowed",
                               _("%(user)s has no role in this Pemda that may use API tokens."),
                               user=str(user))
    secret = ApiToken.new_secret(tenant.slug)
    token = ApiToken.objects.create(
        tenant=tenant, user=user, name=name, key_hash=ApiToken.digest(secret), hint=secret[-4:]
    )
    record(tenant, actor, "accounts.apitoken.create", token, {"name": name, "user": user.email})
    return token, secret


@service
def revoke_api_token(tenant, actor, token) -> None:
    if token.tenant_id != tenant.pk:
        raise NotFound("not_found", _("This token does not exist."))
    if token.revoked_at is not None:
        raise DomainError("token_already_revoked", _("This token has already been revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(tenant, actor, "accounts.apitoken.revoke", token,
           {"name": token.name, "user": token.user.email})


TOUCH_SECONDS = 300  # how stale `last_used_at` may get before the next write


def touch_api_token(token) -> None:
    """Note when a token was last used, at most every few minutes.

    No audit event on purpose: this is bookkeeping on a read, not a change of anyone's rights,
    and one event per API call would bury the chain. It is a single UPDATE of one column, so it
    needs no transaction of its own.
    """
    now = timezone.now()
    recently = token.last_used_at and (now - token.last_used_at).total_seconds() < TOUCH_SECONDS
    if recently:
        return
    with scopes_disabled():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def send_set_password_email(tenant, user) -> None:
    """The invitation: a one-time link to allauth's set-password page."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse("account_reset_password_from_key", kwargs={
        "uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)})
    context = {"user": user, "tenant": tenant, "url": f"{settings.SITE_ROOT}{path}"}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_message.txt", context)
    send_mail(subject, body, None, [user.email])


def _normalised_email(email) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError("invalid_email", _("Enter a valid email address."),
                          field="email") from None
    return email


def _clean_full_name(full_name) -> str:
    full_name = (full_name or "").strip()
    if not full_name:
        raise DomainError("full_name_required", _("Enter the person's full name."),
                          field="full_name")
    if len(full_name) > FULL_NAME_MAX:
        raise DomainError("full_name_too_long", _("The name may have at most %(max)s characters."),
                          field="full_name", max=FULL_NAME_MAX)
    return full_name


def _validate_password(password, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError("weak_password", "%(reasons)s", field="password",
                          reasons=" ".join(error.messages)) from None


def _valid_role(role) -> Role:
    if role not in Role.values:
        raise DomainError("invalid_role", _("Choose one of the listed roles."), field="role")
    return Role(role)


def _check_unit(tenant, role, unit) -> None:
    if unit is not None and unit.tenant_id != tenant.pk:
        raise DomainError("unit_not_in_tenant", _("Choose a unit of this Pemda."), field="unit")
    if unit is None and role in UNIT_SCOPED_ROLES:
        raise DomainError("unit_required", _("The role %(role)s needs a unit."), field="unit",
                          role=role.label)


def _is_last_admin(tenant, membership) -> bool:
    return not Membership.objects.filter(
        tenant=tenant, role=Role.TENANT_ADMIN, is_active=True, user__is_active=True
    ).exclude(user=membership.user).exists()


def _memberships(tenant, user) -> list[Membership]:
    from integritas.accounts.selectors import active_memberships

    return active_memberships(user, tenant)
