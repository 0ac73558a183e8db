"""Reads of pact texts, campaigns and their completion, limited to what a grant covers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant
from integritas.core.errors import NotFound
from integritas.pacts.models import LibraryPactText, PactCampaign, PactTarget, PactText
from integritas.tenancy.selectors import unit_paths_q

DONE = Q(status__in=PactTarget.DONE_STATUSES)
PENDING = Q(status=PactTarget.Status.PENDING)


@dataclass(frozen=True)
class Completion:
    """Counts for one OPD (or, with `opd_id` None, the whole campaign as the grant sees it)."""

    opd_id: int | None
    opd_name: str
    total: int
    signed: int
    witnessed: int
    paper: int
    pending: int
    overdue: int

    @property
    def percent_signed(self) -> float:
        return round(100 * self.signed / self.total, 2) if self.total else 0.0


def library_texts() -> QuerySet[LibraryPactText]:
    return LibraryPactText.objects.all()


def current_texts(tenant) -> QuerySet[PactText]:
    """The texts a new campaign may use: the active version of each code."""
    return PactText.objects.filter(tenant=tenant, status=PactText.Status.ACTIVE).order_by("code")


def text_versions(tenant, code: str) -> QuerySet[PactText]:
    """Every version of one text, newest first."""
    return PactText.objects.filter(tenant=tenant, code=code).order_by("-version")


def campaigns_for(tenant, grant: Grant) -> QuerySet[PactCampaign]:
    """Campaigns are Pemda-wide; a unit-limited grant sees them, with only its units' targets."""
    if not grant.allowed:
        return PactCampaign.objects.none()
    return PactCampaign.objects.filter(tenant=tenant).select_related("text")


def campaign_for(tenant, grant: Grant, pk) -> PactCampaign:
    campaign = campaigns_for(tenant, grant).filter(pk=pk).first()
    if campaign is None:
        raise NotFound("pact_campaign_not_found", _("The campaign does not exist."))
    return campaign


def targets_for(tenant, grant: Grant, campaign: PactCampaign) -> QuerySet[PactTarget]:
    if not grant.allowed:
        return PactTarget.objects.none()
    return (PactTarget.objects.filter(tenant=tenant, campaign=campaign)
            .filter(unit_paths_q(grant, "unit__path")))


def completion_by_opd(tenant, grant: Grant, campaign: PactCampaign, *,
                      today: dt.date | None = None) -> list[Completion]:
    """One grouped query: counts per OPD (top-level unit), in the order of the unit tree."""
    rows = (targets_for(tenant, grant, campaign)
            .values("opd_id", "opd__name", "opd__path")
            .annotate(**_counts(today or timezone.localdate()))
            .order_by("opd__path"))
    return [Completion(opd_id=row["opd_id"], opd_name=row["opd__name"],
                       **{key: row[key] for key in _COUNT_KEYS}) for row in rows]


def campaign_completion(tenant, grant: Grant, campaign: PactCampaign, *,
                        today: dt.date | None = None) -> Completion:
    totals = targets_for(tenant, grant, campaign).aggregate(
        **_counts(today or timezone.localdate()))
    return Completion(opd_id=None, opd_name="", **{key: totals[key] for key in _COUNT_KEYS})


def unsigned_targets(tenant, grant: Grant, campaign: PactCampaign, *,
                     opd_id: int | None = None) -> QuerySet[PactTarget]:
    """Who has not signed yet, by OPD and name (for a paginated list or an export)."""
    targets = targets_for(tenant, grant, campaign).filter(PENDING)
    if opd_id is not None:
        targets = targets.filter(opd_id=opd_id)
    return (targets.select_related("employee", "unit", "opd", "witness")
            .order_by("opd__path", "employee__sort_name"))


def overdue_targets(tenant, grant: Grant, campaign: PactCampaign, *,
                    today: dt.date | None = None, opd_id: int | None = None
                    ) -> QuerySet[PactTarget]:
    return unsigned_targets(tenant, grant, campaign, opd_id=opd_id).filter(
        due_on__lt=today or timezone.localdate())


def pacts_of_employee(tenant, employee) -> QuerySet[PactTarget]:
    """An employee's own pacts, newest campaign first (their "my pacts" page)."""
    return (PactTarget.objects.filter(tenant=tenant, employee=employee)
            .select_related("campaign", "campaign__text", "witness")
            .order_by("-campaign__opens_on", "-campaign_id"))


_COUNT_KEYS = ("total", "signed", "witnessed", "paper", "pending", "overdue")


def _counts(today: dt.date) -> dict:
    return {
        "total": Count("pk"),
        "signed": Count("pk", filter=DONE),
        "witnessed": Count("pk", filter=Q(status=PactTarget.Status.WITNESSED)),
        "paper": Count("pk", filter=Q(status=PactTarget.Status.PAPER)),
        "pending": Count("pk", filter=PENDING),
        "overdue": Count("pk", filter=PENDING & Q(due_on__lt=today)),
    }


def signers_to_remind(tenant) -> QuerySet[PactTarget]:
    """Pending signers of open campaigns who have an address to write to (the reminder job's
    reading; not limited by a grant: no person asks for it)."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce, NullIf

    return (PactTarget.objects.filter(tenant=tenant, campaign__status=PactCampaign.Status.OPEN)
            .filter(PENDING)
            .annotate(address=Coalesce(NullIf("employee__user__email", Value("")),
                                       NullIf("employee__email", Value(""))))
            .filter(address__isnull=False)
            .select_related("employee", "employee__user", "campaign"))


def completion_sorted(rows: list[Completion], sort: str) -> list[Completion]:
    """Per-OPD rows sorted by `percent`/`name` (a leading "-" reverses); unit-tree order else."""
    keys = {"percent": lambda row: (row.percent_signed, row.opd_name),
            "name": lambda row: row.opd_name.casefold()}
    key = keys.get(sort.lstrip("-"))
    if key is None:
        return rows
    return sorted(rows, key=key, reverse=sort.startswith("-"))


def campaigns_with_completion(tenant, grant: Grant) -> QuerySet[PactCampaign]:
    """Campaigns annotated with `target_count` and `signed_count` of the targets the grant
    covers: one grouped query for a whole list page."""
    covered = unit_paths_q(grant, "targets__unit__path")
    done = covered & Q(targets__status__in=PactTarget.DONE_STATUSES)
    return campaigns_for(tenant, grant).annotate(
        target_count=Count("targets", filter=covered),
        signed_count=Count("targets", filter=done))


def all_texts(tenant) -> QuerySet[PactText]:
    """Every version of every text of the tenant, by code, newest version first."""
    return PactText.objects.filter(tenant=tenant).order_by("code", "-version")


def completion_total(rows: list[Completion]) -> Completion:
    """The campaign's totals from its per-OPD rows, without scanning the targets again."""
    return Completion(opd_id=None, opd_name="",
                      **{key: sum(getattr(row, key) for row in rows) for key in _COUNT_KEYS})
