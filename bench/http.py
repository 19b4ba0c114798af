"""`make bench-http`: POST /v1/assessments with persistence against a hello-world endpoint of the same app.

Both run under the same gunicorn settings (config/gunicorn.conf.py, ADVISOR_WORKERS), in one run,
under the same load from wrk on loopback: (a) GET /healthz, the app's smallest JSON endpoint, through
the same middleware; (b) POST /v1/assessments with an example profile, evaluated and stored. The
figure that matters is the ratio b/a, printed for SQLite and, when ADVISOR_TEST_POSTGRES_URL is set,
PostgreSQL.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import EXAMPLES_DIR
from tests.db import fresh_database, postgres_base_url
from tests.e2e.conftest import gunicorn, issue_key

PROFILE = EXAMPLES_DIR / "kr-defence-ministry.json"
POST_SCRIPT = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {key}"
wrk.body = [[{body}]]
"""
# The benchmark measures the service, not the limiter's refusals: a limit it never reaches.
UNLIMITED = "1000000000 per minute"


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> Load:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    count = int(errors.group(1)) if errors else 0
    if socket_errors:
        count += sum(int(n) for n in socket_errors.groups())
    return Load(rps, p50, p99, count)


def bench_backend(name: str, directory: Path, seconds: int, connections: int) -> tuple[Load, Load]:
    script = directory / "post.lua"
    with fresh_database(name, directory) as url:
        key = issue_key(url, "bench")
        body = PROFILE.read_text(encoding="utf-8")
        script.write_text(POST_SCRIPT.format(body=body, key=key), encoding="utf-8")
        with gunicorn(url, directory / f"{name}.log", ADVISOR_RATELIMIT_DEFAULT=UNLIMITED) as base:
            run_wrk(f"{base}/healthz", 2, connections)  # warm-up: workers, pools, caches
            hello = run_wrk(f"{base}/healthz", seconds, connections)
            assess = run_wrk(f"{base}/v1/assessments", seconds, connections, script)
    return hello, assess


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian package 'wrk'); `make bench-http` installs it.")
        return 2
    backends = ["sqlite"] + (["postgresql"] if postgres_base_url() else [])
    print(
        f"gunicorn with config/gunicorn.conf.py; wrk -t2 -c{args.connections} -d{args.seconds}s on loopback"
    )
    print(
        f"{'database':<11} {'endpoint':<28} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
    )
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmp:
        for backend in backends:
            directory = Path(tmp) / backend
            directory.mkdir()
            hello, assess = bench_backend(backend, directory, args.seconds, args.connections)
            for label, load in (("(a) GET /healthz", hello), ("(b) POST /v1/assessments", assess)):
                print(
                    f"{backend:<11} {label:<28} {load.requests_per_second:>9.0f} "
                    f"{load.p50_ms:>8.2f} {load.p99_ms:>8.2f} {load.errors:>7}"
                )
            print(
                f"{backend:<11} ratio b/a = {assess.requests_per_second / hello.requests_per_second:.2f}"
            )
    if not postgres_base_url():
        print("PostgreSQL skipped: set ADVISOR_TEST_POSTGRES_URL to include it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
