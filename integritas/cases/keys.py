"""Who holds which case key, and how a request gets its keys (docs/cases.md, "access API").

Selectors decide who may open a case; this module makes that decision hold cryptographically:
a user reads a case only with a live `CaseKey` sealed to their `HandlerKey`, whose private half is
unlocked for this browser session (vault) or this API token (`HandlerTokenKey`).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scope, scopes_disabled

from integritas.accounts.models import ApiToken, Membership
from integritas.accounts.roles import Role
from integritas.audit.services import record
from integritas.cases import crypto, reference, vault
from integritas.cases.models import (
    Case,
    CaseKey,
    CaseSettings,
    EscrowKey,
    HandlerKey,
    HandlerTokenKey,
)
from integritas.core.errors import DomainError, NotFound
from integritas.core.services import service

HANDLER_VAULT = "handler"
INTAKE_ROLES = (Role.INSPEKTUR,)


@dataclass(frozen=True)
class CaseKeys:
    content: bytes
    identity: bytes | None = None

    def __repr__(self) -> str:  # never print key bytes, not even in a debug page
        return f"CaseKeys(identity={'yes' if self.identity else 'no'})"


class KeysLocked(DomainError):
    status = 403

    def __init__(self):
        super().__init__("case_keys_locked", _(
            "Your case key is locked. Log out and log in again with your password to open "
            "cases."))


class NoAccess(NotFound):
    def __init__(self):
        super().__init__("case_not_found", _("There is no such case, or it is not shared "
                                             "with you."))


# --- reading -------------------------------------------------------------------------------------

def case_keys(request, case: Case) -> CaseKeys:
    private = private_key(request)
    if private is None:
        raise KeysLocked()
    return keys_with_private_key(case, request.user, private)


def keys_with_private_key(case: Case, user, private: bytes) -> CaseKeys:
    rows = {row.purpose: row.sealed for row in CaseKey.objects.filter(
        case=case, holder=CaseKey.Holder.HANDLER, user=user, revoked_at=None)}
    if CaseKey.Purpose.CONTENT not in rows:
        raise NoAccess()
    try:
        content = crypto.unseal(private, rows[CaseKey.Purpose.CONTENT])
        identity = (crypto.unseal(private, rows[CaseKey.Purpose.IDENTITY])
                    if CaseKey.Purpose.IDENTITY in rows else None)
    except crypto.CryptoError:
        # Sealed to an older key pair (password reset): escrow recovery re-seals it.
        raise NoAccess() from None
    return CaseKeys(content, identity)


def content(keys: CaseKeys, case: Case) -> dict:
    return crypto.unbox_json(keys.content, case.content_box)


def identity(keys: CaseKeys, case: Case) -> dict | None:
    if case.identity_box is None or keys.identity is None:
        return None
    return crypto.unbox_json(keys.identity, case.identity_box)


def open_text(keys: CaseKeys, blob) -> str:
    return "" if blob is None else crypto.unbox(keys.content, blob).decode("utf-8")


def seal_text(keys: CaseKeys, text: str) -> bytes:
    return crypto.box(keys.content, text)


def open_json(keys: CaseKeys, blob):
    return None if blob is None else crypto.unbox_json(keys.content, blob)


def seal_json(keys: CaseKeys, value) -> bytes:
    return crypto.box_json(keys.content, value)


def holders(case: Case) -> set[int]:
    return set(CaseKey.objects.filter(case=case, holder=CaseKey.Holder.HANDLER,
                                      revoked_at=None).values_list("user_id", flat=True))


# --- granting and revoking -----------------------------------------------------------------------

def grant(case: Case, keys: CaseKeys, user, *, identity: bool) -> None:
    """Seal the case's keys to `user` (inside the caller's service transaction)."""
    handler_key = HandlerKey.objects.filter(user=user).first()
    if handler_key is None:
        raise DomainError("no_handler_key", _(
            "%(name)s has no case key yet; it is created when they next log in with their "
            "password."), name=user.full_name)
    live = set(CaseKey.objects.filter(case=case, holder=CaseKey.Holder.HANDLER, user=user,
                                      revoked_at=None).values_list("purpose", flat=True))
    wanted = [(CaseKey.Purpose.CONTENT, keys.content)]
    if identity and keys.identity is not None:
        wanted.append((CaseKey.Purpose.IDENTITY, keys.identity))
    CaseKey.objects.bulk_create([
        CaseKey(tenant_id=case.tenant_id, case=case, purpose=purpose,
                holder=CaseKey.Holder.HANDLER, user=user,
                sealed=crypto.seal(handler_key.public_key, data_key))
        for purpose, data_key in wanted if purpose not in live
    ])


def revoke(case: Case, user, *, at=None) -> int:
    return CaseKey.objects.filter(case=case, holder=CaseKey.Holder.HANDLER, user=user,
                                  revoked_at=None).update(revoked_at=at or timezone.now())


def intake_recipients(tenant, unit, case_settings: CaseSettings | None = None
                      ) -> list[tuple[int, bytes]]:
    """(user id, public key) of everyone a new report is sealed to, exclusions applied."""
    case_settings = case_settings or intake_settings(tenant)
    intake_role = Q(user__memberships__tenant=tenant, user__memberships__is_active=True,
                    user__memberships__role__in=INTAKE_ROLES)
    listed = Q(user__in=CaseSettings.intake_handlers.through.objects.filter(
        casesettings=case_settings).values("user"))
    rows = dict(HandlerKey.objects.filter(intake_role | listed, user__is_active=True)
                .values_list("user_id", "public_key").distinct())
    excluded = excluded_user_ids(tenant, unit)
    return [(user_id, bytes(key)) for user_id, key in rows.items() if user_id not in excluded]


def excluded_user_ids(tenant, unit, case_number: str = "") -> set[int]:
    """People who may not read a case about `unit`: members or employees of that unit's subtree
    and anyone with a declared conflict on it."""
    from integritas.conflicts.selectors import conflicted_user_ids
    from integritas.people.models import Employee

    excluded = conflicted_user_ids(tenant, subject_kind="case", subject_ref=case_number,
                                   unit=unit)
    if unit is None:
        return excluded
    in_unit = Q(unit__path__startswith=unit.path)
    excluded |= set(Membership.objects.filter(in_unit, tenant=tenant, is_active=True)
                    .values_list("user_id", flat=True))
    excluded |= set(Employee.objects.filter(in_unit, user__isnull=False)
                    .values_list("user_id", flat=True))
    return excluded


def intake_settings(tenant) -> CaseSettings:
    found = CaseSettings.objects.filter(tenant=tenant).first()
    if found is None:
        found, _created = CaseSettings.objects.get_or_create(
            tenant=tenant, defaults={"receipt_salt": crypto.new_data_key()})
    return found


def active_escrow(tenant) -> EscrowKey | None:
    return EscrowKey.objects.filter(tenant=tenant, retired_at=None).first()


def sealed_case_keys(tenant, keys: CaseKeys, recipients, escrow: EscrowKey | None,
                     receipt_key: bytes) -> list[CaseKey]:
    """Unsaved `CaseKey` rows of a new case (the caller sets `case`): the content key for the
    receipt, both keys for the escrow and for each intake recipient."""
    rows = [CaseKey(tenant=tenant, purpose=CaseKey.Purpose.CONTENT,
                    holder=CaseKey.Holder.RECEIPT, sealed=crypto.box(receipt_key, keys.content))]
    purposes = [(CaseKey.Purpose.CONTENT, keys.content)]
    if keys.identity is not None:
        purposes.append((CaseKey.Purpose.IDENTITY, keys.identity))
    for purpose, data_key in purposes:
        if escrow is not None:
            rows.append(CaseKey(tenant=tenant, purpose=purpose, holder=CaseKey.Holder.ESCROW,
                                escrow=escrow, sealed=crypto.seal(escrow.public_key, data_key)))
        rows += [CaseKey(tenant=tenant, purpose=purpose, holder=CaseKey.Holder.HANDLER,
                         user_id=user_id, sealed=crypto.seal(public_key, data_key))
                 for user_id, public_key in recipients]
    return rows


# --- handler key pairs ---------------------------------------------------------------------------

def kdf_params() -> tuple[int, int]:
    """Argon2id cost for wrapping private keys; tests lower it with `settings.CASES_HANDLER_KDF`."""
    params = getattr(settings, "CASES_HANDLER_KDF", None) or reference.limits()["handler_kdf"]
    return int(params["opslimit"]), int(params["memlimit"])


def wrap_private_key(private: bytes, password: str) -> dict:
    salt = crypto.new_kdf_salt()
    opslimit, memlimit = kdf_params()
    wrapping = crypto.password_key(password, salt, opslimit, memlimit)
    return {"wrapped_private_key": crypto.box(wrapping, private), "kdf_salt": salt,
            "kdf_opslimit": opslimit, "kdf_memlimit": memlimit}


def unwrap_private_key(handler_key: HandlerKey, password: str) -> bytes:
    wrapping = crypto.password_key(password, bytes(handler_key.kdf_salt),
                                   handler_key.kdf_opslimit, handler_key.kdf_memlimit)
    return crypto.unbox(wrapping, handler_key.wrapped_private_key)


def is_case_staff(user) -> bool:
    from integritas.accounts.permissions import PERMISSIONS

    with scopes_disabled():
        return Membership.objects.filter(user=user, is_active=True,
                                         role__in=PERMISSIONS["cases.view"]).exists()


def unlock_at_login(request, user, password: str) -> None:
    """Unwrap (or, for case staff without one, create) the user's key; keep it in the vault."""
    handler_key = HandlerKey.objects.filter(user=user).first()
    if handler_key is None:
        if not is_case_staff(user):
            return
        private = create_handler_key(user, password)
    else:
        try:
            private = unwrap_private_key(handler_key, password)
        except crypto.CryptoError:
            # The password was reset since: a new key pair; escrow re-seals the old cases.
            private = _replace_handler_key(handler_key, password)
    vault.put(request, HANDLER_VAULT, _bound(user, private))


