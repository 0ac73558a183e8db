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
    # One employee record per user in each Pemda; an ASN transferred to another Pemda keeps one
    # login and gets a record there too.
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="employee_records",
    )

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("employee")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "nip"], name="employee_unique_nip"),
            models.UniqueConstraint(fields=["tenant", "user"], name="employee_unique_user"),
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


def _import_upload_path(job: "ImportJob", filename: str) -> str:
    """imports/<tenant>/<random>.<ext>: the user's file name is kept in `original_name` only."""
    import uuid
    from pathlib import PurePath

    return f"imports/{job.tenant.slug}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ImportJob(TenantScopedModel):
    """One uploaded roster file: its dry run (preview) and, when error-free, its commit."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        VALIDATING = "validating", _("Checking")
        VALIDATED = "validated", _("Checked")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("file"), upload_to=_import_upload_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    create_units = models.BooleanField(_("create missing units"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    count_new = models.PositiveIntegerField(_("new"), default=0)
    count_updated = models.PositiveIntegerField(_("updated"), default=0)
    count_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    count_errors = models.PositiveIntegerField(_("errors"), default=0)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    ignored_columns = models.JSONField(default=list, blank=True)
    new_units = models.JSONField(_("units to create"), default=list, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("uploaded by"),
    )
    validated_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    committed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("imported by"),
    )
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("roster import")
        indexes = [models.Index(fields=["tenant", "created_at"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.UPLOADED, self.Status.VALIDATING,
                               self.Status.IMPORTING}

    @property
    def can_commit(self) -> bool:
        return (self.status == self.Status.VALIDATED and self.count_errors == 0
                and self.total_rows > 0)


class ImportRowError(TenantScopedModel):
    """One problem found in an import file. `row` is None for a problem with the whole file.

    `message` holds the English source text (the msgid) with `params`, so each reader sees it
    in their own language; `code` is stable and picks the hint on how to fix it.
    """

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    column = models.CharField(_("column"), max_length=100, blank=True)
    value = models.CharField(_("value"), max_length=200, blank=True)
    code = models.CharField(_("code"), max_length=50)
    message = models.TextField(_("problem"))
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["row", "id"]
        verbose_name = _("import error")
        indexes = [models.Index(fields=["tenant", "job", "row"])]

    def __str__(self) -> str:
        return f"{self.row}: {self.code}"

    @property
    def text(self) -> str:
        from integritas.people.imports.issues import render

        return render(self.message, self.params)

    @property
    def fix(self) -> str:
        from integritas.people.imports.issues import fix_for

        return str(fix_for(self.code))
