"""Abuse limits of the public survey form, without storing anything about the respondent.

- One response per visit: the form carries a signed, time-limited visit token; each response
  keeps only a hash of it, and the database refuses a second response with the same hash.
- One response per device and period: a signed cookie lists the periods this browser answered
  (for `device_repeat_days`); it identifies nobody, and clearing it only costs one more response.
- A rate limit per address: a counter in the cache under an HMAC of the address, expiring with
  its one-hour window, so neither the database nor the cache ever holds the address.
"""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.core import signing

from integritas.core.throttle import address_digest, count_in_window

VISIT_SALT = "integritas.surveys.visit"
DEVICE_COOKIE = "itg_survei"
DEVICE_SALT = "integritas.surveys.device"
WINDOW_SECONDS = 3600


def new_visit(link_id: int) -> str:
    return signing.dumps({"link": link_id, "nonce": secrets.token_urlsafe(12)}, salt=VISIT_SALT)


def visit_is_valid(token: str, link_id: int, max_minutes: int) -> bool:
    try:
        data = signing.loads(token, salt=VISIT_SALT, max_age=max_minutes * 60)
    except signing.BadSignature:
        return False
    return isinstance(data, dict) and data.get("link") == link_id


def answered_periods(request) -> set[int]:
    try:
        value = request.get_signed_cookie(DEVICE_COOKIE, salt=DEVICE_SALT)
    except (KeyError, signing.BadSignature):
        return set()
    return {int(part) for part in value.split(".") if part.isdigit()}


def remember_periods(response, request, period_ids, days: int) -> None:
    periods = sorted(answered_periods(request) | set(period_ids))[-50:]
    response.set_signed_cookie(DEVICE_COOKIE, ".".join(map(str, periods)), salt=DEVICE_SALT,
                               max_age=days * 86400, httponly=True, samesite="Lax",
                               secure=settings.SESSION_COOKIE_SECURE)


def within_rate(request, tenant, limit: int) -> bool:
    """Count one submission from this address; False once it is over `limit` this hour."""
    slot = int(time.time() // WINDOW_SECONDS)
    key = f"surveys:rate:{tenant.pk}:{address_digest(request)}:{slot}"
    return count_in_window(key, WINDOW_SECONDS) <= limit
