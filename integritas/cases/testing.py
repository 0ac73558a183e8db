"""Test helpers for case keys: give a persona a handler key and unlock it in a test client.

`force_login` never sees a password, so nothing is unlocked; `unlock(client, user)` does what a
password login does (cases/receivers.py) for that client's session.
"""

from __future__ import annotations

import base64

from integritas.cases import crypto, keys, vault
from integritas.cases.models import HandlerKey
from integritas.core.testing.factories import DEMO_PASSWORD

TEST_PASSWORD = DEMO_PASSWORD
FAST_KDF = {"opslimit": 1, "memlimit": 8192}


def give_handler_key(user, password: str = TEST_PASSWORD) -> bytes:
    """The user's private key, creating their HandlerKey if needed."""
    existing = HandlerKey.objects.filter(user=user).first()
    if existing is not None:
        return keys.unwrap_private_key(existing, password)
    return keys.create_handler_key(user, password)


def unlock(client, user, password: str = TEST_PASSWORD) -> bytes:
    private = give_handler_key(user, password)
    cookie_key = crypto.new_data_key()
    session = client.session
    session[vault.PREFIX + keys.HANDLER_VAULT] = base64.b64encode(
        crypto.box(cookie_key, keys._bound(user, private))).decode()
    session.save()
    client.cookies[vault.COOKIE] = base64.urlsafe_b64encode(cookie_key).decode()
    return private