def rewrap_at_password_change(request, user, password: str) -> None:
    """Re-wrap under the new password; without the old key at hand (a reset, or the first
    password of a new account) the user gets a new key pair (escrow re-seals old cases)."""
    handler_key = HandlerKey.objects.filter(user=user).first()
    signed_in = request is not None and getattr(request, "user", None) == user
    current = private_key(request) if signed_in else None
    if handler_key is not None and current is not None:
        HandlerKey.objects.filter(pk=handler_key.pk).update(
            updated_at=timezone.now(), **wrap_private_key(current, password))
        private = current
    elif handler_key is not None:
        private = _replace_handler_key(handler_key, password)
    elif is_case_staff(user):
        private = create_handler_key(user, password)
    else:
        return
    if signed_in and hasattr(request, "session"):
        vault.put(request, HANDLER_VAULT, _bound(user, private))


def private_key(request) -> bytes | None:
    """The unlocked private key of `request.user`: from the API token or the session vault."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    token = getattr(request, "auth", None)
    if token is not None and hasattr(token, "key_hash"):
        return _token_private_key(request, token)
    stored = vault.get(request, HANDLER_VAULT)
    if stored is None or stored[:8] != user.pk.to_bytes(8, "big"):
        return None
    return stored[8:]


def _bound(user, private: bytes) -> bytes:
    # The vault entry names its user, so a session reused by another login cannot use it.
    return user.pk.to_bytes(8, "big") + private


def _token_private_key(request, token) -> bytes | None:
    header = request.headers.get("Authorization", "")
    scheme, _space, secret = header.partition(" ")
    wrap = HandlerTokenKey.objects.filter(token=token).first()
    if scheme.lower() != "bearer" or wrap is None:
        return None
    try:
        return crypto.unbox(crypto.token_key(secret.strip()), wrap.wrapped_private_key)
    except crypto.CryptoError:
        return None


def create_handler_key(user, password: str) -> bytes:
    public, private = crypto.new_key_pair()
    with transaction.atomic():
        HandlerKey.objects.create(user=user, public_key=public,
                                  **wrap_private_key(private, password))
        _audit_key_event(user, "cases.handler_key.create", public)
    return private


def _replace_handler_key(handler_key: HandlerKey, password: str) -> bytes:
    public, private = crypto.new_key_pair()
    wrapped = wrap_private_key(private, password)
    with transaction.atomic():
        # A save, not an update: the new public key must reach the intake caches (receivers).
        for name, value in {"public_key": public, **wrapped}.items():
            setattr(handler_key, name, value)
        handler_key.save(update_fields=["public_key", "updated_at", *wrapped])
        _audit_key_event(user=handler_key.user, action="cases.handler_key.replace",
                         public=public)
    return private


def _audit_key_event(user, action: str, public: bytes) -> None:
    """A person's key is not a tenant's, so the event goes to each tenant they handle cases in."""
    from integritas.accounts.permissions import PERMISSIONS
    from integritas.tenancy.models import Tenant

    with scopes_disabled():
        tenants = list(Tenant.objects.filter(
            pk__in=Membership.objects.filter(user=user, is_active=True,
                                             role__in=PERMISSIONS["cases.view"])
            .values("tenant_id")))
    for tenant in tenants:
        with scope(tenant=tenant.pk):
            record(tenant, user, action, None, {"user": user.pk,
                                               "fingerprint": crypto.fingerprint(public)})


@service
def enable_token(tenant, actor, token, secret: str, private: bytes) -> HandlerTokenKey:
    """Let an API token of `actor` open the cases `actor` holds (the token secret wraps the key)."""
    if token.user_id != actor.pk or token.revoked_at is not None:
        raise DomainError("token_not_yours", _("You can enable case access only for your own, "
                                               "active tokens."), field="token")
    if not hmac.compare_digest(ApiToken.digest((secret or "").strip()), token.key_hash):
        raise DomainError("token_secret_wrong", _(
            "This is not the secret of that token. Paste the whole token as it was shown when "
            "it was created (it starts with itg_)."), field="secret")
    secret = secret.strip()
    wrap, _created = HandlerTokenKey.objects.update_or_create(
        token=token, defaults={"tenant": tenant, "wrapped_private_key": crypto.box(
            crypto.token_key(secret), private)})
    record(tenant, actor, "cases.token.enable", token, {"token": token.name})
    return wrap


@service
def disable_token(tenant, actor, token) -> None:
    """The token no longer opens cases (its wrapped key is deleted); it still works elsewhere."""
    if token.user_id != actor.pk:
        raise DomainError("token_not_yours", _("You can change case access only for your own "
                                               "tokens."), field="token")
    HandlerTokenKey.objects.filter(token=token).delete()
    record(tenant, actor, "cases.token.disable", token, {"token": token.name})


# --- escrow --------------------------------------------------------------------------------------

@service
def create_escrow_key(tenant, actor) -> tuple[EscrowKey, str, str]:
    """A new escrow key pair; the private key leaves only as two shares, shown once."""
    public, private = crypto.new_key_pair()
    retired = EscrowKey.objects.filter(tenant=tenant, retired_at=None).update(
        retired_at=timezone.now())
    escrow = EscrowKey.objects.create(tenant=tenant, public_key=public,
                                      fingerprint=crypto.fingerprint(public),
                                      created_by=actor if getattr(actor, "pk", None) else None)
    first, second = crypto.split_secret(private)
    record(tenant, actor, "cases.escrow.create", escrow,
           {"fingerprint": escrow.fingerprint, "replaced_previous": bool(retired)})
    return escrow, first, second


@service
def reseal_with_escrow(tenant, actor, *, share1: str, share2: str, from_user, to_user) -> int:
    """Two officials' shares re-seal every case `from_user` held to `to_user`'s current key."""
    try:
        private = crypto.join_shares(share1, share2)
    except crypto.CryptoError:
        raise DomainError("escrow_share_invalid", _("These two shares do not fit together. "
                                                    "Check each one for typing errors."),
                          field="share1") from None
    escrows = {e.pk: e for e in EscrowKey.objects.filter(tenant=tenant)
               if bytes(e.public_key) == crypto.public_key_of(private)}
    if not escrows:
        raise DomainError("escrow_share_invalid", _("These shares do not belong to an escrow key "
                                                    "of this Pemda."), field="share1")
    held = CaseKey.objects.filter(tenant=tenant, holder=CaseKey.Holder.HANDLER, user=from_user,
                                  revoked_at=None)
    purposes_by_case: dict[int, set[str]] = {}
    for case_id, purpose in held.values_list("case_id", "purpose"):
        purposes_by_case.setdefault(case_id, set()).add(purpose)
    now = timezone.now()
    held.update(revoked_at=now)
    cases = {c.pk: c for c in Case.objects.filter(pk__in=purposes_by_case)}
    escrowed = CaseKey.objects.filter(case_id__in=purposes_by_case, holder=CaseKey.Holder.ESCROW,
                                      escrow_id__in=escrows)
    by_case: dict[int, dict[str, bytes]] = {}
    for row in escrowed:
        by_case.setdefault(row.case_id, {})[row.purpose] = crypto.unseal(private, row.sealed)
    for case_id, purposes in purposes_by_case.items():
        data = by_case.get(case_id, {})
        if CaseKey.Purpose.CONTENT in data:
            grant(cases[case_id], CaseKeys(data[CaseKey.Purpose.CONTENT],
                                           data.get(CaseKey.Purpose.IDENTITY)),
                  to_user, identity=CaseKey.Purpose.IDENTITY in purposes)
    record(tenant, actor, "cases.escrow.recover", None,
           {"from_user": from_user.pk, "to_user": to_user.pk, "cases": len(purposes_by_case)})
    return len(purposes_by_case)
