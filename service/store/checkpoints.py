"""SQLite's WAL moved into the database file by a thread of its own, never by a request.

Left to SQLite, the commit that crosses 1,000 WAL pages copies them all and syncs the file
before it returns: about every 70th stored assessment waited milliseconds for it, holding the
writer's turn, and every writer queued behind it. The service's connections turn that off
(`wal_autocheckpoint=0`); this thread checkpoints instead, beside the writers (a PASSIVE
checkpoint blocks no reader or writer), holding them off only for the short RESTART that lets
the WAL start again from its head.

A PASSIVE checkpoint that has not caught the last writer syncs the WAL but not the database
file, so the RESTART's sync of that file would write out every page copied since the last one:
tens of MB, with every writer held (25-75 ms; a stored POST's p99 doubled). Before the RESTART
the thread syncs the file itself and copies again, beside the writers, until little is left,
unless the WAL has grown past twice RESTART_FRAMES: then a longer RESTART costs less than a
longer WAL.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy import Connection, Engine

log = logging.getLogger(__name__)
# The data of the database file to disk; macOS has fsync only.
_sync = getattr(os, "fdatasync", os.fsync)

# Wake after this many writes by this process, or after this long with any write at all.
WRITES_PER_CHECKPOINT = 64
CHECKPOINT_SECONDS = 1.0
# A WAL this long (4 KB pages: 16 MB, some 390 stored assessments of about 11 pages each, packed;
# 17 as text) is restarted from its head.
RESTART_FRAMES = 4096
# Before a RESTART: rounds of sync and copy, until a round finds fewer new frames than this, or
# until the WAL has grown past twice RESTART_FRAMES (then a longer RESTART beats a longer WAL).
SETTLED_FRAMES = 128
SETTLE_ROUNDS = 3


class Checkpointer:
    """One daemon thread per process, started by the first write it is told of (so a gunicorn
    worker starts its own after the fork) and stopped by `stop()`."""

    def __init__(
        self, engine: Engine, writer_turn: Callable[[], AbstractContextManager[None]]
    ) -> None:
        self._engine = engine
        self._writer_turn = writer_turn  # the RESTART queues with the writers, not against them
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._writes = 0

    def wrote(self) -> None:
        """A write committed: count it, and wake the thread when enough have piled up."""
        if self._pid != os.getpid():
            self._start()
        self._writes += 1  # a count lost to a race only delays the next checkpoint
        if self._writes >= WRITES_PER_CHECKPOINT:
            self._wake.set()

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            # Threads do not survive a fork: whatever this object held before belongs to the
            # parent; this process gets fresh events and a thread of its own.
            self._wake, self._stopping = threading.Event(), threading.Event()
            self._writes = 0
            self._thread = threading.Thread(
                target=self._run, name="sqlite-checkpointer", daemon=True
            )
            self._pid = os.getpid()
            self._thread.start()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(CHECKPOINT_SECONDS)
            self._wake.clear()
            if self._writes == 0:
                continue
            self._writes = 0
            self.checkpoint()

    def checkpoint(self) -> None:
        """Copy the WAL into the database file beside the writers; past RESTART_FRAMES, finish
        with writers held off for the few frames left, so the WAL starts again from its head.

        Under steady writes a PASSIVE checkpoint never catches the last writer, and SQLite only
        reuses the WAL from the start once one has: without RESTART it grew by every insert
        (300 MB in 8 s), and appending to an ever longer file tripled the cost of an insert.
        """
        try:
            with self._engine.connect() as connection:
                _, frames = _passive(connection)
                if frames >= RESTART_FRAMES:
                    self._settle(connection, frames)
                    with self._writer_turn():
                        connection.exec_driver_sql("PRAGMA wal_checkpoint(RESTART)").one()
        except Exception:
            # The next round tries again; until then the WAL only grows.
            log.exception("SQLite checkpoint failed")

    def _settle(self, connection: Connection, frames: int) -> None:
        """Sync the database file and copy the frames written meanwhile, beside the writers,
        until a round copies few: the RESTART then has only those to copy and sync. Only a
        shortcut: where the file cannot be synced so, the RESTART syncs it all, as it did."""
        try:
            descriptor = os.open(self._engine.url.database, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            log.warning(
                "SQLite checkpoint: cannot open the database file to sync it", exc_info=True
            )
            return
        try:
            for _ in range(SETTLE_ROUNDS):
                if frames >= 2 * RESTART_FRAMES:  # the writers outran the rounds: restart now
                    return
                _sync(descriptor)
                busy, more = _passive(connection)
                if busy:  # another process is checkpointing: its turn first
                    return
                if more - frames < SETTLED_FRAMES:
                    break
                frames = more
            _sync(descriptor)
        except OSError:
            log.warning("SQLite checkpoint: cannot sync the database file", exc_info=True)
        finally:
            os.close(descriptor)

    def stop(self) -> None:
        """Stop this process's thread after one last checkpoint."""
        thread = self._thread
        if thread is None or self._pid != os.getpid():
            return
        self._stopping.set()
        self._wake.set()
        thread.join()
        self._thread = None
        self._pid = 0
        self.checkpoint()


def _passive(connection: Connection) -> tuple[int, int]:
    """A PASSIVE checkpoint: whether another one (another process's) held it off, and the WAL's
    length in frames (-1 when held off)."""
    busy, frames, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    return busy, frames
