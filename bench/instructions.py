"""`make bench-instructions`: instructions per request, each row beside the bare Flask app's.

`make bench-http` measures req/s on loopback, which on shared cores swings with whatever else
runs (the bare app alone was seen at 2,255 and 5,978 req/s in one run). This counts instead the
instructions a gunicorn worker executes per request, under valgrind's callgrind: the same for
the same code whatever the neighbours do. It leaves out what the kernel does for a request
(socket calls, fsync) and time spent waiting, which only `make bench-http` shows.

One worker under config/gunicorn.conf.py, one keep-alive client sending requests one after
another; the worker's counters are dumped before and after each row's requests.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bench.http import (
    BARE_ROW,
    PROFILE,
    UNLIMITED,
    Row,
    benched_backends,
    service_rows,
    tools_missing,
    with_work_alone,
    workers_of,
)
from tests.db import fresh_database, postgres_base_url
from tests.e2e.conftest import Server, gunicorn_server, issue_client

WARM_UP = 20
# Start-up under valgrind takes about 20× its usual time; requests run one at a time, so no
# request waits on another and the worker's timeout need not cover valgrind's pace.
START_TIMEOUT = 600
SLOW_WORKER = {"GUNICORN_CMD_ARGS": "--timeout 600 --max-requests 0"}


@contextmanager
def counted(
    database_url: str, directory: Path, app: str | None = None, **env: str
) -> Iterator[Server]:
    """gunicorn with one worker, every process under callgrind, its dumps in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    launcher = (
        "valgrind",
        "--tool=callgrind",
        "--trace-children=yes",
        f"--callgrind-out-file={directory}/callgrind.%p",
    )
    with gunicorn_server(
        database_url,
        directory / "server.log",
        1,
        app=app,
        launcher=launcher,
        start_timeout=START_TIMEOUT,
        **SLOW_WORKER,
        **env,
    ) as server:
        yield server


def dump(pid: int, directory: Path) -> Path:
    """Ask callgrind to write the worker's counts since its last dump; the new file's path."""
    before = set(directory.glob(f"callgrind.{pid}*"))
    subprocess.run(["callgrind_control", "--dump", str(pid)], capture_output=True, check=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        new = set(directory.glob(f"callgrind.{pid}*")) - before
        if new:
            return new.pop()
        time.sleep(0.1)
    raise RuntimeError(f"callgrind wrote no dump for process {pid}")


def instructions(dump_file: Path) -> int:
    for line in dump_file.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise RuntimeError(f"no totals in {dump_file}")


def per_request(server: Server, directory: Path, row: Row, key: str, requests: int) -> float:
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    sent = 0

    def send() -> None:
        nonlocal sent
        body = row.body_of(sent)
        sent += 1
        connection.request(row.method, row.path, body and body.encode(), headers)
        response = connection.getresponse()
        response.read()
        if response.status >= 300:
            raise RuntimeError(f"{row.label}: HTTP {response.status}")

    [pid] = workers_of(server.process.pid)  # one worker
    try:
        for _ in range(WARM_UP):
            send()
        dump(pid, directory)
        for _ in range(requests):
            send()
        return instructions(dump(pid, directory)) / requests
    finally:
        connection.close()


def bench_backend(
    backend: str, directory: Path, requests: int, only: str | None
) -> list[tuple[str, float]]:
    body = PROFILE.read_text(encoding="utf-8")
    unused = f"sqlite:///{directory / 'unused.db'}"
    with counted(unused, directory / "bare", app="bench.bare:app") as bare:
        results = [(BARE_ROW.label, per_request(bare, directory / "bare", BARE_ROW, "", requests))]
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database(backend, directory))
        key, client_id = issue_client(url, "bench")
        service = stack.enter_context(
            counted(url, directory / "service", ADVISOR_RATELIMIT_DEFAULT=UNLIMITED)
        )
        floor = stack.enter_context(
            counted(url, directory / "floor", "bench.floor:app", ADVISOR_BENCH_CLIENT=client_id)
        )
        for row, alone in with_work_alone(service_rows(service.url, key, body, only)):
            server, dumps = (
                (floor, directory / "floor") if alone else (service, directory / "service")
            )
            results.append((row.label, per_request(server, dumps, row, key, requests)))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="requests counted per row")
    parser.add_argument("--only", help="run only the rows whose label contains this text")
    args = parser.parse_args()
    if tools_missing(
        ("valgrind", "callgrind_control"), "`make bench-instructions` (Debian's valgrind)"
    ):
        return 2
    backends = benched_backends()
    print(
        f"gunicorn with config/gunicorn.conf.py, 1 worker under callgrind; {args.requests} "
        "requests per row, one at a time on one keep-alive connection"
    )
    print(f"{'database':<11} {'row':<40} {'instructions':>12} {'bare ÷ row':>10}")
    with tempfile.TemporaryDirectory(prefix="advisor-instructions-") as tmp:
        for backend in backends:
            directory = Path(tmp) / backend
            directory.mkdir()
            results = bench_backend(backend, directory, args.requests, args.only)
            baseline = results[0][1]
            for label, count in results:
                print(f"{backend:<11} {label:<40} {count:>12,.0f} {baseline / count:>10.2f}")
    if not postgres_base_url():
        print("PostgreSQL skipped: set ADVISOR_TEST_POSTGRES_URL to include it.")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")  # the same hashing, the same counts, each run
    sys.exit(main())
