"""Counting anonymous visitors' attempts without storing who they are.

A counter is keyed by an HMAC of the client address (so nothing stores the address) and expires
with its window. The address is `REMOTE_ADDR`, or the header named by
`settings.CASES_CLIENT_IP_HEADER` (e.g. "HTTP_X_REAL_IP") behind a proxy that sets it. Public
reporting (cases) and the public survey form use it.

Counters live in the cache when it is shared memory (Redis), else in a small SQLite file
(`settings.THROTTLE_COUNTERS_PATH`) written without waiting for the disk: one atomic statement
per count, where Django's file cache rewrites and renames a whole file (which ext4 flushes).
A counter lost in a crash only forgives a few attempts.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import threading
import time

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
    path = getattr(settings, "THROTTLE_COUNTERS_PATH", "")
    if path:
        return _count_in_file(str(path), key, window)
    return _count_in_cache(key, window)


def _count_in_cache(key: str, window: int) -> int:
    try:  # an existing counter is the usual case under load
        return cache.incr(key)
    except ValueError:  # no counter yet, or it expired
        if cache.add(key, 1, timeout=window + 1):
            return 1
        return cache.incr(key)  # another request created it meanwhile


_COUNT = """
    INSERT INTO counter (key, value, expires_at) VALUES (?, 1, ?)
    ON CONFLICT (key) DO UPDATE SET
        value = CASE WHEN counter.expires_at <= ? THEN 1 ELSE counter.value + 1 END,
        expires_at = CASE WHEN counter.expires_at <= ? THEN excluded.expires_at
                          ELSE counter.expires_at END
    RETURNING value
"""
_files = threading.local()


def _count_in_file(path: str, key: str, window: int) -> int:
    now = time.time()
    counters = _counter_file(path)
    (value,) = counters.execute(_COUNT, (key, now + window + 1, now, now)).fetchone()
    if value == 1:  # a new window: drop the counters of windows gone by
        counters.execute("DELETE FROM counter WHERE expires_at <= ?", (now,))
    return value


def _counter_file(path: str) -> sqlite3.Connection:
    # One connection per process and thread: a forked worker must not use its parent's.
    if getattr(_files, "pid", None) == os.getpid() and _files.path == path:
        return _files.connection
    if getattr(_files, "pid", None) == os.getpid():
        _files.connection.close()  # the path changed (tests give each test its own file)
    connection = sqlite3.connect(path, timeout=5, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("CREATE TABLE IF NOT EXISTS counter (key TEXT PRIMARY KEY, "
                       "value INTEGER NOT NULL, expires_at REAL NOT NULL)")
    connection.execute("CREATE INDEX IF NOT EXISTS counter_expiry ON counter (expires_at)")
    _files.pid, _files.path, _files.connection = os.getpid(), path, connection
    return connection
