"""SQLite writers queue for the write lock (integritas/core/sqlite/base.py) instead of polling."""

import threading

import pytest
from django.db.utils import ConnectionHandler

from integritas.core.sqlite.base import DatabaseWrapper


@pytest.fixture(autouse=True)
def _own_database_files(django_db_blocker):
    """These connections open their own files, not the test database."""
    with django_db_blocker.unblock():
        yield


def writer(tmp_path, name: str) -> DatabaseWrapper:
    """A connection of its own to one database file, as another process would have."""
    settings = ConnectionHandler({"default": {
        "ENGINE": "integritas.core.sqlite", "NAME": str(tmp_path / "queue.sqlite3"),
        # A busy timeout far shorter than the waits below: a writer that polled SQLite's lock
        # instead of queueing would fail with "database is locked".
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 0.05}}}).settings
    return DatabaseWrapper(settings["default"], name)


def begin(connection):
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def finish(connection, how):
    getattr(connection, how)()
    connection.set_autocommit(True)


def test_a_second_writer_waits_its_turn_and_starts_when_the_first_commits(tmp_path):
    first = writer(tmp_path, "first")
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    started = threading.Event()

    def write_second():
        second = writer(tmp_path, "second")
        begin(second)
        started.set()
        with second.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (2)")
        finish(second, "commit")
        second.close()

    thread = threading.Thread(target=write_second)
    thread.start()
    assert not started.wait(0.5)
    finish(first, "commit")
    assert started.wait(5)
    thread.join(5)
    with first.cursor() as cursor:
        cursor.execute("SELECT n FROM t ORDER BY n")
        assert cursor.fetchall() == [(1,), (2,)]
    first.close()


def test_a_rolled_back_or_closed_writer_leaves_the_queue(tmp_path):
    first = writer(tmp_path, "first")
    begin(first)
    finish(first, "rollback")
    assert writes_within_seconds(tmp_path, 5)
    begin(first)
    first.close()
    assert writes_within_seconds(tmp_path, 5)


def writes_within_seconds(tmp_path, seconds: float) -> bool:
    """Whether another connection gets a write transaction in time (in a thread, so that a
    queue never left cannot hang the test)."""
    done = threading.Event()

    def write():
        other = writer(tmp_path, "other")
        begin(other)
        finish(other, "commit")
        other.close()
        done.set()

    threading.Thread(target=write, daemon=True).start()
    return done.wait(seconds)
