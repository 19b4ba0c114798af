"""Turns taken in the order they were asked for: the SQLite writer queue's, and each worker's
turns at running a request (api/turns.py)."""

from __future__ import annotations

import threading
from collections import deque


class FairSemaphore:
    """Up to `width` holders at once; the others served first come, first served.

    `threading.Lock` and `threading.Semaphore` let the thread that releases take a place straight
    back, before a woken waiter runs: two threads writing back to back could keep the
    checkpointer's RESTART waiting for most of 1,200 inserts, and the WAL grew to 56 MB instead of
    starting again. Here a release hands its place to the longest waiter.
    """

    def __init__(self, width: int = 1) -> None:
        if width < 1:
            raise ValueError("a semaphore needs at least one place")
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._free = width

    def acquire(self) -> None:
        with self._mutex:
            if self._free:
                self._free -= 1
                return
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        turn.acquire()  # released by a holder handing its place over

    def release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()  # the place stays taken, now by the waiter
            else:
                self._free += 1

    @property
    def waiting(self) -> int:
        """How many wait for a place now."""
        return len(self._waiters)

    def __enter__(self) -> FairSemaphore:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


class FairLock(FairSemaphore):
    """One holder at a time, first come, first served."""

    def __init__(self) -> None:
        super().__init__(1)
