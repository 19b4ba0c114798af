"""A real gunicorn serving the app on a free loopback port, for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import CONFIG_DIR

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
    database_url: str, log_path: Path, workers: int = 3, **env: str
) -> Iterator[Server]:
    """Like `gunicorn`, yielding the `Server`, so a test can signal the process itself."""
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
            [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF)],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server = Server(f"http://127.0.0.1:{port}", process, log_path)
        try:
            _wait_until_healthy(server.url, process, log_path)
            yield server
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_healthy(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not become healthy:\n{log_path.read_text(errors='replace')}")


def issue_key(database_url: str, name: str, scopes: tuple[str, ...] = ("assess", "read")) -> str:
    """A real API key in the database the server under test uses."""
    from service.keys import create_key
    from service.store.clients import ClientRepository
    from service.store.database import Database

    database = Database(database_url)
    try:
        raw_key, _ = create_key(ClientRepository(database), name, scopes)
    finally:
        database.dispose()
    return raw_key
