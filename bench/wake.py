"""`make bench-wake`: how much more CPU the same work takes right after a pause than back to back.

`make bench-http`'s CPU per request is not instructions: on these shared virtual cores the same
code runs slower after a pause (a database's commit, the writer queue, the next request) than
back to back, even when the thread spent the pause spinning. Whether the core's caches, its
predictors or its clock were lost meanwhile the guest cannot see; the effect it can. A stored POST
waits where a dry run does not, so its CPU per request grows by more than its instructions
(`make bench-instructions`). This measures it in one process: the thread CPU time of one call,
back to back and after each kind of pause, for the bare app's request and for the work of a
dry-run POST (the use case, service/assess.py, and encoding).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from werkzeug.test import create_environ

from bench.bare import app as bare_app
from bench.http import PROFILE, host_ticks, steal_between
from service import wire
from service.assess import assess
from service.registry import load_registry
from service.settings import PROJECT_ROOT

WARM_UP = 300


@dataclass(frozen=True)
class Pause:
    """What the thread does between two timed calls: sleep, or spin on the clock without a wait."""

    label: str
    seconds: float
    sleeps: bool  # the thread sleeps (its core may idle or run others), or spins on the clock

    def __call__(self) -> None:
        if self.sleeps:
            time.sleep(self.seconds)
            return
        end = time.perf_counter() + self.seconds
        while time.perf_counter() < end:
            pass


PAUSES = (
    Pause("back to back", 0.0, sleeps=False),
    Pause("after 1 ms spinning", 0.001, sleeps=False),
    Pause("after 0.1 ms asleep", 0.0001, sleeps=True),
    Pause("after 1 ms asleep", 0.001, sleeps=True),
    Pause("after 10 ms asleep", 0.01, sleeps=True),
)


def bare_request() -> Callable[[], bytes]:
    """One GET /hello through the bare app's WSGI callable, as gunicorn would call it; its body."""
    environ = create_environ("/hello", "http://127.0.0.1:8000/")

    def start_response(status: str, headers: list, exc_info: object = None) -> None:
        if status != "200 OK":
            raise RuntimeError(f"the bare app answered {status}")

    def call() -> bytes:
        response = bare_app({**environ, "wsgi.input": io.BytesIO()}, start_response)
        try:
            return b"".join(response)
        finally:
            response.close()

    return call


def assessment(profile: Path = PROFILE) -> Callable[[], bytes]:
    """The work of a dry-run POST of the benchmarks' profile: validate, evaluate, encode."""
    registry = load_registry(PROJECT_ROOT / "config")
    raw = json.loads(profile.read_text(encoding="utf-8"))

    def call() -> bytes:
        return wire.encode(assess(registry, raw))

    return call


def measure(
    calls: dict[str, Callable[[], object]], rounds: int, per_round: int
) -> dict[tuple[str, str], float]:
    """Median thread CPU µs of each call after each pause; pauses and calls take turns, round
    by round, so a machine slower in one round than another weighs on every cell alike."""
    for call in calls.values():
        for _ in range(WARM_UP):
            call()
    samples: dict[tuple[str, str], list[int]] = {}
    for _ in range(rounds):
        for pause in PAUSES:
            for name, call in calls.items():
                cell = samples.setdefault((pause.label, name), [])
                for _ in range(per_round):
                    pause()
                    started = time.thread_time_ns()
                    call()
                    cell.append(time.thread_time_ns() - started)
    return {cell: statistics.median(values) / 1000 for cell, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=200, help="calls per cell and round")
    args = parser.parse_args()
    calls = {"bare Flask GET /hello": bare_request(), "assessment (dry run's work)": assessment()}
    ticks_before = host_ticks()
    medians = measure(calls, args.rounds, args.calls)
    steal = steal_between(ticks_before, host_ticks())
    names = list(calls)
    print(
        f"thread CPU µs per call, medians of {args.rounds} interleaved rounds × {args.calls} "
        f"calls; × back to back in brackets; steal {100 * steal:.1f}%"
    )
    print(f"{'':24}" + "".join(f"{name:>34}" for name in names))
    first = PAUSES[0].label
    for pause in PAUSES:
        cells = []
        for name in names:
            value = medians[pause.label, name]
            cells.append(f"{value:>24.1f} ({value / medians[first, name]:>5.2f}×)")
        print(f"{pause.label:24}" + "".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
