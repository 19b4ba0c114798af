"""nginx (Debian's, with config/nginx's template) in front of a real gunicorn: slow clients starve
gunicorn's threads when they reach it directly and cost nothing through the proxy; the proxy's
limits, headers and error pages; the client's address reaches the service's logs.

Needs Debian's nginx (.ci/run installs it): without it these tests skip, except under CI=true.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.problemtypes import PROBLEM_TYPES
from service.settings import Settings
from tests.conftest import load_example
from tests.db import fresh_database
from tests.e2e.conftest import Server, access_entry, free_port, gunicorn_server, issue_key
from tests.e2e.http_support import wait_for_health
from tests.e2e.nginx_support import TEMPLATE, TEMPLATE_VARIABLES, Nginx, nginx, nginx_binary

MAX_BODY = Settings().max_body_bytes
THREADS = Settings().threads  # per worker (ADVISOR_THREADS); one worker here
# A generous bound for an answer through the proxy: a liveness check, not a speed target.
LIVENESS_SECONDS = 10
# Long enough to show a request is stuck behind slow clients, short enough for the suite.
STARVED_SECONDS = 3
# Three ways to stop half-way: in the request line, in the headers, in the body.
SLOW_STARTS = (
    b"GET /healthz HT",
    b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
    b"POST /v1/assessments?dry_run=true HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"stakeholder_type"',
)
PROBLEM_FIELDS = {"type", "title", "status", "detail", "request_id"}


@dataclass
class Stack:
    service: Server
    proxy: Nginx
    key: str

    def service_access(self, request_id: str) -> dict:
        """The service's access line for a request id (its log is unbuffered)."""
        deadline = time.monotonic() + LIVENESS_SECONDS
        while time.monotonic() < deadline:
            entry = access_entry(self.service.log(), request_id)
            if entry is not None:
                return entry
            time.sleep(0.05)
        raise AssertionError(f"no access line for {request_id}:\n{self.service.log()}")

    def post(self, url: str, path: str, body: bytes) -> tuple[int, http.client.HTTPMessage, bytes]:
        """POST JSON with the stack's key, to the proxy or straight to the service."""
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.key}"}
        return request(url, "POST", path, body, headers)


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    nginx_binary()
    directory = tmp_path_factory.mktemp("proxy")
    with fresh_database("sqlite", directory) as url:
        key = issue_key(url, "proxy")
        with gunicorn_server(
            url,
            directory / "gunicorn.log",
            workers=1,
            ADVISOR_TRUSTED_PROXIES="127.0.0.1",
            PYTHONUNBUFFERED="1",
        ) as service:
            upstream = service.url.removeprefix("http://")
            with nginx(directory / "nginx", upstream, MAX_BODY) as proxy:
                yield Stack(service, proxy, key)


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def request(
    url: str,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    source: str = "127.0.0.1",
    timeout: float = LIVENESS_SECONDS,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection(
        "127.0.0.1", port_of(url), timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body, headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def raw_exchange(port: int, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are; read the answer until nginx closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=LIVENESS_SECONDS) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), headers, body


@contextmanager
def slow_clients(url: str, count: int) -> Iterator[None]:
    """`count` connections that send the start of a request and then nothing; closed on exit."""
    sockets: list[socket.socket] = []
    try:
        for number in range(count):
            sock = socket.create_connection(("127.0.0.1", port_of(url)), timeout=5)
            sockets.append(sock)
            sock.sendall(SLOW_STARTS[number % len(SLOW_STARTS)])
        yield
    finally:
        for sock in sockets:
            sock.close()


def assert_problem(status: int, headers, body: bytes, expected: int) -> dict:
    assert status == expected, body
    assert headers["Content-Type"] == "application/problem+json", headers
    problem = json.loads(body)
    assert problem.keys() >= PROBLEM_FIELDS, problem
    assert problem["status"] == expected
    assert problem["request_id"] == headers["X-Request-ID"]
    assert problem["type"].removeprefix("/problems/") in PROBLEM_TYPES, problem["type"]
    assert PROBLEM_TYPES[problem["type"].removeprefix("/problems/")].status == expected
    return problem


# Slow clients --------------------------------------------------------------------------------


def test_without_the_proxy_a_few_slow_clients_starve_gunicorn(stack: Stack) -> None:
    """Why the proxy is there: gunicorn's threads wait on a slow client with no deadline."""
    with slow_clients(stack.service.url, 2 * THREADS):
        time.sleep(0.5)  # let the worker hand them to its threads before the probe queues up
        with pytest.raises(TimeoutError):
            request(stack.service.url, "GET", "/healthz", timeout=STARVED_SECONDS)
    # Once they are gone, the threads are free again: starved, not broken.
    wait_for_health(
        stack.service.url,
        alive=lambda: stack.service.process.poll() is None,
        describe=stack.service.log,
        timeout=LIVENESS_SECONDS,
    )


def test_through_the_proxy_200_slow_clients_do_not_delay_a_request(stack: Stack) -> None:
    profile = json.dumps(load_example("kr-defence-ministry")).encode()
    with slow_clients(stack.proxy.url, 200):
        status, _, body = request(stack.proxy.url, "GET", "/healthz")
        assert status == 200, body
        status, _, body = stack.post(stack.proxy.url, "/v1/assessments", profile)
        assert status == 201, body
        # gunicorn itself never saw them: its threads are idle.
        status, _, _ = request(stack.service.url, "GET", "/healthz", timeout=STARVED_SECONDS)
        assert status == 200


# Headers -------------------------------------------------------------------------------------


def test_the_callers_request_id_passes_through_to_the_service(stack: Stack) -> None:
    _, headers, _ = request(stack.proxy.url, "GET", "/healthz", headers={"X-Request-ID": "p.1-x"})
    assert headers["X-Request-ID"] == "p.1-x"
    assert stack.service_access("p.1-x")["path"] == "/healthz"


def test_without_a_request_id_nginx_and_the_service_log_the_same_new_one(stack: Stack) -> None:
    _, headers, _ = request(stack.proxy.url, "GET", "/healthz", headers={"X-Request-ID": "bad id!"})
    request_id = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id), request_id
    assert stack.service_access(request_id)["status"] == 200
    line = f'"request_id":"{request_id}"'
    assert line in stack.proxy.access_log_with(line)


