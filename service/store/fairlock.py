"""A lock taken in the order it was asked for: the turn of the SQLite writer queue's threads."""

from __future__ import annotations

import threading
from collections import deque


class FairLock:
    """First come, first served. `threading.Lock` lets the thread that releases it take it straight
    back, before a woken waiter runs: two threads writing back to back could keep the
    checkpointer's RESTART waiting for most of 1,200 inserts, and the WAL grew to 56 MB instead of
    starting again. Here a release hands the lock to the longest waiter."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._held = False

    def acquire(self) -> None:
        with self._mutex:
            if not self._held:
                self._held = True
                return
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        turn.acquire()  # released by the holder handing the lock over

    def release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()  # still held, now by the longest waiter
            else:
                self._held = False

    def __enter__(self) -> FairLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()
