"""Counting anonymous visitors' attempts without storing who they are.

A counter lives in the cache under an HMAC of the client address (so neither the cache nor the
database holds the address) and expires with its window. The address is `REMOTE_ADDR`, or the
header named by `settings.CASES_CLIENT_IP_HEADER` (e.g. "HTTP_X_REAL_IP") behind a proxy that
sets it. Public reporting (cases) and the public survey form use it.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


def address_digest(request) -> str:
    header = getattr(settings, "CASES_CLIENT_IP_HEADER", "")
    address = (request.META.get(header) if header else None) or request.META.get(
        "REMOTE_ADDR", "")
    address = address.split(",")[0].strip()
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(),
                    hashlib.sha256).hexdigest()[:32]


def count_in_window(key: str, window: int) -> int:
    """Add one to the counter `key`, which lives for `window` seconds; return its new value."""
    # An existing counter is the usual case under load: try it first (one read and one write).
    try:
        return cache.incr(key)
    except ValueError:  # no counter yet, or it expired
        if cache.add(key, 1, timeout=window + 1):
            return 1
        return cache.incr(key)  # another request created it meanwhile
