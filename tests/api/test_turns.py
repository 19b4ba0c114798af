"""Each worker runs one request at a time past its checks; the rest wait their turn in order."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

import pytest
from werkzeug.serving import make_server

from service.api.turns import TURNS, Turns
from tests.conftest import bearer, load_example, make_key

DEADLINE = 10  # seconds: liveness only


@dataclass
class Holding:
    """A test route that records who got in and keeps the one named `held` inside until let go."""

    held: str = "a"
    entered: list[str] = field(default_factory=list)
    inside: threading.Event = field(default_factory=threading.Event)
    let_go: threading.Event = field(default_factory=threading.Event)
    lender_inside: threading.Event = field(default_factory=threading.Event)
    answered: threading.Event = field(default_factory=threading.Event)

    def view(self):
        from flask import request

        name = request.args["name"]
        self.entered.append(name)
        if name == "boom":
            raise RuntimeError("a view that fails, to show its turn is given back")
        if name == self.held:
            self.inside.set()
            assert self.let_go.wait(DEADLINE)
        if name == "lender":  # waits as on a database server, its turn lent out meanwhile
            from flask import current_app

            with current_app.extensions[TURNS].aside():
                self.lender_inside.set()
                assert self.answered.wait(DEADLINE)
            self.entered.append("lender, back")
        return {"name": name}


@dataclass
class Served:
    url: str
    port: int
    turns: Turns | None
    holding: Holding
    key: str


@contextmanager
def serving(make_app, **settings) -> Iterator[Served]:
    """The real app with a `/hold` route, served by werkzeug with a thread per connection."""
    app = make_app(**settings)
    holding = Holding()
    app.add_url_rule("/hold", "hold", holding.view)
    key = make_key(app, "turns", ("assess", "read"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(
            f"127.0.0.1:{server.server_port}",
            server.server_port,
            app.extensions.get(TURNS),
            holding,
            key,
        )
    finally:
        holding.let_go.set()
        holding.answered.set()
        server.shutdown()
        thread.join(DEADLINE)


def call(served: Served, method: str, path: str, body: bytes | None = None, **headers: str):
    connection = http.client.HTTPConnection(served.url, timeout=DEADLINE)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Background:
    """A request on its own thread, its answer kept."""

    def __init__(self, served: Served, path: str) -> None:
        self.answer: tuple[int, bytes] | None = None
        self.thread = threading.Thread(target=self._run, args=(served, path), daemon=True)
        self.thread.start()

    def _run(self, served: Served, path: str) -> None:
        self.answer = call(served, "GET", path)

    def join(self) -> tuple[int, bytes]:
        self.thread.join(DEADLINE)
        assert self.answer is not None, "the request never finished"
        return self.answer


def until(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.002)


@contextmanager
def one_inside(served: Served) -> Iterator[Background]:
    """Request "a" holds the worker's turn until the block ends."""
    holder = Background(served, "/hold?name=a")
    assert served.holding.inside.wait(DEADLINE)
    try:
        yield holder
    finally:
        served.holding.let_go.set()
    assert holder.join()[0] == 200


def test_requests_wait_for_their_turn_and_take_it_in_the_order_they_came(make_app):
    with serving(make_app, threads=8, concurrent_requests=1) as served:
        with one_inside(served):
            waiting = []
            for n, name in enumerate("bcd", start=1):
                waiting.append(Background(served, f"/hold?name={name}"))
                until(lambda n=n: served.turns.waiting == n, f"{name} never queued")
            assert served.holding.entered == ["a"]  # none of them ran while "a" held the turn
        assert [request.join()[0] for request in waiting] == [200, 200, 200]
        assert served.holding.entered == list("abcd")
        assert served.turns.waiting == 0


def test_probes_and_metrics_answer_while_the_turn_is_held(make_app):
    with serving(make_app, threads=8, concurrent_requests=1) as served, one_inside(served):
        for path in ("/healthz", "/readyz", "/metrics"):
            status, body = call(served, "GET", path)
            assert status == 200, (path, body)
        assert served.turns.waiting == 0


def waiting_shown(served: Served) -> float:
    """`advisor_requests_waiting_for_turn` as `/metrics` shows it."""
    status, body = call(served, "GET", "/metrics")
    assert status == 200
    for line in body.decode().splitlines():
        if line.startswith("advisor_requests_waiting_for_turn "):
            return float(line.split()[1])
    raise AssertionError("no advisor_requests_waiting_for_turn in /metrics")


