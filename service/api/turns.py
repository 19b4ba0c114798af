"""Each worker runs `Settings.requests_at_once` requests at a time, the others waiting their turn.

A worker's threads share one interpreter: four requests running at once each give it up at every
system call and wait for it again behind the others, so each takes about as long as all four and
the tail grows (bench/FINDINGS.md). A request takes its turn here, in the order requests got here,
once its key, its limits and its body are checked, so a client sending a body slowly holds only
its own thread; it gives the turn back at teardown, before gunicorn sends the answer. The probes
and `/metrics` take no turn: they show a busy worker as it is, never queued behind its work.
"""

from __future__ import annotations

from flask import Flask, request

from service.fairlock import FairSemaphore

HELD = "advisor.turn"  # WSGI environ key: set while the request holds a turn
TURNS = "advisor.turns"  # app.extensions key: the worker's turns, when it has more threads
WITHOUT_TURN = frozenset({"health.Health", "health.Ready", "metrics.metrics"})


def init_turns(app: Flask, concurrent_requests: int, threads: int) -> None:
    """Register last among the before-request hooks: every cheap refusal comes first. Nothing is
    registered when a worker's threads are no more than its turns."""
    if concurrent_requests >= threads:
        return
    turns = app.extensions[TURNS] = FairSemaphore(concurrent_requests)

    @app.before_request
    def take_turn() -> None:
        current = request._get_current_object()
        if current.endpoint in WITHOUT_TURN:
            return
        turns.acquire()
        current.environ[HELD] = True

    @app.teardown_request
    def give_turn_back(_error: BaseException | None) -> None:
        # The first app teardown to run (Flask runs them last registered first).
        if request.environ.pop(HELD, False):
            turns.release()
