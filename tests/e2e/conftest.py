"""A real gunicorn serving the app on a free loopback port, for end-to-end tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import CONFIG_DIR
from tests.e2e.http_support import wait_for_health

GUNICORN_CONF = CONFIG_DIR / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running gunicorn: its base URL, its master process and the file its output goes to."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def gunicorn(database_url: str, log_path: Path, workers: int = 3, **env: str) -> Iterator[str]:
    """Start gunicorn with the project's config; yield its base URL; stop it with SIGTERM."""
    with gunicorn_server(database_url, log_path, workers, **env) as server:
        yield server.url


@contextmanager
def gunicorn_server(
    database_url: str,
    log_path: Path,
    workers: int = 3,
    app: str | None = None,
    launcher: tuple[str, ...] = (),
    start_timeout: float = 30,
    **env: str,
) -> Iterator[Server]:
    """Like `gunicorn`, yielding the `Server`, so a test can signal the process itself.

    `app` serves another WSGI app (`module:attribute`) under the same settings, for baselines;
    `launcher` runs gunicorn under another program (valgrind, for bench/instructions.py).
    """
    port = free_port()
    environment = {
        **os.environ,
        "ADVISOR_DATABASE_URL": database_url,
        "ADVISOR_BIND": f"127.0.0.1:{port}",
        "ADVISOR_WORKERS": str(workers),
        "ADVISOR_CONFIG_DIR": str(CONFIG_DIR),
        **env,
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                *launcher,
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(GUNICORN_CONF),
                *([app] if app else []),
            ],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server = Server(f"http://127.0.0.1:{port}", process, log_path)
        try:
            wait_for_health(
                server.url,
                alive=lambda: process.poll() is None,
                describe=lambda: log_path.read_text(errors="replace"),
                timeout=start_timeout,
            )
            yield server
        finally:
            stop(process, signal.SIGTERM, grace=30)


def stop(process: subprocess.Popen, sig: signal.Signals, grace: float) -> None:
    """Ask a server to stop with `sig`; kill it if it has not exited within `grace` seconds."""
    if process.poll() is None:
        process.send_signal(sig)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def issue_key(database_url: str, name: str, scopes: tuple[str, ...] = ("assess", "read")) -> str:
    """A real API key in the database the server under test uses."""
    return issue_client(database_url, name, scopes)[0]


def issue_client(
    database_url: str, name: str, scopes: tuple[str, ...] = ("assess", "read")
) -> tuple[str, str]:
    """A real API key in the database the server under test uses, and its client's id."""
    from service.keys import create_key
    from service.store.clients import ClientRepository
    from service.store.database import Database

    database = Database(database_url)
    try:
        raw_key, client = create_key(ClientRepository(database), name, scopes)
    finally:
        database.dispose()
    return raw_key, client.id


def log_entries(log: str) -> list[dict]:
    """A server's log, a JSON object a line (gunicorn's own lines too: tests/e2e/test_logs)."""
    return [json.loads(line) for line in log.splitlines()]


def access_entry(log: str, request_id: str) -> dict | None:
    """The access line the service wrote for a request id, if the log has it yet."""
    for entry in log_entries(log):
        if entry["logger"] == "service.access" and entry.get("request_id") == request_id:
            return entry
    return None
