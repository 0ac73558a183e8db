"""The shape every write takes (rule 1): tenant and actor explicit, one transaction, one scope."""

from __future__ import annotations

import functools

from django.db import transaction
from django_scopes import scope


def service(func):
    """Run a service function `f(tenant, actor, ...)` atomically inside the tenant's scope."""

    @functools.wraps(func)
    def wrapper(tenant, actor, *args, **kwargs):
        with scope(tenant=tenant.pk), transaction.atomic():
            return func(tenant, actor, *args, **kwargs)

    return wrapper
