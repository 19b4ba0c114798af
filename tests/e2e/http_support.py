"""HTTP helpers shared by the end-to-end tests: wait for a server's health, post an assessment."""

from __future__ import annotations

import http.client
import json
import time
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit


def wait_for_health(
    base: str, alive: Callable[[], bool], describe: Callable[[], str], timeout: float
) -> None:
    """Poll GET /healthz until 200; fail early with `describe()` if the server stops being alive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise AssertionError(f"the server exited early:\n{describe()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server was not healthy after {timeout} s:\n{describe()}")


def post_assessment(base: str, key: str, body: bytes) -> tuple[int, str | None]:
    """POST a profile with a key; (status, assessment id or None). Connection errors propagate."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
        connection.request("POST", "/v1/assessments", body, headers)
        response = connection.getresponse()
        payload = json.loads(response.read() or b"{}")
        return response.status, payload.get("id")
    finally:
        connection.close()
