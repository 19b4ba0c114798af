"""Each worker runs `Settings.requests_at_once` requests at a time, the others waiting their turn.

A worker's threads share one interpreter: four requests running at once each give it up at every
system call and wait for it again behind the others, so each takes about as long as all four and
the tail grows (bench/FINDINGS.md). A request takes its turn here, in the order requests got here,
once its key, its limits and its body are checked, so a client sending a body slowly holds only
its own thread; it gives the turn back at teardown, before gunicorn sends the answer. The probes
and `/metrics` take no turn: they show a busy worker as it is, never queued behind its work.

While a request waits on PostgreSQL, it lends its turn out (`Turns.aside`, which the store runs
each statement's round trip in) so the worker runs another meanwhile; it takes the turn back
ahead of the requests that have not started yet.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Protocol

from flask import Flask, request

from service.fairlock import FairSemaphore
from service.observability.metrics import EXTENSION

TURNS = "advisor.turns"  # app.extensions key: the worker's turns, when it has more threads
WITHOUT_TURN = frozenset({"health.Health", "health.Ready", "metrics.metrics"})


class Gauge(Protocol):
    """What counts the requests waiting: the metrics' gauge (observability/metrics.py)."""

    def inc(self) -> None: ...
    def dec(self) -> None: ...


class Turns:
    """A worker's turns, which of its threads hold one, and how many wait (on `queue`)."""

    def __init__(self, width: int, queue: Gauge) -> None:
        self.places = FairSemaphore(width)
        self._queue = queue
        self._holding = threading.local()
        self._aside = _StepAside(self)

    def take(self) -> None:
        self._wait_for_turn(ahead=False)
        self._holding.turn = True

    def _wait_for_turn(self, ahead: bool) -> None:
        """A place now if one is free, else in the queue: `ahead` to take a lent turn back."""
        if self.places.try_acquire():
            return
        self._queue.inc()
        try:
            self.places.acquire(ahead=ahead)
        finally:
            self._queue.dec()

    def give_back(self) -> None:
        """Give back the turn this thread holds, if it holds one."""
        if getattr(self._holding, "turn", False):
            self._holding.turn = False
            self.places.release()

    def lend(self) -> None:
        """Give this thread's turn, if it holds one, to the next in line until `take_back`."""
        if getattr(self._holding, "turn", False):
            self.give_back()
            self._holding.lent = True

    def take_back(self) -> None:
        """Take back a lent turn, ahead of the requests that have not started."""
        if getattr(self._holding, "lent", False):
            self._holding.lent = False
            self._wait_for_turn(ahead=True)
            self._holding.turn = True

    def aside(self) -> _StepAside:
        """A context in which this thread's request, if it holds a turn, lends it out: for
        waiting on a server, whose answer it then waits its turn again to use."""
        return self._aside

    @property
    def waiting(self) -> int:
        """How many requests wait for a turn now."""
        return self.places.waiting


class _StepAside:
    """`Turns.aside()`: one instance per worker; what it lent is kept per thread by `Turns`."""

    def __init__(self, turns: Turns) -> None:
        self._turns = turns

    def __enter__(self) -> None:
        self._turns.lend()

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self._turns.take_back()


def init_turns(app: Flask, concurrent_requests: int, threads: int) -> Turns | None:
    """Register last among the before-request hooks: every cheap refusal comes first. Nothing is
    registered, and None returned, when a worker's threads are no more than its turns."""
    if concurrent_requests >= threads:
        return None
    queue = app.extensions[EXTENSION].waiting_for_turn
    turns = app.extensions[TURNS] = Turns(concurrent_requests, queue)

    @app.before_request
    def take_turn() -> None:
        if request.endpoint not in WITHOUT_TURN:
            turns.take()

    @app.teardown_request
    def give_turn_back(_error: BaseException | None) -> None:
        # The first app teardown to run (Flask runs them last registered first).
        turns.give_back()

    return turns
