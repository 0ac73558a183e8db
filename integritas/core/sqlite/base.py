"""SQLite whose writers queue for the write lock instead of polling for it.

SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps 1, 2, 5,
10, ... up to 100 ms between tries. With several web and worker processes writing, most of that
wait is sleep after the lock was already free. Here every transaction (they all begin
IMMEDIATE, as writers) first takes an exclusive `flock` on a file beside the database, which
the kernel hands to the next waiter the moment it is released; SQLite's own lock is then
uncontended. Writes outside a transaction (autocommit) still rely on the busy handler.
The settings select this backend for file databases; an in-memory database needs no queue.
"""

from __future__ import annotations

import fcntl
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _queue_fd: int | None = None
    _queued = False

    def _start_transaction_under_autocommit(self):
        self._join_queue()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _commit(self):
        try:
            super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self):
        try:
            super()._rollback()
        finally:
            self._leave_queue()

    def _close(self):
        try:
            super()._close()
        finally:
            self._leave_queue()
            if self._queue_fd is not None:
                os.close(self._queue_fd)
                self._queue_fd = None

    def _join_queue(self) -> None:
        if self.is_in_memory_db():
            return
        if self._queue_fd is None:
            self._queue_fd = os.open(f"{self.settings_dict['NAME']}.writers",
                                     os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._queue_fd, fcntl.LOCK_EX)
        self._queued = True

    def _leave_queue(self) -> None:
        if self._queued:
            self._queued = False
            fcntl.flock(self._queue_fd, fcntl.LOCK_UN)
