"""Signals the cases module listens to.

- Password signals (from accounts.adapter) keep handlers' case keys in step with their
  passwords. Login and password pages run outside any tenant: a person's key serves every tenant
  they handle cases in, so those lookups are cross-tenant by design (keyed by the user only).
- Saves and deletes of whatever a new report reads about its Pemda bump the Pemda's intake cache
  token (intake_cache.py), in the writer's transaction; bulk writes announce themselves with
  `core.signals.records_changed`.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django_scopes import scopes_disabled

from integritas.accounts.models import Membership, User
from integritas.accounts.signals import password_changed, password_verified
from integritas.cases import keys
from integritas.cases.intake_cache import intake_scope
from integritas.cases.models import CaseSettings, DeadlinePolicy, EscrowKey, HandlerKey
from integritas.conflicts.models import Declaration
from integritas.core.cache_tokens import bump
from integritas.core.signals import records_changed
from integritas.people.models import Employee
from integritas.tenancy.models import Tenant, Unit

# Rows that belong to one tenant and shape its intake (who is sealed to, who is excluded, which
# units and deadlines apply).
TENANT_ROWS = (Unit, Membership, Employee, Declaration, CaseSettings, EscrowKey, DeadlinePolicy)
# Rows of a person, who may handle cases in several tenants.
PERSON_ROWS = (User, HandlerKey)


@receiver(password_verified)
def unlock_case_key(sender, *, user, password, request, **kwargs):
    if request is not None and hasattr(request, "session"):
        with scopes_disabled():
            keys.unlock_at_login(request, user, password)


@receiver(password_changed)
def rewrap_case_key(sender, *, user, password, request, **kwargs):
    with scopes_disabled():
        keys.rewrap_at_password_change(request, user, password)


@receiver(post_save)
@receiver(post_delete)
def row_changed(sender, instance, **kwargs):
    if sender in TENANT_ROWS:
        bump(intake_scope(instance.tenant_id))
    elif sender is Tenant:
        bump(intake_scope(instance.pk))
    elif sender in PERSON_ROWS and not _only_last_login(kwargs.get("update_fields")):
        bump_for_person(instance.pk if sender is User else instance.user_id)


@receiver(records_changed)
def rows_changed(sender, *, tenant, **kwargs):
    if sender in TENANT_ROWS:
        bump(intake_scope(tenant.pk))


@receiver(m2m_changed, sender=CaseSettings.intake_handlers.through)
def intake_handlers_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, CaseSettings):
        bump(intake_scope(instance.tenant_id))
    else:  # changed from the user's side
        bump_for_person(instance.pk)


def bump_for_person(user_id: int) -> None:
    """Bump every tenant the person is (or was) a member or a listed intake handler of."""
    with scopes_disabled():
        tenant_ids = set(Membership.objects.filter(user_id=user_id)
                         .values_list("tenant_id", flat=True))
        tenant_ids |= set(CaseSettings.intake_handlers.through.objects.filter(user_id=user_id)
                          .values_list("casesettings__tenant_id", flat=True))
    for tenant_id in sorted(tenant_ids):
        bump(intake_scope(tenant_id))


def _only_last_login(update_fields) -> bool:
    # Each login saves the user's last_login; that changes nothing an intake reads.
    return update_fields is not None and set(update_fields) == {"last_login"}