def test_metrics_show_how_many_requests_wait_for_a_turn(make_app):
    with serving(make_app, threads=8, concurrent_requests=1) as served:
        assert waiting_shown(served) == 0
        with one_inside(served):
            waiting = [Background(served, f"/hold?name={name}") for name in "bc"]
            until(lambda: served.turns.waiting == 2, "b and c never queued")
            assert waiting_shown(served) == 2
        assert [request.join()[0] for request in waiting] == [200, 200]
        assert waiting_shown(served) == 0


def test_refusals_come_before_the_turn(make_app):
    """A missing key, a body too large or too deep is answered without waiting for the turn."""
    with serving(make_app, threads=8, concurrent_requests=1) as served, one_inside(served):
        status, _ = call(served, "GET", "/v1/rulesets")
        assert status == 401
        json_post = {"Content-Type": "application/json", **bearer(served.key)}
        status, _ = call(served, "POST", "/v1/assessments", b"[" * 70_000, **json_post)
        assert status == 413
        status, _ = call(served, "POST", "/v1/assessments", b"[" * 20, **json_post)
        assert status == 400
        assert served.turns.waiting == 0


def test_a_client_sending_its_body_slowly_holds_no_turn(make_app):
    with serving(make_app, threads=8, concurrent_requests=1) as served:
        slow = socket.create_connection(("127.0.0.1", served.port), timeout=DEADLINE)
        try:
            slow.sendall(
                b"POST /v1/assessments?dry_run=true HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nContent-Length: 100\r\n"
                + f"Authorization: Bearer {served.key}\r\n\r\n".encode()
                + b'{"actor'
            )
            profile = json.dumps(load_example("kr-defence-ministry")).encode()
            headers = {"Content-Type": "application/json", **bearer(served.key)}
            status, body = call(served, "POST", "/v1/assessments?dry_run=true", profile, **headers)
            assert status == 200, body
        finally:
            slow.close()


def test_a_request_that_fails_gives_its_turn_back(make_app):
    with serving(make_app, threads=8, concurrent_requests=1) as served:
        status, _ = call(served, "GET", "/hold?name=boom")
        assert status == 500
        status, _ = call(served, "GET", "/hold?name=after")
        assert status == 200
        assert served.holding.entered == ["boom", "after"]
        assert served.turns.waiting == 0 and served.turns.places._free == 1


def test_more_turns_let_that_many_requests_run_at_once(make_app):
    with serving(make_app, threads=8, concurrent_requests=2) as served:
        with one_inside(served):
            status, _ = call(served, "GET", "/hold?name=b")  # the second turn: not queued
            assert status == 200
        assert served.holding.entered == ["a", "b"]


@pytest.mark.parametrize(("threads", "concurrent"), [(4, 4), (1, 1), (2, 3)])
def test_no_turns_when_a_worker_has_no_more_threads_than_turns(make_app, threads, concurrent):
    with serving(make_app, threads=threads, concurrent_requests=concurrent) as served:
        assert served.turns is None
        with one_inside(served):
            status, _ = call(served, "GET", "/hold?name=b")
            assert status == 200


def test_a_request_waiting_on_the_database_lends_its_turn_out_and_takes_it_back_first(make_app):
    with serving(make_app, threads=8, concurrent_requests=1) as served:
        lender = Background(served, "/hold?name=lender")
        assert served.holding.lender_inside.wait(DEADLINE)
        with one_inside(served):  # "a" has the lent turn
            later = Background(served, "/hold?name=c")
            until(lambda: served.turns.waiting == 1, "c never queued")
            served.holding.answered.set()  # the lender's server answers: it waits for the turn
            until(lambda: served.turns.waiting == 2, "the lender never asked for its turn back")
        assert lender.join()[0] == 200 and later.join()[0] == 200
        assert served.holding.entered == ["lender", "a", "lender, back", "c"]
        assert served.turns.waiting == 0 and served.turns.places._free == 1


def test_a_worker_takes_one_request_at_a_time_by_default(make_app):
    with serving(make_app, threads=8) as served, one_inside(served):
        second = Background(served, "/hold?name=b")
        until(lambda: served.turns.waiting == 1, "b never queued")
        assert served.holding.entered == ["a"]
    assert second.join()[0] == 200


def test_a_request_lends_its_turn_out_only_while_it_waits_on_a_server(app):
    """PostgreSQL answers across a socket, while the worker could run another request; SQLite's
    reads and writes are the worker's own work."""
    database = app.extensions["advisor"].database
    turns = app.extensions[TURNS]
    if database.is_sqlite:
        assert database.while_waiting is nullcontext
    else:
        assert database.while_waiting == turns.aside
