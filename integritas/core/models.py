"""Shared model bases. `TenantScopedModel` is the base of every tenant-owned table (rule 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
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


class Holiday(TimestampedModel):
    """A national holiday or cuti bersama: reference data from `libraries/calendar/`."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National holiday")
        COLLECTIVE_LEAVE = "collective_leave", _("Collective leave (cuti bersama)")

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=300)
    confidence = models.CharField(_("confidence"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "kind", "name"]
        verbose_name = _("holiday")
        constraints = [
            models.UniqueConstraint(fields=["date", "kind", "name"], name="holiday_unique_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class LocalHoliday(TenantScopedModel):
    """A day off declared by one Pemda (a regional anniversary, a local religious day)."""

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("local holiday")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "date"], name="local_holiday_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class CacheToken(models.Model):
    """A random token per cached data set ("calendar:national", "cases:intake:<tenant id>", ...),
    replaced on every change of the set (`integritas.core.cache_tokens`).

    Kept in the database, and replaced inside the writer's transaction, so that a rolled-back
    change never leaves a process with a stale cache and a committed one reaches every process.
    """

    scope = models.CharField(max_length=60, unique=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.scope


class SigningKey(TenantScopedModel):
    """A Pemda's document signing certificate and its private key (encrypted at rest).

    `root_certificate_pem` is the trust anchor that verification accepts for this Pemda. A key
    made by `integritas signing_keys init` comes with its own local root CA, whose private key
    is kept (encrypted) only so that the signing certificate can be renewed under the same root;
    an imported PKCS#12 (e.g. from BSrE) brings its CA's chain instead. Rows are never deleted:
    a retired key's root keeps the documents it signed verifiable.
    """

    class Kind(models.TextChoices):
        LOCAL_CA = "local_ca", _("Local certificate authority")
        PKCS12 = "pkcs12", _("Imported PKCS#12")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    certificate_pem = models.TextField(_("signing certificate"))
    chain_pem = models.TextField(_("issuer chain"), blank=True)
    root_certificate_pem = models.TextField(_("root certificate"))
    encrypted_private_key = models.BinaryField()
    encrypted_root_key = models.BinaryField(blank=True, default=b"")
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("signing key")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "fingerprint"],
                                    name="signing_key_unique_certificate"),
            models.UniqueConstraint(fields=["tenant"], condition=models.Q(is_active=True),
                                    name="signing_key_one_active_per_tenant"),
        ]

    def __str__(self) -> str:
        return self.subject
