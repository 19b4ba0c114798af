"""How gunicorn's workers start, listen and are replaced under config/gunicorn.conf.py."""

from __future__ import annotations

import http.client
import json
import time
import urllib.request
from pathlib import Path

import pytest

from service.settings import Settings, SettingsError
from tests.e2e.conftest import gunicorn_server, log_entries


def test_workers_start_with_the_preloaded_app_frozen_out_of_garbage_collection(tmp_path):
    # Without the freeze every worker's full collections walk the whole preloaded app, and their
    # writes to its objects' headers unshare the pages the workers were forked with.
    unused = f"sqlite:///{tmp_path / 'unused.db'}"
    with (
        gunicorn_server(unused, tmp_path / "log", 1, app="tests.e2e.gc_probe:app") as server,
        urllib.request.urlopen(f"{server.url}/healthz", timeout=10) as response,
    ):
        frozen = json.load(response)["frozen"]
    assert frozen > 10_000  # the interpreter, gunicorn and the app's imports, at the least


def _serving_pids(log: str) -> set[int]:
    """The worker pids that wrote an access line."""
    return {entry["pid"] for entry in log_entries(log) if entry["logger"] == "service.access"}


def _listening_sockets(port: int) -> int:
    """How many sockets listen on this TCP port on 127.0.0.1 (Linux: /proc/net/tcp)."""
    listening = f"0100007F:{port:04X}"
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for line in lines if line.split()[1] == listening and line.split()[3] == "0A")


def _health_checks(url: str, count: int) -> None:
    for _ in range(count):
        with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
            assert response.status == 200


def _configuration(log: str) -> dict[str, str]:
    """gunicorn's settings as its master logs them at DEBUG level ("name: value" lines)."""
    for entry in log_entries(log):
        message = entry["message"]
        if message.startswith("Current configuration:"):
            pairs = (line.strip().partition(": ") for line in message.splitlines()[1:])
            return {name: value for name, _, value in pairs}
    raise AssertionError("gunicorn logged no configuration")


def test_workers_are_not_replaced_and_each_has_a_socket_by_default(tmp_path):
    # A replaced worker's keep-alive clients pile onto the others while its successor idles.
    unused = f"sqlite:///{tmp_path / 'unused.db'}"
    with gunicorn_server(unused, tmp_path / "log", 1, ADVISOR_LOG_LEVEL="DEBUG") as server:
        log = server.log()
    settings = _configuration(log)
    assert settings["max_requests"] == "0"
    assert settings["threads"] == str(Settings().threads)
    assert settings["reuse_port"] == "True"
    # The master listens on nothing then; the worker says where it does.
    assert f"Listening at: {server.url} (worker " in log


def test_advisor_max_requests_replaces_a_worker_after_about_that_many_requests(tmp_path):
    unused = f"sqlite:///{tmp_path / 'unused.db'}"
    env = {"ADVISOR_MAX_REQUESTS": "40", "ADVISOR_LOG_LEVEL": "DEBUG"}
    with gunicorn_server(unused, tmp_path / "log", 1, **env) as server:
        _health_checks(server.url, 150)
        log = server.log()
    assert len(_serving_pids(log)) >= 3  # 150 requests, a new worker every 40 (±2)
    # Replaced workers share one socket: a worker's own would reset what is queued on it.
    assert _configuration(log)["reuse_port"] == "False"


def test_advisor_threads_sets_the_threads_of_each_worker(tmp_path):
    unused = f"sqlite:///{tmp_path / 'unused.db'}"
    env = {"ADVISOR_THREADS": "3", "ADVISOR_LOG_LEVEL": "DEBUG"}
    with gunicorn_server(unused, tmp_path / "log", 1, **env) as server:
        log = server.log()
    assert _configuration(log)["threads"] == "3"


@pytest.mark.parametrize("value", ["0", "-2"])
def test_fewer_than_one_thread_is_refused_naming_the_variable(value):
    with pytest.raises(SettingsError, match="ADVISOR_THREADS"):
        Settings.from_env({"ADVISOR_THREADS": value})


@pytest.mark.parametrize("value", ["-1", "-4"])
def test_a_negative_number_of_concurrent_requests_is_refused_naming_the_variable(value):
    with pytest.raises(SettingsError, match="ADVISOR_CONCURRENT_REQUESTS"):
        Settings.from_env({"ADVISOR_CONCURRENT_REQUESTS": value})


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, 1),  # SQLite: one at a time
        ({"ADVISOR_DATABASE_URL": "postgresql://db/advisor"}, 1),  # lent out while it waits
        ({"ADVISOR_DATABASE_URL": "postgresql://db/advisor", "ADVISOR_THREADS": "6"}, 1),
        ({"ADVISOR_CONCURRENT_REQUESTS": "0"}, 1),  # 0, as before: the default
        (
            {"ADVISOR_DATABASE_URL": "postgresql://db/advisor", "ADVISOR_CONCURRENT_REQUESTS": "4"},
            4,
        ),
        ({"ADVISOR_CONCURRENT_REQUESTS": "3"}, 3),
    ],
)
def test_a_worker_runs_one_request_at_a_time_unless_set(environ, expected):
    assert Settings.from_env(environ).requests_at_once == expected


def test_a_negative_max_requests_is_refused_naming_the_variable():
    with pytest.raises(SettingsError, match="ADVISOR_MAX_REQUESTS"):
        Settings.from_env({"ADVISOR_MAX_REQUESTS": "-1"})


def test_new_connections_are_spread_over_the_workers(tmp_path):
    # On one shared socket the first worker to wake often accepted a whole burst of connections,
    # and then served every keep-alive client alone; 32 connections all hashed to one of two
    # workers' sockets is a chance of 2 in 2^32.
    unused = f"sqlite:///{tmp_path / 'unused.db'}"
    with gunicorn_server(unused, tmp_path / "log", 2) as server:
        host, port = server.url.removeprefix("http://").split(":")
        deadline = time.monotonic() + 30  # a liveness bound: the second worker is still starting
        while _listening_sockets(int(port)) < 2:
            assert time.monotonic() < deadline, "the workers do not each listen on a socket"
            time.sleep(0.05)
        connections = [http.client.HTTPConnection(host, int(port), timeout=10) for _ in range(32)]
        try:
            for connection in connections:
                connection.connect()
            for connection in connections:
                connection.request("GET", "/healthz")
                assert connection.getresponse().status == 200
        finally:
            for connection in connections:
                connection.close()
        log = server.log()
    assert len(_serving_pids(log)) == 2
