"""APIP–APH coordination (REFERENCE §6.3): referrals in either direction, the TGR clock, and
the external viewer of the receiving authority.

A referral carries letter numbers and dates and a note; what is shared never includes the
reporter's identity: the external viewer gets the content key only (`keys.grant(...,
identity=False)`), read-only through their role.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import yaml
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.accounts.roles import Role
from integritas.audit.services import record
from integritas.cases import keys
from integritas.cases.models import Assignment, Case, Referral
from integritas.core.errors import DomainError
from integritas.core.libraries import LIBRARIES_DIR
from integritas.core.services import service
from integritas.tenancy.models import Unit

APH = (Referral.Authority.KEJAKSAAN, Referral.Authority.POLRI)


@cache
def tgr_days() -> int:
    """Calendar days to settle a loss through TGR (libraries/cases/deadlines.yaml, `tgr`)."""
    content = yaml.safe_load((LIBRARIES_DIR / "cases" / "deadlines.yaml").read_text("utf-8"))
    return int(content["tgr"]["days"])


def tgr_due(report_received_on: dt.date) -> dt.date:
    return report_received_on + dt.timedelta(days=tgr_days())


def add_referral(tenant, actor, case: Case, k, *, direction: str, authority_kind: str = "",
                 authority_name: str = "", letter_number: str = "", letter_date=None,
                 received_on=None, unit=None, shared_with=None, notes: str = "") -> Referral:
    """Record a referral inside the caller's service; share it with an external viewer."""
    if direction not in Referral.Direction.values:
        raise DomainError("direction_invalid", _("Choose the direction of the referral."),
                          field="direction")
    if authority_kind not in Referral.Authority.values:
        raise DomainError("authority_required", _("Choose the authority."),
                          field="authority_kind")
    letter_number = (letter_number or "").strip()
    if not letter_number or len(letter_number) > 100:
        raise DomainError("letter_number_required",
                          _("Enter the letter number (at most 100 characters)."),
                          field="letter_number")
    if not isinstance(letter_date, dt.date):
        raise DomainError("letter_date_required", _("Enter the date of the letter."),
                          field="letter_date")
    if letter_date > timezone.localdate():
        raise DomainError("letter_date_future", _("The letter date cannot be in the future."),
                          field="letter_date")
    if authority_kind == Referral.Authority.OPD and not isinstance(unit, Unit):
        raise DomainError("unit_required", _("Choose the OPD the complaint goes to."),
                          field="unit")
    referral = Referral.objects.create(
        tenant=tenant, case=case, direction=direction, authority_kind=authority_kind,
        authority_name=(authority_name or "").strip()[:200]
        or str(Referral.Authority(authority_kind).label),
        unit=unit, letter_number=letter_number, letter_date=letter_date,
        received_on=received_on, shared_with=shared_with, created_by=actor,
        notes_box=keys.seal_text(k, notes.strip()) if notes and notes.strip() else None)
    if shared_with is not None:
        _share(tenant, actor, case, k, shared_with)
    return referral


def _share(tenant, actor, case: Case, k, viewer) -> None:
    """The receiving authority's viewer reads the case, without the identity, read-only."""
    if not viewer.memberships.filter(tenant=tenant, is_active=True,
                                     role=Role.EXTERNAL_VIEWER).exists():
        raise DomainError("not_external_viewer",
                          _("Share a referral only with an external viewer of this Pemda."),
                          field="shared_with")
    keys.grant(case, k, viewer, identity=False)
    if not Assignment.objects.filter(case=case, user=viewer, revoked_at__isnull=True).exists():
        Assignment.objects.create(tenant=tenant, case=case, user=viewer,
                                  kind=Assignment.Kind.EXTERNAL, granted_by=actor,
                                  granted_at=timezone.now())


@service
def record_referral(tenant, actor, case: Case, k, **referral) -> Referral:
    """A referral that does not move the case: received from the APH (administrative, back to
    APIP), or a further letter to another authority."""
    made = add_referral(tenant, actor, case, k, **referral)
    record(tenant, actor, "cases.referral.create", made,
           {"case": case.number, "direction": made.direction,
            "authority_kind": made.authority_kind, "letter_date": str(made.letter_date)})
    return made
