"""`make bench-profile`: where a worker's time goes, per kind of request, by owner of the code.

Each row of `make bench-http` runs under the same wrk load while py-spy samples every worker
(`--gil`: only threads holding the GIL, so waiting is not counted). A sample is charged to the
owner of its innermost Python frame: our modules one by one, or a library, or the standard
library; time in C is charged to the Python code that called it (orjson to service/wire, the
sqlite3 module to service/store). It shows what the service could still remove from a request.
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path

from bench.http import (
    PROFILE,
    UNLIMITED,
    _script,
    benched_backends,
    run_wrk,
    service_rows,
    tools_missing,
    workers_of,
)
from tests.db import fresh_database
from tests.e2e.conftest import gunicorn_server, issue_key

PROJECT = Path(__file__).resolve().parent.parent
STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()
# Libraries grouped as the summary names them; any other library is "other libraries".
LIBRARY_GROUPS = {
    "flask": "Flask+Werkzeug",
    "werkzeug": "Flask+Werkzeug",
    "gunicorn": "gunicorn",
    "sqlalchemy": "SQLAlchemy",
    "psycopg": "psycopg",
    "marshmallow": "marshmallow+webargs",
    "webargs": "marshmallow+webargs",
    "flask_smorest": "marshmallow+webargs",
    "prometheus_client": "prometheus-client",
    "limits": "limits",
}
_FRAME = re.compile(r"\((?P<path>[^():]+):\d+\)$")


def owner(path: str) -> str:
    """Who wrote the code at `path`: one of our modules (by package), a library group, stdlib."""
    if "/site-packages/" in path:
        package = path.split("/site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
        return LIBRARY_GROUPS.get(package, "other libraries")
    resolved = Path(path).resolve()
    if resolved.is_relative_to(PROJECT / "service"):
        parts = resolved.relative_to(PROJECT).with_suffix("").parts
        return "/".join(parts[:2])  # service/engine, service/api, service/wire, ...
    if resolved.is_relative_to(STDLIB):
        return "stdlib"
    return "other"


def shares(raw_lines: Iterable[str]) -> collections.Counter[str]:
    """Samples per owner from py-spy's raw (collapsed) output: `frame;frame;... count`."""
    counts: collections.Counter[str] = collections.Counter()
    for line in raw_lines:
        stack, _, number = line.rstrip().rpartition(" ")
        if not stack or not number.isdigit():
            continue
        innermost = stack.rsplit(";", 1)[-1]
        match = _FRAME.search(innermost)
        counts[owner(match["path"]) if match else "other"] += int(number)
    return counts


def sample_row(url: str, script: Path, master: int, seconds: int, directory: Path) -> list[str]:
    """wrk on one row while py-spy records each worker for the same time; the raw lines."""
    spies = []
    for pid in workers_of(master):
        output = directory / f"{pid}.txt"
        command = [
            "py-spy", "record", "--pid", str(pid), "--gil", "--nonblocking", "--full-filenames",
            "--rate", "250",
            "--duration", str(seconds), "--format", "raw", "--output", str(output),
        ]  # fmt: skip
        spies.append((subprocess.Popen(command, stdout=subprocess.DEVNULL), output))
    run_wrk(url, seconds, 8, script)
    lines: list[str] = []
    for spy, output in spies:
        spy.wait(timeout=seconds + 60)
        if output.exists():
            lines += output.read_text().splitlines()
    return lines


def profile_backend(backend: str, directory: Path, seconds: int, only: str | None) -> None:
    body = PROFILE.read_text(encoding="utf-8")
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database(backend, directory))
        key = issue_key(url, "bench")
        service = stack.enter_context(
            gunicorn_server(url, directory / "service.log", 2, ADVISOR_RATELIMIT_DEFAULT=UNLIMITED)
        )
        summary = []
        for row in service_rows(service.url, key, body, only):
            script = _script(directory, row, key)
            run_wrk(f"{service.url}{row.path}", 1, 8, script)  # warm-up
            samples = directory / re.sub(r"\W+", "-", row.label)
            samples.mkdir()
            lines = sample_row(
                f"{service.url}{row.path}", script, service.process.pid, seconds, samples
            )
            counts = shares(lines)
            report(backend, row.label, counts)
            summary.append((row.label, counts))
    print(f"\n{backend}: share of samples (%)")
    print(f"{'row':<30}" + "".join(f"{column:>10}" for column in SUMMARY))
    for label, counts in summary:
        total = sum(counts.values()) or 1
        print(
            f"{label:<30}"
            + "".join(f"{100 * part(counts) / total:>10.0f}" for part in SUMMARY.values())
        )


def _ours(counts: collections.Counter[str]) -> int:
    return sum(number for name, number in counts.items() if name.startswith("service"))


# The summary's columns: our code, the engine within it, and the libraries that carry a request.
SUMMARY: dict[str, Callable[[collections.Counter[str]], int]] = {
    "ours": _ours,
    "engine": lambda counts: counts["service/engine"],
    "gunicorn": lambda counts: counts["gunicorn"],
    "Flask": lambda counts: counts["Flask+Werkzeug"],
    "drivers": lambda counts: counts["psycopg"] + counts["SQLAlchemy"],
    "stdlib": lambda counts: counts["stdlib"],
}


def report(backend: str, label: str, counts: collections.Counter[str]) -> None:
    total = sum(counts.values()) or 1
    ours = _ours(counts)
    print(f"\n{backend} · {label} · {total} samples · our code {100 * ours / total:.0f}%")
    for name, number in counts.most_common():
        print(f"  {name:<28} {100 * number / total:5.1f}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--only", help="only the rows whose label contains this text")
    args = parser.parse_args()
    if tools_missing(("wrk", "py-spy"), "`make bench-profile`"):
        return 2
    backends = benched_backends()
    print(f"py-spy --gil over both gunicorn workers, wrk -t2 -c8 -d{args.seconds}s per row")
    with tempfile.TemporaryDirectory(prefix="advisor-profile-") as tmp:
        for backend in backends:
            directory = Path(tmp) / backend
            directory.mkdir()
            profile_backend(backend, directory, args.seconds, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
