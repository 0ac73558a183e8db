"""Reads for signing: a user's own pacts, what they must witness, and who may see a signature."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant
from integritas.core.errors import NotFound
from integritas.pacts.models import PactSignature, PactTarget
from integritas.people.models import Employee
from integritas.tenancy.selectors import unit_paths_q


def employee_of(tenant, user) -> Employee | None:
    return Employee.objects.filter(tenant=tenant, user=user).first()


def my_targets(tenant, user) -> QuerySet[PactTarget]:
    """The user's own pacts in this Pemda, newest campaign first, each with its signature."""
    return (PactTarget.objects.filter(tenant=tenant, employee__user=user)
            .select_related("campaign", "campaign__text", "witness")
            .prefetch_related(Prefetch("signatures",
                                       queryset=PactSignature.objects.filter(tenant=tenant)
                                       .select_related("text")))
            .order_by("-campaign__opens_on", "-campaign_id"))


def my_target(tenant, user, pk) -> PactTarget:
    target = (my_targets(tenant, user).select_related("employee", "unit", "tenant")
              .filter(pk=pk).first())
    if target is None:
        raise NotFound("pact_target_not_found", _("The signer does not exist."))
    return target


def awaiting_my_witness(tenant, user) -> QuerySet[PactSignature]:
    """Electronic signatures whose witness is this user and which they have not confirmed."""
    return (PactSignature.objects
            .filter(tenant=tenant, target__witness__user=user, witnessed_at__isnull=True,
                    method=PactSignature.Method.ELECTRONIC,
                    target__status=PactTarget.Status.SIGNED)
            .exclude(target__employee__user=user)
            .select_related("target__campaign")
            .order_by("signed_at", "id"))


def visible_signatures(tenant, user, manage: Grant) -> QuerySet[PactSignature]:
    """Signatures the user signed or witnesses, and, with "pacts.manage", those of the units
    the grant covers."""
    signatures = PactSignature.objects.filter(tenant=tenant).select_related(
        "target__campaign", "target__witness")
    if manage.allowed and manage.unit_paths is None:
        return signatures  # an empty Q() would vanish from the OR below
    mine = Q(target__employee__user=user) | Q(target__witness__user=user)
    if manage.allowed:
        mine |= unit_paths_q(manage, "target__unit__path")
    return signatures.filter(mine)


def signature_for(tenant, user, manage: Grant, pk) -> PactSignature:
    signature = visible_signatures(tenant, user, manage).filter(pk=pk).first()
    if signature is None:
        raise NotFound("pact_signature_not_found", _("The signature does not exist."))
    return signature


def managed_target(tenant, manage: Grant, pk) -> PactTarget:
    """A target in the units an officer's "pacts.manage" grant covers."""
    target = None
    if manage.allowed:
        target = (PactTarget.objects.filter(tenant=tenant, pk=pk)
                  .filter(unit_paths_q(manage, "unit__path"))
                  .select_related("campaign", "employee", "unit").first())
    if target is None:
        raise NotFound("pact_target_not_found", _("The signer does not exist."))
    return target
