"""Figures this module gives the leadership overview and the public transparency page.

Contract (read by `integritas.oversight`): `unit_metrics(tenant)` returns `{unit_id: {key: value}}`
for the OPDs with pact targets; `tenant_metrics(tenant)` returns the Pemda-wide `{key: value}`; an
empty result means the module is not yet in use. Callers run inside the tenant's scope.

The figures are those of the current campaign: the open campaign that opened last, or, with none
open, the campaign that closed last (drafts are not yet anyone's duty).
- unit (per OPD, the top-level unit of the signers): `pact_completion_pct`.
- tenant: `pact_completion_pct`, `pacts_signed`, `pacts_expected`.
Percentages are 0–100 rounded to one decimal, None with no one to sign.
"""

from __future__ import annotations

from integritas.accounts.permissions import Grant
from integritas.pacts.models import PactCampaign
from integritas.pacts.selectors import campaign_completion, completion_by_opd

WHOLE_TENANT = Grant(True, None)


def current_campaign(tenant) -> PactCampaign | None:
    campaigns = PactCampaign.objects.filter(tenant=tenant)
    return (campaigns.filter(status=PactCampaign.Status.OPEN).order_by("-opens_on", "-pk").first()
            or campaigns.filter(status=PactCampaign.Status.CLOSED)
            .order_by("-closed_at", "-pk").first())


def unit_metrics(tenant) -> dict[int, dict]:
    campaign = current_campaign(tenant)
    if campaign is None:
        return {}
    return {row.opd_id: {"pact_completion_pct": _percent(row.signed, row.total)}
            for row in completion_by_opd(tenant, WHOLE_TENANT, campaign)}


def tenant_metrics(tenant) -> dict:
    campaign = current_campaign(tenant)
    if campaign is None:
        return {}
    total = campaign_completion(tenant, WHOLE_TENANT, campaign)
    return {"pact_completion_pct": _percent(total.signed, total.total),
            "pacts_signed": total.signed, "pacts_expected": total.total}


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
