"""LKE frameworks and eligibility rule sets, stored as their interchange documents.

A framework with no tenant comes from `libraries/lke/` (loaded by `integritas load_libraries`) and
is shared by every Pemda; a tenant's own framework is one its admin uploaded (next year's LKE,
before the library has it). The document is kept whole; `integritas.lke.frameworks` parses it
into the immutable tree the scoring engine uses, cached by `content_hash`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integritas.core.models import TimestampedModel


class LkeFramework(TimestampedModel):
    tenant = models.ForeignKey("tenancy.Tenant", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("tenant"))
    code = models.CharField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    regulation = models.CharField(_("regulation"), max_length=300)
    effective_from = models.DateField(_("effective from"))
    source = models.TextField(_("source"), blank=True)
    confidence = models.TextField(_("confidence"), blank=True)
    document = models.JSONField(_("document"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    items_count = models.PositiveIntegerField(_("items"), default=0)
    uploaded_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("uploaded by"))

    class Meta:
        ordering = ["-effective_from", "code"]
        verbose_name = _("LKE framework")
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(tenant__isnull=True),
                                    name="lke_framework_library_code"),
            models.UniqueConstraint(fields=["tenant", "code"], condition=Q(tenant__isnull=False),
                                    name="lke_framework_tenant_code"),
        ]
        indexes = [models.Index(fields=["tenant", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    @property
    def from_library(self) -> bool:
        return self.tenant_id is None


class EligibilityRuleSet(TimestampedModel):
    """The WBK/WBBM conditions of a regulation (`libraries/lke/eligibility.yaml`)."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    effective_from = models.DateField(_("effective from"))
    document = models.JSONField(_("document"))
    content_hash = models.CharField(_("content hash"), max_length=64)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("eligibility rule set")

    def __str__(self) -> str:
        return self.code
