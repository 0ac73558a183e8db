"""Shared model bases. `TenantScopedModel` is the base of every tenant-owned table (rule 5)."""

from django.db import models
from django_scopes import ScopedManager


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TenantScopedModel(TimestampedModel):
    """A row owned by one Pemda. Queries outside `scope(tenant=...)` raise ScopeError."""

    tenant = models.ForeignKey("tenancy.Tenant", on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager(tenant="tenant")

    class Meta:
        abstract = True
