"""Append-only, hash-chained audit events, one chain per tenant."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from integritas.core.models import TenantScopedModel

GENESIS_HASH = "0" * 64

# The columns a link's hash covers, in the order `verify_chain` reads them.
HASHED_FIELDS = ("seq", "occurred_at", "actor_id", "actor_label", "action", "object_type",
                 "object_id", "object_repr", "changes")


def link_hash(tenant_id: int, prev_hash: str, seq, occurred_at, actor_id, actor_label, action,
              object_type, object_id, object_repr, changes) -> str:
    """SHA-256 of the previous link's hash and this event's content (canonical JSON)."""
    body = json.dumps(
        {
            "tenant": tenant_id,
            "seq": seq,
            "occurred_at": occurred_at.isoformat(),
            "actor": actor_id,
            "actor_label": actor_label,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "object_repr": object_repr,
            "changes": changes,
        },
        sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk update and delete are refused too, not only `save()` and `delete()` on one event."""

    def update(self, **kwargs):
        raise RuntimeError("audit events are append-only")

    def delete(self):
        raise RuntimeError("audit events are append-only")


class AuditEvent(TenantScopedModel):
    seq = models.PositiveBigIntegerField(_("sequence"))
    occurred_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        # PROTECT: the actor's id is hashed into the chain, so a user who acted is deactivated,
        # never deleted (SET_NULL would silently break every link the user wrote).
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=200)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = ScopedManager(_manager_class=models.Manager.from_queryset(AppendOnlyQuerySet),
                            tenant="tenant")

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "seq"], name="audit_unique_seq"),
        ]
        indexes = [
            models.Index(fields=["tenant", "action"]),
            models.Index(fields=["tenant", "object_type", "object_id"]),
            models.Index(fields=["tenant", "occurred_at"]),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit events are append-only")

    def compute_hash(self) -> str:
        return link_hash(self.tenant_id, self.prev_hash,
                         *(getattr(self, name) for name in HASHED_FIELDS))


class AuditHead(models.Model):
    """The tip of a tenant's chain. Locked while an event is appended, so the chain never forks."""

    tenant = models.OneToOneField("tenancy.Tenant", on_delete=models.PROTECT, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"{self.tenant_id}#{self.seq}"
