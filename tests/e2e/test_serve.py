"""`stakeholder-advisor serve` (what `make run` calls): it speaks only once it listens."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.e2e.conftest import free_port

MARKER = "READY: try the example request now"
CLI = str(Path(sys.executable).with_name("stakeholder-advisor"))


def test_the_announcement_comes_only_once_the_server_answers(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "ADVISOR_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "ADVISOR_WORKERS": "1",
    }
    command = [CLI, "serve"]
    command += ["--bind", f"127.0.0.1:{port}", "--announce", MARKER]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60  # a liveness bound, not a speed target
        for line in process.stdout:
            if line.strip() == MARKER:
                break
            assert time.monotonic() < deadline, "no announcement within 60 s"
        else:
            raise AssertionError(f"the server exited ({process.wait()}) without announcing")
        # Announced means listening: the very next request is answered.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)


def test_a_port_in_use_is_refused_before_anything_is_announced(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [CLI, "serve", "--bind", f"127.0.0.1:{port}", "--announce", MARKER],
            env={**os.environ, "ADVISOR_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}: the address is already in use" in result.stderr
    assert MARKER not in result.stdout
