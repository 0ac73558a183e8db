"""Per-process caches that stay right across processes.

A cached value is kept with the tokens of the data sets it was built from (`CacheToken`: one
random token per set, in the database). Every writer of a set replaces its token inside its own
transaction (`bump`), so a commit makes every process rebuild and a rollback changes nothing.
Checking a value costs one indexed query for all its tokens. A set without a token gets one
before anything is cached against it: a missing token says nothing about the data (a fresh or
rolled-back database would otherwise look unchanged).

The calendar caches days off this way, and the cases intake what each report reads.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from django.db import IntegrityError, connection, transaction

from integritas.core.models import CacheToken

Value = TypeVar("Value")


def bump(scope: str) -> None:
    """Replace the token of `scope`; call it in the transaction that changes the data."""
    token = uuid.uuid4().hex
    if not CacheToken.objects.filter(scope=scope).update(token=token):
        CacheToken.objects.update_or_create(scope=scope, defaults={"token": token})


def current(scopes: tuple[str, ...]) -> tuple[str, ...]:
    """The tokens of `scopes`, in order; a scope without one gets one first."""
    found = _read(scopes)
    for scope in scopes:
        if scope not in found:
            try:
                with transaction.atomic():
                    CacheToken.objects.create(scope=scope, token=uuid.uuid4().hex)
            except IntegrityError:  # another process created it meanwhile
                pass
            found = _read(scopes)
    return tuple(found[scope] for scope in scopes)


def _read(scopes: tuple[str, ...]) -> dict[str, str]:
    # Raw SQL: this runs on every cached read (each anonymous report), where the ORM's query
    # building would cost more than the query.
    marks = ", ".join(["%s"] * len(scopes))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT scope, token FROM {CacheToken._meta.db_table} "
                       f"WHERE scope IN ({marks})", list(scopes))
        return dict(cursor.fetchall())


class ProcessCache(Generic[Value]):
    """Values by key, each valid while the tokens of its scopes are those it was built under."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[tuple[str, ...], Value]] = {}

    def get(self, key: Hashable, scopes: tuple[str, ...], build: Callable[[], Value]) -> Value:
        tokens = current(scopes)
        entry = self._entries.get(key)
        if entry is not None and entry[0] == tokens:
            return entry[1]
        value = build()  # read after the tokens, so it is at least as new as they are
        self._entries[key] = (tokens, value)
        return value

    def forget(self, key: Hashable) -> None:
        self._entries.pop(key, None)
