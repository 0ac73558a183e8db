"""The roles a person can hold in a Pemda, and which of them must use two-factor login."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TENANT_ADMIN = "tenant_admin", _("Tenant administrator")
    INSPEKTUR = "inspektur", _("Inspektur")
    AUDITOR = "auditor", _("APIP auditor")
    UPG = "upg", _("UPG officer")
    OPD_HEAD = "opd_head", _("Head of OPD")
    ZI_COORDINATOR = "zi_coordinator", _("OPD ZI coordinator")
    TPI_EVALUATOR = "tpi_evaluator", _("TPI evaluator")
    REGIONAL_HEAD = "regional_head", _("Regional head (overview)")
    PROVINCE_VIEWER = "province_viewer", _("Province oversight (read-only roll-up)")
    EXTERNAL_VIEWER = "external_viewer", _("External viewer (Ombudsman, Kejaksaan, Polri, KPK)")
    EMPLOYEE = "employee", _("Employee")


# Every role that can see cases or declarations must log in with TOTP.
MFA_REQUIRED_ROLES = frozenset(Role) - {Role.EMPLOYEE}

# Roles whose view is limited to their own unit and the units below it.
UNIT_SCOPED_ROLES = frozenset({Role.OPD_HEAD, Role.ZI_COORDINATOR})
