"""gunicorn's output is JSON lines, and each request's access line carries its request id."""

from __future__ import annotations

import json

from service.store.clients import ClientRepository
from service.store.database import Database
from tests.conftest import load_example
from tests.db import fresh_database
from tests.e2e.conftest import gunicorn_server, issue_key
from tests.e2e.test_metrics import Client

ACCESS_FIELDS = {"method", "path", "route", "endpoint", "status", "duration_ms", "client_id"}


def test_every_line_is_json_and_access_lines_carry_the_request_id(tmp_path):
    with fresh_database("sqlite", tmp_path) as url:
        key = issue_key(url, "logs")
        database = Database(url)
        try:
            client_id = ClientRepository(database).find("logs").id
        finally:
            database.dispose()
        with gunicorn_server(url, tmp_path / "gunicorn.log", workers=2) as server:
            anonymous, client = Client(server.url), Client(server.url, key)
            sent = {
                "probe-1": anonymous.send("GET", "/healthz", **{"X-Request-ID": "probe-1"}),
                "post:2.a": client.send(
                    "POST",
                    "/v1/assessments",
                    load_example("kr-defence-ministry"),
                    **{"X-Request-ID": "post:2.a"},
                ),
            }
            generated = [
                anonymous.send("GET", "/nowhere"),
                anonymous.send("GET", "/v1/assessments", **{"X-Request-ID": "not valid!"}),
            ]
        log = server.log()

    entries = []
    for number, line in enumerate(log.splitlines(), 1):
        entry = json.loads(line)  # every line, gunicorn's included
        assert isinstance(entry, dict), (number, line)
        assert {"ts", "level", "logger", "message", "request_id", "pid"} <= entry.keys(), line
        entries.append(entry)
    access = {e["request_id"]: e for e in entries if e["logger"] == "service.access"}

    # The ids the clients chose, and the ids the service generated (as echoed to the client).
    assert sent["probe-1"][1]["X-Request-ID"] == "probe-1"
    assert sent["post:2.a"][1]["X-Request-ID"] == "post:2.a"
    probe, post = access["probe-1"], access["post:2.a"]
    assert probe.keys() >= ACCESS_FIELDS
    assert (probe["method"], probe["path"], probe["status"], probe["client_id"]) == (
        "GET",
        "/healthz",
        200,
        None,
    )
    assert (post["method"], post["route"], post["endpoint"], post["status"]) == (
        "POST",
        "/v1/assessments",
        "assessments.Assessments",
        201,
    )
    assert post["client_id"] == client_id
    assert post["remote_addr"] == "127.0.0.1"
    assert post["duration_ms"] > 0
    for status, headers, _ in generated:
        request_id = headers["X-Request-ID"]
        assert request_id != "not valid!"
        assert access[request_id]["status"] == status
    assert access[generated[0][1]["X-Request-ID"]]["route"] == "unmatched"
    assert access[generated[1][1]["X-Request-ID"]]["status"] == 401

    # gunicorn's own lines are JSON too, outside any request.
    master = [e for e in entries if e["logger"] == "gunicorn.error"]
    assert any(e["message"].startswith("Listening at") for e in master)
    assert all(e["request_id"] is None for e in master)
    # The key itself is never logged.
    assert key not in log
