"""`make bench-http`: every kind of request, beside a bare Flask app under the same gunicorn settings.

The baseline is `bench/bare.py` (hello world, no middleware) served by gunicorn with the project's
own config/gunicorn.conf.py, the same worker count and threads. In one run, per database, rounds
take turns: the bare app, then each service row, under the same wrk load on loopback. Each row's
figures are medians over the rounds; its ratio is the median of its rounds' ratios, each to the
bare app's req/s in the same round (so a drift of the machine between rounds cancels), printed
with their lowest and highest.
Each data row has a twin, "work alone", served by `bench/floor.py`: the same calls into the
service's use case on a bare Flask app with nothing around them, so a row's gap to the bare app
splits into the work itself and the request path around it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import EXAMPLES_DIR
from tests.db import fresh_database, postgres_base_url
from tests.e2e.conftest import Server, gunicorn_server, issue_client

PROFILE = EXAMPLES_DIR / "kr-defence-ministry.json"
# The benchmark measures the service, not the limiter's refusals: a limit it never reaches.
UNLIMITED = "1000000000 per minute"
LISTING_PAGE = 20
CONNECTIONS = 8  # wrk's connections, by default
WORKERS = 2  # gunicorn's workers, by default
BARE = "bare Flask GET /hello"
# The label of a row's twin served by bench/floor.py: the same work with nothing around it.
WORK_ALONE = "work alone: "
REQUEST_SCRIPT = """wrk.method = "{method}"
wrk.headers["Authorization"] = "Bearer {key}"
wrk.headers["Content-Type"] = "application/json"
{body}
"""
# For a row of many bodies: each wrk thread sends them in turn, the second thread starting half
# way through, so that no two requests near in time carry the same body.
BODIES_SCRIPT = """
local bodies = {{
{bodies}
}}
local threads = 0
function setup(thread)
  thread:set("start", threads * math.floor(#bodies / 2))
  threads = threads + 1
end
function init(args)
  sent = start or 0
end
function request()
  sent = sent + 1
  return wrk.format(nil, nil, nil, bodies[sent % #bodies + 1])
end
"""
# How many profiles a "new profiles" row sends in turn: many more than a worker keeps evaluations
# of (ADVISOR_RECENT_EVALUATIONS), so that none is answered from one.
NEW_PROFILES = 1000


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_us_per_request: float = 0.0
    # What the errors were, as wrk tells them apart: non-2xx answers, and socket errors by kind.
    error_kinds: tuple[tuple[str, int], ...] = ()
    # The share of the machine's CPU time the hypervisor gave to other guests meanwhile.
    steal_share: float = 0.0
    # How wrk's connections were spread over the workers halfway through, most first (5, 3): the
    # kernel hashes each to a worker's socket (SO_REUSEPORT), so each round draws its own split.
    split: tuple[int, ...] = ()


@dataclass(frozen=True)
class Row:
    """One kind of request: a label, its path and, for a POST, the body sent, or the bodies sent
    in turn (each of wrk's threads starting at its own place among them)."""

    label: str
    path: str
    method: str = "GET"
    body: str | None = None
    bodies: tuple[str, ...] = ()

    def body_of(self, request: int) -> str | None:
        """The body of the row's `request`th request, counting from 0."""
        return self.bodies[request % len(self.bodies)] if self.bodies else self.body


BARE_ROW = Row(BARE, "/hello")  # the bare app's one row, its baseline in every benchmark


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def workers_of(master: int) -> list[int]:
    """The live worker processes of a gunicorn master."""
    return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def server_cpu_seconds(master: int) -> float:
    """CPU time of a gunicorn master and its workers, live and exited (reaped into the master's).

    Per request it is steadier than req/s on shared cores: it does not count time spent waiting
    for a core that wrk or a neighbour holds.
    """
    ticks = os.sysconf("SC_CLK_TCK")

    def stat(pid: int) -> list[str]:
        text = Path(f"/proc/{pid}/stat").read_text()
        return text[text.rindex(")") + 2 :].split()

    fields = stat(master)
    total = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    for child in workers_of(master):
        try:
            total += sum(int(value) for value in stat(child)[11:13])
        except FileNotFoundError:  # a worker recycled between the two reads
            continue
    return total / ticks


def cpu_ticks(proc_stat: str) -> tuple[int, int]:
    """Ticks stolen by the hypervisor and ticks in all, from /proc/stat's first (all-CPU) line."""
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, proc_stat.split()[1:9])
    return steal, user + nice + system + idle + iowait + irq + softirq + steal


def steal_between(before: tuple[int, int], after: tuple[int, int]) -> float:
    """The share of CPU time stolen between two cpu_ticks() readings."""
    total = after[1] - before[1]
    return (after[0] - before[0]) / total if total > 0 else 0.0


def host_ticks() -> tuple[int, int]:
    """cpu_ticks() of this machine, now."""
    return cpu_ticks(Path("/proc/stat").read_text().splitlines()[0])


def established_by_inode(tcp_table: str, port: int) -> set[int]:
    """The socket inodes of the established connections whose local port is `port`, from the
    text of /proc/net/tcp or tcp6 (addresses in hex, state 01 established, the inode tenth)."""
    inodes = set()
    for line in tcp_table.splitlines()[1:]:
        fields = line.split()
        if len(fields) > 9 and fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
            inodes.add(int(fields[9]))
    return inodes


def connection_split(
    established: set[int], sockets_by_worker: dict[int, set[int]]
) -> tuple[int, ...]:
    """How many of the established connections each worker holds, most first, idle ones too."""
    return tuple(
        sorted((len(sockets & established) for sockets in sockets_by_worker.values()), reverse=True)
    )


def _sockets_of(pid: int) -> set[int]:
    """The socket inodes a process holds; none if it has exited meanwhile."""
    inodes = set()
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except FileNotFoundError:
        return inodes
    for fd in descriptors:
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def current_split(master: int, port: int) -> tuple[int, ...]:
    """connection_split() of a gunicorn master's workers, now."""
    tables = "".join(Path(f"/proc/net/{name}").read_text() for name in ("tcp", "tcp6"))
    return connection_split(
        established_by_inode(tables, port), {pid: _sockets_of(pid) for pid in workers_of(master)}
    )


def run_wrk(
    url: str,
    seconds: int,
    connections: int,
    script: Path | None = None,
    master: int | None = None,
) -> Load:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    cpu_before = server_cpu_seconds(master) if master else 0.0
    ticks_before = host_ticks()
    split: list[tuple[int, ...]] = []
    if master:
        port = int(url.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
        probe = threading.Timer(seconds / 2, lambda: split.append(current_split(master, port)))
        probe.start()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if master:
        probe.join()
    steal = steal_between(ticks_before, host_ticks())
    cpu = server_cpu_seconds(master) - cpu_before if master else 0.0
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    kinds = wrk_errors(output)
    count = sum(n for _, n in kinds)
    return Load(
        rps, p50, p99, count, cpu * 1e6 / max(requests, 1), kinds, steal, split[0] if split else ()
    )


def wrk_errors(output: str) -> tuple[tuple[str, int], ...]:
    """wrk's errors by kind, those it saw only: non-2xx answers, then socket errors."""
    kinds = []
    answers = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if answers:
        kinds.append(("non-2xx", int(answers.group(1))))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        names = ("connect", "read", "write", "timeout")
        kinds.extend((name, int(n)) for name, n in zip(names, sockets.groups(), strict=True))
    return tuple((kind, n) for kind, n in kinds if n)


def median_load(loads: list[Load]) -> Load:
    return Load(
        statistics.median(load.requests_per_second for load in loads),
        statistics.median(load.p50_ms for load in loads),
        statistics.median(load.p99_ms for load in loads),
        sum(load.errors for load in loads),
        statistics.median(load.cpu_us_per_request for load in loads),
        _summed(load.error_kinds for load in loads),
        statistics.median(load.steal_share for load in loads),
    )


def splits(rounds: list[Load]) -> str:
    """Each round's split of the connections over the workers: `4/4 5/3 6/2`."""
    return " ".join("/".join(map(str, load.split)) or "?" for load in rounds)


def lopsided_rounds(bare: list[Load]) -> list[int]:
    """The rounds (from 1) in which every connection to the bare app went to one worker: it then
    answers about half its usual req/s (one GIL), and the round's ratios double."""
    return [
        number
        for number, load in enumerate(bare, start=1)
        if len(load.split) > 1 and sum(1 for held in load.split if held) == 1
    ]


def round_ratios(row: list[Load], bare: list[Load]) -> list[float]:
    """Each round's req/s of the row over the bare app's in the same round."""
    return [
        mine.requests_per_second / theirs.requests_per_second
        for mine, theirs in zip(row, bare, strict=True)
    ]


def _summed(kinds: Iterator[tuple[tuple[str, int], ...]]) -> tuple[tuple[str, int], ...]:
    totals: dict[str, int] = {}
    for kind, n in (pair for pairs in kinds for pair in pairs):
        totals[kind] = totals.get(kind, 0) + n
    return tuple(totals.items())


def service_log_errors(log: str) -> list[str]:
    """What the service's own log says went wrong: answers of 400 and above counted by route
    and status, and every line logged at ERROR or above (a wrk socket error leaves neither)."""
    statuses: dict[tuple[str, int], int] = {}
    errors = []
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            errors.append(line)
            continue
        if entry.get("logger") == "service.access" and entry.get("status", 0) >= 400:
            key = (f"{entry['method']} {entry['route']}", entry["status"])
            statuses[key] = statuses.get(key, 0) + 1
        elif entry.get("level") in ("ERROR", "CRITICAL"):
            errors.append(entry.get("message", line))
    found = [f"{route} {status}: {n}" for (route, status), n in sorted(statuses.items())]
    return found + errors


def _script(directory: Path, row: Row, key: str) -> Path:
    body = f"wrk.body = [[{row.body}]]" if row.body is not None else ""
    if row.bodies:
        body = BODIES_SCRIPT.format(bodies=",\n".join(f"[==[{b}]==]" for b in row.bodies))
    slug = re.sub(r"\W+", "-", row.label).strip("-")
    path = directory / f"{slug}.lua"
    path.write_text(REQUEST_SCRIPT.format(method=row.method, key=key, body=body), encoding="utf-8")
    return path


def _stored_assessment(base: str, key: str, body: str) -> str:
    request = urllib.request.Request(
        f"{base}/v1/assessments",
        data=body.encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["id"]


def service_rows(base: str, key: str, body: str, only: str | None = None) -> list[Row]:
    """Every kind of request, after storing a full page of assessments (the first is read)."""
    stored = _stored_assessment(base, key, body)
    # Each row its own profiles: a dry run's evaluation is kept for a stored POST of its profile.
    renamed = new_profiles(body, NEW_PROFILES)
    renamed_stored = new_profiles(body, NEW_PROFILES, first=NEW_PROFILES + 1)
    for _ in range(LISTING_PAGE):  # a full page to list, whichever rows run
        _stored_assessment(base, key, body)
    rows = [
        Row("GET /healthz", "/healthz"),
        Row("GET /v1/assessments/{id}", f"/v1/assessments/{stored}"),
        Row("GET /v1/assessments (list)", f"/v1/assessments?limit={LISTING_PAGE}"),
        Row("POST dry run", "/v1/assessments?dry_run=true", "POST", body),
        Row("POST dry run, new profiles", "/v1/assessments?dry_run=true", "POST", bodies=renamed),
        Row("POST stored", "/v1/assessments", "POST", body),
        Row("POST stored, new profiles", "/v1/assessments", "POST", bodies=renamed_stored),
    ]
    return [row for row in rows if only is None or only.lower() in row.label.lower()]


def new_profiles(body: str, count: int, first: int = 1) -> tuple[str, ...]:
    """`count` profiles that differ from the one in `body` in their name alone, numbered from
    `first`: the same work, each a profile the service has not seen."""
    profile = json.loads(body)
    name = profile.get("name", "profile")
    numbers = range(first, first + count)
    return tuple(json.dumps({**profile, "name": f"{name} ({n})"}) for n in numbers)


def with_work_alone(rows: list[Row]) -> list[tuple[Row, bool]]:
    """Each row, followed by its twin on the floor app (bench/floor.py) if it does work there:
    `/healthz` does none. The flag says which of the two serves it."""
    paired = []
    for row in rows:
        paired.append((row, False))
        if row.path != "/healthz":
            twin = Row(WORK_ALONE + row.label, row.path, row.method, row.body, row.bodies)
            paired.append((twin, True))
    return paired


def tools_missing(tools: tuple[str, ...], installer: str) -> bool:
    """Say which of `tools` is not on PATH and what installs it; True if any is missing."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    for tool in missing:
        print(f"{tool} is not on PATH; {installer} installs it.")
    return bool(missing)


def place_server_away(milliseconds: float) -> None:
    """The servers started from now on wait `milliseconds` before each PostgreSQL statement
    (bench/distance/sitecustomize.py)."""
    distance = Path(__file__).resolve().parent / "distance"
    path = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = f"{distance}{os.pathsep}{path}" if path else str(distance)
    os.environ["ADVISOR_BENCH_SERVER_DISTANCE_MS"] = str(milliseconds)


def benched_backends(only: str | None = None) -> list[str]:
    """SQLite always; PostgreSQL too when ADVISOR_TEST_POSTGRES_URL names a server; `only` the
    one named."""
    backends = ["sqlite"] + (["postgresql"] if postgres_base_url() else [])
    return [backend for backend in backends if only in (None, backend)]


@contextmanager
def bare_app(directory: Path, workers: int) -> Iterator[Server]:
    """The hello-world baseline under config/gunicorn.conf.py; its database is never opened."""
    unused = f"sqlite:///{directory / 'unused.db'}"
    with gunicorn_server(unused, directory / "bare.log", workers, app="bench.bare:app") as server:
        yield server


def floor_app(database_url: str, log: Path, workers: int, client_id: str):
    """The service's work alone (bench/floor.py) under config/gunicorn.conf.py, acting for the
    client `client_id` of the service's database."""
    return gunicorn_server(
        database_url, log, workers, app="bench.floor:app", ADVISOR_BENCH_CLIENT=client_id
    )


@dataclass(frozen=True)
class Served:
    """A row as the rounds load it: the server that answers it and its wrk script."""

    row: Row
    server: Server
    script: Path | None  # None for the bare app, asked with no headers beyond wrk's own


@contextmanager
def served_rows(
    backend: str, directory: Path, workers: int, connections: int, only: str | None = None
) -> Iterator[tuple[list[Served], Server]]:
    """A fresh database with the service and the floor app (bench/floor.py) serving it: every
    service row and its work-alone twin, each beside its server and script, warmed up; and the
    service, whose log tells what went wrong."""
    body = PROFILE.read_text(encoding="utf-8")
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database(backend, directory))
        key, client_id = issue_client(url, "bench")
        service = stack.enter_context(
            gunicorn_server(
                url, directory / "service.log", workers, ADVISOR_RATELIMIT_DEFAULT=UNLIMITED
            )
        )
        floor = stack.enter_context(floor_app(url, directory / "floor.log", workers, client_id))
        served = [
            Served(row, floor if alone else service, _script(directory, row, key))
            for row, alone in with_work_alone(service_rows(service.url, key, body, only))
        ]
        for each in served:  # warm-up: workers, pools, caches
            run_wrk(f"{each.server.url}{each.row.path}", 1, connections, each.script)
        yield served, service


def bench_backend(
    backend: str,
    directory: Path,
    bare: Server,
    seconds: int,
    connections: int,
    rounds: int,
    workers: int,
    only: str | None = None,
) -> tuple[list[tuple[str, list[Load]]], list[str]]:
    """Rounds over the bare app, every service row and its twin on the floor app (the work
    alone): each row's loads, round by round (the bare app's first), and what the service's log
    says went wrong meanwhile (service_log_errors)."""
    with served_rows(backend, directory, workers, connections, only) as (served, service):
        run_wrk(f"{bare.url}{BARE_ROW.path}", 1, connections)
        loads: dict[str, list[Load]] = {}
        for _ in range(rounds):
            for each in [Served(BARE_ROW, bare, None), *served]:
                load = run_wrk(
                    f"{each.server.url}{each.row.path}",
                    seconds,
                    connections,
                    each.script,
                    each.server.process.pid,
                )
                loads.setdefault(each.row.label, []).append(load)
        logged = service_log_errors(service.log())
    return list(loads.items()), logged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument(
        "--only", help="run only the rows whose label contains this text, e.g. 'dry' or 'list'"
    )
    parser.add_argument(
        "--database", choices=("sqlite", "postgresql"), help="run only this database's rows"
    )
    parser.add_argument(
        "--server-distance-ms",
        type=float,
        default=0.0,
        help="each PostgreSQL statement waits this long first, as across a network",
    )
    args = parser.parse_args()
    if tools_missing(("wrk",), "`make bench-http` (Debian's wrk)"):
        return 2
    backends = benched_backends(args.database)
    print(
        f"gunicorn with config/gunicorn.conf.py ({args.workers} workers, gthread); wrk -t2 "
        f"-c{args.connections} -d{args.seconds}s on loopback; medians of {args.rounds} rounds"
    )
    if args.server_distance_ms > 0:
        place_server_away(args.server_distance_ms)
        print(f"PostgreSQL {args.server_distance_ms} ms away: each statement waits that long first")
    header = (
        f"{'database':<11} {'row':<40} {'req/s':>8} {'× bare':>7} {'rounds':>11} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6} {'CPU µs/req':>10} {'× bare CPU':>10} {'steal %':>7} "
        "connections a worker, by round"
    )
    print(header)
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmp, ExitStack() as stack:
        bare = stack.enter_context(bare_app(Path(tmp), args.workers))
        for backend in backends:
            directory = Path(tmp) / backend
            directory.mkdir()
            results, logged = bench_backend(
                backend,
                directory,
                bare,
                args.seconds,
                args.connections,
                args.rounds,
                args.workers,
                args.only,
            )
            bare_rounds = results[0][1]
            baseline = median_load(bare_rounds)
            medians = [(label, median_load(rounds)) for label, rounds in results]
            for (label, load), (_, rounds) in zip(medians, results, strict=True):
                ratios = round_ratios(rounds, bare_rounds)
                print(
                    f"{backend:<11} {label:<40} {load.requests_per_second:>8.0f} "
                    f"{statistics.median(ratios):>7.2f} "
                    f"{f'{min(ratios):.2f}–{max(ratios):.2f}':>11} "
                    f"{load.p50_ms:>7.2f} {load.p99_ms:>7.2f} {load.errors:>6} "
                    f"{load.cpu_us_per_request:>10.0f} "
                    f"{baseline.cpu_us_per_request / load.cpu_us_per_request:>10.2f} "
                    f"{load.steal_share * 100:>7.1f} {splits(rounds)}"
                )
            for number in lopsided_rounds(bare_rounds):
                print(
                    f"{backend:<11} round {number}: the bare app's connections were all on one "
                    "worker, so every ratio of that round is about twice what the others say"
                )
            for label, load in medians:
                if load.errors:
                    kinds = ", ".join(f"{kind} {n}" for kind, n in load.error_kinds)
                    print(f"{backend:<11} errors in {label}: {kinds}")
            for problem in logged[:10]:
                print(f"{backend:<11} in the service's log: {problem}")
            if len(logged) > 10:
                print(f"{backend:<11} in the service's log: {len(logged) - 10} more")
    if not postgres_base_url():
        print("PostgreSQL skipped: set ADVISOR_TEST_POSTGRES_URL to include it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
