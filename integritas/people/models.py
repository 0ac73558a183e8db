"""Employees (ASN: PNS and PPPK) and the positions they hold over time."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from integritas.core.models import TenantScopedModel


class PositionKind(models.TextChoices):
    JPT = "jpt", _("Senior executive (JPT)")
    ADMINISTRATOR = "administrator", _("Administrator")
    SUPERVISOR = "pengawas", _("Supervisor (pengawas)")
    EXECUTOR = "pelaksana", _("Executor (pelaksana)")
    FUNCTIONAL = "fungsional", _("Functional")


class Employee(TenantScopedModel):
    class Employment(models.TextChoices):
        PNS = "pns", _("PNS")
        PPPK = "pppk", _("PPPK")

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        MOVED = "moved", _("Moved out")
        RETIRED = "retired", _("Retired")

    nip = models.CharField(_("NIP"), max_length=18)
    employment = models.CharField(
        _("employment"), max_length=4, choices=Employment.choices, default=Employment.PNS
    )
    name = models.CharField(_("name"), max_length=200)
    sort_name = models.CharField(max_length=200, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    email = models.EmailField(_("email"), blank=True)
    unit = models.ForeignKey(
        "tenancy.Unit", on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit")
    )
    position_title = models.CharField(_("position"), max_length=200)
    position_kind = models.CharField(
        _("position kind"), max_length=14, choices=PositionKind.choices,
        default=PositionKind.EXECUTOR,
    )
    echelon = models.CharField(_("echelon"), max_length=6, blank=True)
    superior = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="subordinates",
        verbose_name=_("direct superior"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    user = models.OneToOneField(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="employee"
    )

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("employee")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "nip"], name="employee_unique_nip"),
        ]
        indexes = [
            models.Index(fields=["tenant", "sort_name"]),
            models.Index(fields=["tenant", "unit", "sort_name"]),
            models.Index(fields=["tenant", "status", "sort_name"]),
        ]

    def __str__(self) -> str:
        return self.name


class Position(TenantScopedModel):
    """A position held over a period. Records elsewhere copy the position held at the time."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("position"), max_length=200)
    kind = models.CharField(_("position kind"), max_length=14, choices=PositionKind.choices)
    echelon = models.CharField(_("echelon"), max_length=6, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("position held")
        indexes = [models.Index(fields=["tenant", "employee", "started_on"])]
