"""On a SQLite file, commits never checkpoint the WAL; a thread of each process does, and stops
with the Database. Checked by the database file itself: it grows only when a checkpoint copies
pages into it."""

from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from service.store import checkpoints
from service.store.database import Database, WriterQueue, sqlite_lock_path
from service.store.repository import AssessmentRepository
from tests.db import fresh_database
from tests.test_support import incompressible_text, stored_assessment

DEADLINE = 30  # seconds: liveness only
RESULT = incompressible_text(40_000)  # ten overflow pages, packed or not
ROWS = checkpoints.WRITES_PER_CHECKPOINT + 16


@pytest.fixture
def sqlite_url(tmp_path):
    with fresh_database("sqlite", tmp_path) as url:
        yield url


def _file(url: str) -> Path:
    return Path(make_url(url).database)


def _grows_past(path: Path, size: int) -> bool:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if path.stat().st_size > size:
            return True
        time.sleep(0.05)
    return False


def _add(database: Database, numbers: range) -> None:
    repository = AssessmentRepository(database)
    for n in numbers:
        repository.add(stored_assessment(n, result=RESULT))


def _checkpointer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "sqlite-checkpointer"]


def test_commits_leave_the_wal_to_the_checkpointer(sqlite_url):
    others = len(_checkpointer_threads())  # of databases other tests keep open
    database = Database(sqlite_url)
    try:
        assert database.rows(text("PRAGMA wal_autocheckpoint"))[0][0] == 0
        before = _file(sqlite_url).stat().st_size
        _add(database, range(ROWS))
        # The rows reach the database file without another write or a request to checkpoint.
        assert _grows_past(_file(sqlite_url), before + ROWS * len(RESULT) // 2)
        assert len(_checkpointer_threads()) == others + 1
    finally:
        database.dispose()
    assert len(_checkpointer_threads()) == others
    database = Database(sqlite_url)
    try:
        assert AssessmentRepository(database).count() == ROWS
    finally:
        database.dispose()


def test_a_forked_worker_checkpoints_with_a_thread_of_its_own(sqlite_url):
    """gunicorn forks its workers from a master that has the Database already."""
    database = Database(sqlite_url)
    _add(database, range(1))  # the parent's thread starts; it does not survive the fork
    before = _file(sqlite_url).stat().st_size
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            _add(database, range(1, ROWS + 1))
            code = 0 if _grows_past(_file(sqlite_url), before + ROWS * len(RESULT) // 2) else 2
        finally:
            os._exit(code)
    try:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        database.dispose()


def test_an_in_memory_database_has_no_checkpointer():
    others = len(_checkpointer_threads())
    database = Database("sqlite://")
    try:
        with database.writing() as session:
            session.execute(text("CREATE TABLE t (n INTEGER PRIMARY KEY)"))
        database.write(text("INSERT INTO t VALUES (:n)"), {"n": 1})
        assert len(_checkpointer_threads()) == others
    finally:
        database.dispose()


def test_under_steady_writes_the_wal_starts_again_instead_of_growing(sqlite_url, monkeypatch):
    """A PASSIVE checkpoint never catches writers that keep coming; the RESTART after it does."""
    monkeypatch.setattr(checkpoints, "WRITES_PER_CHECKPOINT", 8)
    monkeypatch.setattr(checkpoints, "RESTART_FRAMES", 256)
    database = Database(sqlite_url)
    wal = Path(f"{_file(sqlite_url)}-wal")
    # 1,200 rows of ten pages and more: 80 MB through the WAL, all of it kept were it never
    # started again. How far it runs ahead of the checkpoints depends on the scheduler, hence
    # the generous bound.
    rows_per_thread = 600
    try:
        writers = [
            threading.Thread(
                target=_add, args=(database, range(t * 1000, t * 1000 + rows_per_thread))
            )
            for t in range(2)
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(DEADLINE)
        assert AssessmentRepository(database).count() == 2 * rows_per_thread
        assert wal.stat().st_size < 40 * 2**20
    finally:
        database.dispose()


def _quiet_thread(monkeypatch) -> None:
    """The Database's own checkpointer thread stays idle: the test calls checkpoint() itself."""
    monkeypatch.setattr(checkpoints, "WRITES_PER_CHECKPOINT", 10**9)
    monkeypatch.setattr(checkpoints, "CHECKPOINT_SECONDS", 3600)


@pytest.fixture
def writer_queue(sqlite_url):
    """A queue on the database's lock file: a turn taken here holds off the Database's writers."""
    queue = WriterQueue(sqlite_lock_path(sqlite_url))
    yield queue
    queue.close()


def _noting_turn(queue: WriterQueue, events: list[str]):
    """The writers' turn, noted in `events` once taken."""

    @contextmanager
    def turn():
        with queue.turn():
            events.append("turn")
            yield

    return turn


def _wal_frames(database: Database) -> int:
    return database.rows(text("PRAGMA wal_checkpoint(PASSIVE)"))[0][1]


def test_the_restart_holds_writers_off_only_after_the_database_file_is_synced(
    sqlite_url, writer_queue, monkeypatch
):
    """A PASSIVE checkpoint that copied without catching up leaves the database file unsynced;
    the file is synced before the writers' turn is taken, so the RESTART syncs only what is left.
    """
    _quiet_thread(monkeypatch)
    monkeypatch.setattr(checkpoints, "RESTART_FRAMES", 256)
    database_file = _file(sqlite_url).resolve()
    events: list[str] = []
    real_sync = checkpoints._sync

    def recording_sync(descriptor: int) -> None:
        target = Path(os.readlink(f"/proc/self/fd/{descriptor}"))
        events.append("sync database" if target == database_file else f"sync {target}")
        real_sync(descriptor)

    monkeypatch.setattr(checkpoints, "_sync", recording_sync)
    database = Database(sqlite_url)
    try:
        # Some 320 frames of the WAL: past RESTART_FRAMES, short of twice that.
        _add(database, range(25))
        checkpoints.Checkpointer(database.engine, _noting_turn(writer_queue, events)).checkpoint()
        assert events[-2:] == ["sync database", "turn"]
        # The WAL starts again from its head: one more row is all it holds.
        _add(database, range(25, 26))
        assert 0 < _wal_frames(database) < 64
        assert AssessmentRepository(database).count() == 26
    finally:
        database.dispose()


def test_a_wal_the_writers_ran_far_ahead_with_is_restarted_without_syncing_first(
    sqlite_url, writer_queue, monkeypatch
):
    """Past twice RESTART_FRAMES the rounds would only let the WAL grow further: RESTART at once."""
    _quiet_thread(monkeypatch)
    monkeypatch.setattr(checkpoints, "RESTART_FRAMES", 128)
    events: list[str] = []
    monkeypatch.setattr(checkpoints, "_sync", lambda descriptor: events.append("sync"))
    database = Database(sqlite_url)
    try:
        _add(database, range(25))  # some 320 frames: more than twice 128
        checkpoints.Checkpointer(database.engine, _noting_turn(writer_queue, events)).checkpoint()
        assert events == ["turn"]
        _add(database, range(25, 26))
        assert 0 < _wal_frames(database) < 64
    finally:
        database.dispose()


def test_a_database_file_that_cannot_be_synced_beforehand_still_has_its_wal_restarted(
    sqlite_url, writer_queue, monkeypatch, caplog
):
    """Syncing beforehand only shortens the RESTART: where it fails, the RESTART syncs it all."""
    _quiet_thread(monkeypatch)
    monkeypatch.setattr(checkpoints, "RESTART_FRAMES", 256)

    def failing_sync(descriptor: int) -> None:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(checkpoints, "_sync", failing_sync)
    database = Database(sqlite_url)
    try:
        _add(database, range(25))
        checkpoints.Checkpointer(database.engine, writer_queue.turn).checkpoint()
        assert "cannot sync the database file" in caplog.text
        _add(database, range(25, 26))
        assert 0 < _wal_frames(database) < 64
    finally:
        database.dispose()