def test_the_service_sees_the_client_address_only_through_its_trusted_proxy(stack: Stack) -> None:
    """Loopback has many addresses: the client speaks from 127.0.0.2, nginx from 127.0.0.1."""
    spoofed = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    _, via_proxy, _ = request(
        stack.proxy.url, "GET", "/healthz", headers=spoofed, source="127.0.0.2"
    )
    _, direct, _ = request(
        stack.service.url, "GET", "/healthz", headers=spoofed, source="127.0.0.2"
    )
    assert stack.service_access(via_proxy["X-Request-ID"])["remote_addr"] == "127.0.0.2"
    assert stack.service_access(direct["X-Request-ID"])["remote_addr"] == "127.0.0.2"


def test_the_server_header_names_no_version(stack: Stack) -> None:
    _, proxied, _ = request(stack.proxy.url, "GET", "/healthz")
    refused = raw_exchange(stack.proxy.port, b"GARBAGE\r\n\r\n")
    assert proxied["Server"] == "nginx"
    assert refused[1]["Server"] == "nginx"


# The proxy's own answers ---------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_by_the_proxy_as_the_service_would(
    stack: Stack,
) -> None:
    body = b" " * (MAX_BODY + 1)
    by_proxy = assert_problem(*stack.post(stack.proxy.url, "/v1/assessments", body), 413)
    by_service = assert_problem(*stack.post(stack.service.url, "/v1/assessments", body), 413)
    assert (by_proxy["type"], by_proxy["title"]) == (by_service["type"], by_service["title"])
    assert by_proxy["request_id"] not in stack.service.log(), "the service never saw it"

    chunked = (
        b"POST /v1/assessments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % (MAX_BODY + 1) + body + b"\r\n0\r\n\r\n"
    )
    assert_problem(*raw_exchange(stack.proxy.port, chunked), 413)


def test_a_body_at_the_limit_reaches_the_service(stack: Stack) -> None:
    profile = json.dumps({"stakeholder_type": "legislature"}).encode()
    body = profile + b" " * (MAX_BODY - len(profile))
    status, _, answer = stack.post(stack.proxy.url, "/v1/assessments?dry_run=true", body)
    assert status == 200, answer


def test_a_request_nginx_cannot_read_gets_a_problem(stack: Stack) -> None:
    assert_problem(*raw_exchange(stack.proxy.port, b"GARBAGE\r\n\r\n"), 400)
    no_host = b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"
    assert_problem(*raw_exchange(stack.proxy.port, no_host), 400)


def test_the_error_page_location_is_not_served_to_clients(stack: Stack) -> None:
    problem = assert_problem(*request(stack.proxy.url, "GET", "/_proxy/problem"), 404)
    assert problem["type"] == "/problems/not-found"


def test_no_service_behind_the_proxy_is_503_with_retry_after(tmp_path: Path) -> None:
    with nginx(tmp_path, f"127.0.0.1:{free_port()}", MAX_BODY) as proxy:
        status, headers, body = request(
            proxy.url, "POST", "/v1/assessments", b"{}", {"X-Request-ID": "down-1"}
        )
    problem = assert_problem(status, headers, body, 503)
    assert problem["request_id"] == "down-1"
    assert headers["Retry-After"] == "5"


def test_the_template_uses_only_the_documented_variables() -> None:
    placeholders = set(re.findall(r"\$\{(\w+)\}", TEMPLATE.read_text(encoding="utf-8")))
    assert placeholders == set(TEMPLATE_VARIABLES)
