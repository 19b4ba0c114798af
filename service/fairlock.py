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
    starting again. Here a release hands its place to the longest waiter; those that asked to
    go ahead (holders taking back a place they stepped out of) before the rest.
    """

    def __init__(self, width: int = 1) -> None:
        if width < 1:
            raise ValueError("a semaphore needs at least one place")
        self._mutex = threading.Lock()
        self._ahead: deque[threading.Lock] = deque()
        self._waiters: deque[threading.Lock] = deque()
        self._free = width

    def acquire(self, ahead: bool = False) -> None:
        """Take a place, waiting for one if none is free; with `ahead`, in front of every waiter
        that did not ask to go ahead."""
        with self._mutex:
            if self._free:
                self._free -= 1
                return
            turn = threading.Lock()
            turn.acquire()
            (self._ahead if ahead else self._waiters).append(turn)
        turn.acquire()  # released by a holder handing its place over

    def try_acquire(self) -> bool:
        """Take a place if one is free now, without waiting; a waiter's place is never free."""
        with self._mutex:
            if self._free:
                self._free -= 1
                return True
            return False

    def release(self) -> None:
        with self._mutex:
            queue = self._ahead or self._waiters
            if queue:
                queue.popleft().release()  # the place stays taken, now by the waiter
            else:
                self._free += 1

    @property
    def waiting(self) -> int:
        """How many wait for a place now."""
        return len(self._ahead) + len(self._waiters)

    def __enter__(self) -> FairSemaphore:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


class FairLock(FairSemaphore):
    """One holder at a time, first come, first served."""

    def __init__(self) -> None:
        super().__init__(1)
