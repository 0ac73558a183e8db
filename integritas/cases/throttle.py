"""Rate limits for anonymous reporting, counted per address and per tenant without storing the
address (`integritas.core.throttle`). Limits come from `libraries/cases/intake.yaml`;
`settings.CASES_THROTTLE` overrides them (the intake benchmark does, since its 32 clients share
one address).
"""

from __future__ import annotations

import time

from django.conf import settings

from integritas.cases import reference
from integritas.core.throttle import address_digest, count_in_window

KINDS = {"submit": ("submissions_per_address", "submissions_per_tenant"),
         "login": ("logins_per_address", "logins_per_tenant")}


def allow(request, tenant, kind: str) -> bool:
    """Count one attempt; False when the address or the whole tenant is over its limit."""
    limits = getattr(settings, "CASES_THROTTLE", None) or reference.limits()["throttle"]
    window = int(limits["window_seconds"])
    slot = int(time.time() // window)
    per_address, per_tenant = (int(limits[name]) for name in KINDS[kind])
    address = address_digest(request)
    return (count_in_window(f"cases:{kind}:a:{address}:{slot}", window) <= per_address
            and count_in_window(f"cases:{kind}:t:{tenant.pk}:{slot}", window) <= per_tenant)
