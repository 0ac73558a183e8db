"""Keep handlers' case keys in step with their passwords (signals from accounts.adapter).

Login and password pages run outside any tenant: a person's key serves every tenant they
handle cases in, so the lookups here are cross-tenant by design (keyed by the user only).
"""

from django.dispatch import receiver
from django_scopes import scopes_disabled

from integritas.accounts.signals import password_changed, password_verified
from integritas.cases import keys


@receiver(password_verified)
def unlock_case_key(sender, *, user, password, request, **kwargs):
    if request is not None and hasattr(request, "session"):
        with scopes_disabled():
            keys.unlock_at_login(request, user, password)


@receiver(password_changed)
def rewrap_case_key(sender, *, user, password, request, **kwargs):
    with scopes_disabled():
        keys.rewrap_at_password_change(request, user, password)
