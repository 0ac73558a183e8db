"""Rate limits for anonymous endpoints, counted in the cache under a keyed hash of the address.

Nothing about the sender is stored: the counter's key is an HMAC of the client address (so the
cache holds no address), and it expires with its window. The address is `REMOTE_ADDR`, or the
header named by `settings.CASES_CLIENT_IP_HEADER` (e.g. "HTTP_X_REAL_IP") behind a proxy that
sets it. Limits come from `libraries/cases/intake.yaml`; `settings.CASES_THROTTLE` overrides them
(the intake benchmark does, since its 32 clients share one address).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

from integritas.cases import reference

KINDS = {"submit": ("submissions_per_address", "submissions_per_tenant"),
         "login": ("logins_per_address", "logins_per_tenant")}


def allow(request, tenant, kind: str) -> bool:
    """Count one attempt; False when the address or the whole tenant is over its limit."""
    limits = getattr(settings, "CASES_THROTTLE", None) or reference.limits()["throttle"]
    window = int(limits["window_seconds"])
    slot = int(time.time() // window)
    per_address, per_tenant = (int(limits[name]) for name in KINDS[kind])
    address = _address_digest(request)
    return (_count(f"cases:{kind}:a:{address}:{slot}", window) <= per_address
            and _count(f"cases:{kind}:t:{tenant.pk}:{slot}", window) <= per_tenant)


def _count(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return 1


def _address_digest(request) -> str:
    header = getattr(settings, "CASES_CLIENT_IP_HEADER", "")
    address = (request.META.get(header) if header else None) or request.META.get(
        "REMOTE_ADDR", "")
    address = address.split(",")[0].strip()
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(),
                    hashlib.sha256).hexdigest()[:32]
