"""Secrets kept in a session only as ciphertext whose key lives in a cookie.

A handler's unlocked private key and a reporter's receipt-derived key must survive between
requests without being readable from the server's storage: the session (database or cache)
holds `secretbox(cookie_key, secret)`, and `cookie_key` lives only in the browser's `itg_vault`
cookie (HttpOnly, SameSite=Lax, Secure behind TLS). A dump of the sessions, or the cookie alone,
opens nothing. Logging out flushes the session and with it every vault entry.

The cookie is written by the accounts middleware from `request.pending_cookies`, so code that has
no response at hand (the login signal) can still set it.
"""

from __future__ import annotations

import base64

from django.conf import settings

from integritas.cases import crypto

COOKIE = "itg_vault"
PREFIX = "vault:"


def put(request, name: str, secret: bytes) -> None:
    request.session[PREFIX + name] = base64.b64encode(
        crypto.box(_cookie_key(request), secret)).decode()


def get(request, name: str) -> bytes | None:
    stored = request.session.get(PREFIX + name) if hasattr(request, "session") else None
    key = _existing_cookie_key(request)
    if stored is None or key is None:
        return None
    try:
        return crypto.unbox(key, base64.b64decode(stored))
    except (crypto.CryptoError, ValueError):
        return None


def drop(request, name: str) -> None:
    request.session.pop(PREFIX + name, None)


def _existing_cookie_key(request) -> bytes | None:
    pending = getattr(request, "_vault_key", None)
    if pending is not None:
        return pending
    try:
        key = base64.urlsafe_b64decode(request.COOKIES.get(COOKIE, ""))
    except ValueError:
        return None
    return key if len(key) == crypto.KEY_BYTES else None


def _cookie_key(request) -> bytes:
    key = _existing_cookie_key(request)
    if key is None:
        key = crypto.new_data_key()
        request._vault_key = key
        if not hasattr(request, "pending_cookies"):
            request.pending_cookies = []
        request.pending_cookies.append({
            "key": COOKIE, "value": base64.urlsafe_b64encode(key).decode(), "httponly": True,
            "samesite": "Lax", "secure": settings.SESSION_COOKIE_SECURE,
        })
    return key
