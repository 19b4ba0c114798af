"""`make bench-inprocess`: the service's requests in one process, no gunicorn, part by part.

Under `make bench-http` runs of the same code differ by 10 to 20%, which hides a part of the
request path worth 2 to 5% of a request. Here each row is called as WSGI on the app itself, beside
the bare Flask app and the work alone (bench/floor.py), on a fresh SQLite database: the least of
several timed runs, in µs a request, or with `--instructions` the instructions a request (callgrind,
the same from run to run within about 1%). `--without PART` builds the service with one part of
its request path left out (see PARTS), so what the part costs is the difference: the figures for
choosing what to work on, not for the README's targets, which are gunicorn's.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from unittest import mock

from werkzeug.test import create_environ

from bench.http import NEW_PROFILES, PROFILE, UNLIMITED, new_profiles
from bench.instructions import dump, instructions

# What `--without` takes out: the part's name, and what is replaced by a function that does
# nothing (an `init_*` the app factory calls, or what a hook or a view calls every request).
PARTS: dict[str, str] = {
    "access-line": "service.observability.logs.log_access",
    "metrics": "service.observability.metrics.Metrics.observe_request",
    "request-id": "service.observability.request_id.init_request_id",
    "security-headers": "service.api.security.init_security",
    "trusted-proxies": "service.api.proxies.init_trusted_proxies",
    "plain-headers": "service.api.plainheaders.init_plain_headers",
    "rate-limits": "service.api.ratelimit.init_rate_limits",
    "media-type": "service.api.media.init_media_rules",
    "body-checks": "service.api.body.init_body_rules",
    "path-checks": "service.api.path_params.init_path_rules",
    "turns": "service.api.turns.init_turns",
    "cors": "service.api.cors.init_cors",
    "rule-fires": "service.api.assessments.views.record_submission",
}
ROWS = ("bare", "healthz", "get", "list", "dry", "dry-new", "stored", "stored-new")
WORK_ALONE = "alone:"  # a row's twin on the floor app: "alone:get"
COLLECTION = "/v1/assessments"
DRY_RUN = f"{COLLECTION}?dry_run=true"
LISTING_PAGE = 20
WARM_UP = 50
COUNTING = "ADVISOR_BENCH_COUNTING"  # set in the process callgrind runs


def _nothing(*_args: Any, **_kwargs: Any) -> None:
    return None


@contextmanager
def without(parts: Iterable[str]) -> Iterator[None]:
    """The parts named left out of what runs inside the block: the apps built in it, and what
    every request calls (the metrics' `observe_request`)."""
    with ExitStack() as stack:
        for part in parts:
            stack.enter_context(mock.patch(PARTS[part], _nothing))
        yield


@dataclass(frozen=True)
class Call:
    """One row's request: the WSGI app that answers it, its method and path, the caller's key,
    its bodies in turn."""

    app: Callable[..., Any]
    method: str
    path: str
    key: str
    bodies: tuple[bytes, ...] = (b"",)

    @cached_property
    def environs(self) -> tuple[dict[str, Any], ...]:
        """Each body's environ, made once: the timed loop copies it rather than building it."""
        return tuple(environ(self.method, self.path, body, self.key) for body in self.bodies)

    def request(self, n: int) -> dict[str, Any]:
        """The environ of the row's `n`th request, its body to read afresh."""
        turn = n % len(self.bodies)
        return {**self.environs[turn], "wsgi.input": io.BytesIO(self.bodies[turn])}


def environ(method: str, path: str, body: bytes, key: str) -> dict[str, Any]:
    """A WSGI environ as gunicorn hands a request on to the app."""
    return create_environ(
        path,
        "http://127.0.0.1:8000/",
        method=method,
        data=body or None,
        content_type="application/json" if body else None,
        headers={"Accept": "*/*", "Authorization": f"Bearer {key}"},
        environ_overrides={"REMOTE_ADDR": "127.0.0.1"},
        multithread=True,
        multiprocess=True,
    )


def send(app: Callable[..., Any], env: dict[str, Any]) -> tuple[int, bytes]:
    """Run one request through a WSGI app: its status code and body."""
    statuses: list[str] = []
    answer = app(env, lambda status, _headers, _exc=None: statuses.append(status))
    try:
        body = b"".join(answer)
    finally:
        close = getattr(answer, "close", None)
        if close is not None:
            close()
    return int(statuses[0].split()[0]), body


class Bench:
    """The apps on one fresh SQLite database, a client's key, and a stored assessment to read."""

    def __init__(self, database_url: str, parts: Iterable[str] = ()) -> None:
        import bench.bare
        from bench.floor import create_floor_app
        from service import create_app
        from service.keys import create_key
        from service.settings import Settings

        settings = Settings(
            config_dir=Path(__file__).resolve().parents[1] / "config",
            database_url=database_url,
            ratelimit_default=UNLIMITED,
        )
        # Left out for as long as the bench runs: some are looked up on every request.
        self._parts = ExitStack()
        self._parts.enter_context(without(parts))
        try:
            self.service = create_app(settings)
        except BaseException:
            self._parts.close()
            raise
        state = self.service.extensions["advisor"]
        self.key, client = create_key(state.clients, "bench", ("assess", "read"))
        self.floor = create_floor_app(settings, client.id)
        self.bare = bench.bare.app
        self.body = PROFILE.read_bytes()
        # A full page to list, the first of it to read.
        store = Call(self.service, "POST", COLLECTION, self.key, (self.body,))
        with quiet_stdout():
            stored = [self.send(store, 0) for _ in range(LISTING_PAGE)]
        self.stored_id = json.loads(stored[0][1])["id"]

    def close(self) -> None:
        self.floor.extensions["database"].dispose()
        self.service.extensions["advisor"].database.dispose()
        self._parts.close()

    def send(self, call: Call, n: int) -> tuple[int, bytes]:
        return send(call.app, call.request(n))

    def call(self, row: str) -> Call:
        """The request of a row (ROWS), on the floor app if it is WORK_ALONE's twin."""
        alone = row.startswith(WORK_ALONE)
        name = row.removeprefix(WORK_ALONE)
        app = self.floor if alone else self.service
        key = self.key
        calls = {
            "bare": lambda: Call(self.bare, "GET", "/hello", key),
            "healthz": lambda: Call(app, "GET", "/healthz", key),
            "get": lambda: Call(app, "GET", f"/v1/assessments/{self.stored_id}", key),
            "list": lambda: Call(app, "GET", f"/v1/assessments?limit={LISTING_PAGE}", key),
            "dry": lambda: Call(app, "POST", DRY_RUN, key, (self.body,)),
            "dry-new": lambda: Call(app, "POST", DRY_RUN, key, self.renamed(name, alone)),
            "stored": lambda: Call(app, "POST", COLLECTION, key, (self.body,)),
            "stored-new": lambda: Call(app, "POST", COLLECTION, key, self.renamed(name, alone)),
        }
        return calls[name]()

    def renamed(self, row: str, alone: bool) -> tuple[bytes, ...]:
        """New profiles of a row's own, as bench/http.py sends: a profile another row sent
        would be answered from the evaluation kept for it."""
        first = 1 + NEW_PROFILES * (ROWS.index(row) + (len(ROWS) if alone else 0))
        return tuple(
            body.encode() for body in new_profiles(self.body.decode(), NEW_PROFILES, first)
        )


@contextmanager
def quiet_stdout() -> Iterator[None]:
    """The access lines the service writes go to /dev/null, as cheaply as to a log file."""
    saved = sys.stdout
    with open(os.devnull, "w") as devnull:
        sys.stdout = devnull
        try:
            yield
        finally:
            sys.stdout = saved


def timed(bench: Bench, call: Call, requests: int, runs: int) -> float:
    """µs a request: the least of `runs` runs of `requests` requests, after a warm-up."""
    sent = 0
    best = float("inf")
    with quiet_stdout():
        for _ in range(WARM_UP):
            bench.send(call, sent)
            sent += 1
        for _ in range(runs):
            started = time.perf_counter()
            for _ in range(requests):
                status, _body = bench.send(call, sent)
                sent += 1
            best = min(best, (time.perf_counter() - started) / requests)
            if status >= 300:
                raise RuntimeError(f"{call.method} {call.path}: HTTP {status}")
    return best * 1e6


def counted(bench: Bench, call: Call, requests: int, directory: Path) -> float:
    """Instructions a request, this process being run by callgrind (see `--instructions`)."""
    sent = 0
    with quiet_stdout():
        for _ in range(WARM_UP):
            bench.send(call, sent)
            sent += 1
        dump(os.getpid(), directory)
        for _ in range(requests):
            status, _body = bench.send(call, sent)
            sent += 1
        count = instructions(dump(os.getpid(), directory))
    if status >= 300:
        raise RuntimeError(f"{call.method} {call.path}: HTTP {status}")
    return count / requests


def measure(rows: list[str], parts: list[str], requests: int, runs: int) -> list[tuple[str, float]]:
    """Each row's figure: µs a request, or under callgrind instructions a request."""
    from tests.db import fresh_database

    counting = os.environ.get(COUNTING)
    with (
        tempfile.TemporaryDirectory(prefix="advisor-inprocess-") as tmp,
        fresh_database("sqlite", Path(tmp)) as url,
    ):
        bench = Bench(url, parts)
        try:
            if counting:
                directory = Path(counting)
                return [(row, counted(bench, bench.call(row), requests, directory)) for row in rows]
            return [(row, timed(bench, bench.call(row), requests, runs)) for row in rows]
        finally:
            bench.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", default="bare,healthz,get,alone:get,list,alone:list,dry,alone:dry"
    )
    parser.add_argument("--without", default="", help=f"parts left out: {', '.join(PARTS)}")
    parser.add_argument(
        "--requests", type=int, default=1000, help="requests a run (callgrind: 200)"
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--instructions", action="store_true", help="count under callgrind")
    args = parser.parse_args()
    rows = [row for row in args.rows.split(",") if row]
    parts = [part for part in args.without.split(",") if part]
    unknown = [r for r in rows if r.removeprefix(WORK_ALONE) not in ROWS] + [
        p for p in parts if p not in PARTS
    ]
    if unknown:
        parser.error(f"unknown rows or parts: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="advisor-metrics-") as metrics:
        # As under gunicorn: metrics in multiprocess mode, set before prometheus-client is
        # imported (a run under callgrind inherits its parent's directory).
        os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", metrics)
        if args.instructions and not os.environ.get(COUNTING):
            _under_callgrind(sys.argv[1:])
        else:
            _report(rows, parts, args.requests, args.runs)


def _report(rows: list[str], parts: list[str], requests: int, runs: int) -> None:
    requests = requests if not os.environ.get(COUNTING) else min(requests, 200)
    figures = measure(rows, parts, requests, runs)
    unit = "instructions" if os.environ.get(COUNTING) else "µs"
    bare = dict(figures).get("bare")
    print(f"in process, SQLite, without: {', '.join(parts) or 'nothing'}; {unit} a request")
    for row, figure in figures:
        ratio = f"{bare / figure:8.2f}" if bare else ""
        print(f"{row:<14} {figure:>14,.1f} {ratio}")


def _under_callgrind(arguments: list[str]) -> None:
    """Run this benchmark again, as a whole, under callgrind, its dumps in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="advisor-callgrind-") as directory:
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={directory}/callgrind.%p",
            sys.executable,
            "-m",
            "bench.inprocess",
            *arguments,
        ]
        environment = {**os.environ, COUNTING: directory}
        done = subprocess.run(command, env=environment, stderr=subprocess.PIPE, text=True)
        if done.returncode:
            sys.stderr.write(done.stderr)
            raise SystemExit(done.returncode)


if __name__ == "__main__":
    main()
