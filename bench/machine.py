"""`make bench-machine`: where the whole machine's CPU goes per request, kernel included.

`make bench-profile` (py-spy) sees only Python frames, and `make bench-instructions` (valgrind)
only a worker's user-space instructions. Neither sees the kernel (sockets, waking threads, the
database's files), nor wrk and PostgreSQL, which share the two cores with the workers. Here
`perf record -a` samples every CPU at a fixed rate while each row of `make bench-http` runs under
the same wrk load; each sample is charged to a process (the row's gunicorn workers, wrk,
PostgreSQL, anything else) and to the kind of code it was in: the kernel (by the system call
that entered it), the Python interpreter (which runs every Python frame, ours and the
libraries' alike), libc, SQLite, or a C extension (orjson, lz4, ...). Divided by the requests
served, a row's figures are CPU microseconds a request, beside the bare app's.
"""

from __future__ import annotations

import argparse
import collections
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.http import (
    BARE,
    BARE_ROW,
    CONNECTIONS,
    WORKERS,
    Served,
    bare_app,
    benched_backends,
    run_wrk,
    served_rows,
    tools_missing,
    workers_of,
)

# Samples a second per CPU: prime, so the sampling does not beat with a periodic timer.
FREQUENCY = 997
MARGIN_SECONDS = 0.5  # perf records this long before and after each load
_HEADER = re.compile(r"^(?P<comm>\S.*?)\s+(?P<pid>\d+)/(?P<tid>\d+)\s*$")
_FRAME = re.compile(r"^\s+[0-9a-f]+\s+(?P<symbol>.*?)\s+\((?P<dso>[^()]*)\)\s*$")
_SYSCALL = re.compile(r"^__(?:x64|ia32|do)_sys_(?P<name>\w+)$")
# System calls grouped by what a request uses them for; any other is named as it is.
SYSCALL_GROUPS = {
    "futex": "futex (waking, waiting)",
    "sendto": "socket send",
    "sendmsg": "socket send",
    "write": "write",
    "writev": "write",
    "recvfrom": "socket receive",
    "recvmsg": "socket receive",
    "read": "read",
    "poll": "polling",
    "ppoll": "polling",
    "epoll_wait": "polling",
    "epoll_pwait": "polling",
    "select": "polling",
    "pselect6": "polling",
    "pwrite64": "file I/O",
    "pread64": "file I/O",
    "fdatasync": "file I/O",
    "fsync": "file I/O",
    "fcntl": "file locks",
    "flock": "file locks",
}


@dataclass(frozen=True)
class Sample:
    """One perf sample: the process it was taken in and the stack, innermost frame first."""

    comm: str
    pid: int
    frames: tuple[tuple[str, str], ...]  # (symbol, dso)


def parse_samples(text: Iterable[str]) -> Iterator[Sample]:
    """Samples from `perf script -F comm,pid,tid,ip,sym,dso` of a recording with call chains."""
    header: tuple[str, int] | None = None
    frames: list[tuple[str, str]] = []
    for line in text:
        if not line.strip():
            if header is not None:
                yield Sample(header[0], header[1], tuple(frames))
            header, frames = None, []
            continue
        if (found := _HEADER.match(line)) is not None:
            if header is not None:
                yield Sample(header[0], header[1], tuple(frames))
            header, frames = (found["comm"], int(found["pid"])), []
        elif header is not None and (frame := _FRAME.match(line)) is not None:
            frames.append((frame["symbol"], frame["dso"]))
    if header is not None:
        yield Sample(header[0], header[1], tuple(frames))


def code_of(frames: tuple[tuple[str, str], ...]) -> str:
    """The kind of code a sample was taken in, by the library of its innermost frame; kernel
    samples by the system call that entered the kernel, if one did."""
    if not frames:
        return "unknown"
    dso = frames[0][1]
    if dso.startswith("[kernel"):
        for symbol, _ in frames:
            if (call := _SYSCALL.match(symbol)) is not None:
                return "kernel: " + SYSCALL_GROUPS.get(call["name"], call["name"])
        return "kernel: no system call (interrupts, faults, preemption)"
    name = Path(dso).name
    if "/site-packages/" in dso or "/lib-dynload/" in dso:
        return "C extension: " + name.split(".", 1)[0].lstrip("_")
    if name.startswith(("libpython", "python")):
        return "interpreter"
    if name.startswith(("libc.", "libm.", "ld-linux")):
        return "libc"
    if name.startswith("libsqlite3"):
        return "SQLite"
    return "other: " + name


def process_of(sample: Sample, workers: set[int]) -> str | None:
    """Who a sample's CPU went to; None for the idle task."""
    if sample.pid == 0:
        return None
    if sample.pid in workers:
        return "workers"
    if sample.comm.startswith("wrk"):
        return "wrk"
    if sample.comm.startswith("postgres"):
        return "PostgreSQL"
    return "other"


@dataclass(frozen=True)
class Breakdown:
    """One row's CPU a request: by process, and the workers' by kind of code (µs)."""

    requests_per_second: float
    by_process: dict[str, float]
    workers_by_code: dict[str, float]

    @property
    def machine(self) -> float:
        return sum(self.by_process.values())

    @property
    def workers(self) -> float:
        return self.by_process.get("workers", 0.0)

    def kernel_calls(self) -> dict[str, float]:
        """The workers' CPU a request in the kernel, by system call (or none)."""
        return {
            code.removeprefix("kernel: "): us
            for code, us in self.workers_by_code.items()
            if code.startswith("kernel")
        }

    def kernel(self) -> float:
        """The workers' CPU a request in the kernel, all system calls together."""
        return sum(self.kernel_calls().values())


def breakdown(samples: Iterable[Sample], workers: set[int], requests: int, rps: float) -> Breakdown:
    """Samples of `FREQUENCY` a second per CPU, as CPU µs per request served."""
    by_process: collections.Counter[str] = collections.Counter()
    by_code: collections.Counter[str] = collections.Counter()
    for sample in samples:
        process = process_of(sample, workers)
        if process is None:
            continue
        by_process[process] += 1
        if process == "workers":
            by_code[code_of(sample.frames)] += 1
    scale = 1e6 / FREQUENCY / max(requests, 1)
    return Breakdown(
        rps,
        {name: n * scale for name, n in by_process.most_common()},
        {name: n * scale for name, n in by_code.most_common()},
    )


def record_row(url: str, script: Path | None, master: int, seconds: int, out: Path) -> Breakdown:
    """wrk on one row while perf samples every CPU from a little before to a little after: perf
    takes a moment to start recording, and the load's first requests must not go unsampled. Off
    the load the workers are idle, so the margins add next to nothing."""
    perf = subprocess.Popen(
        ["perf", "record", "-e", "cpu-clock", "-F", str(FREQUENCY), "-a", "-g", "-o", str(out),
         "--", "sleep", str(seconds + 2 * MARGIN_SECONDS)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(MARGIN_SECONDS)
    load = run_wrk(url, seconds, CONNECTIONS, script)
    perf.wait(timeout=seconds + 2 * MARGIN_SECONDS + 60)
    script_text = subprocess.run(
        ["perf", "script", "-i", str(out), "-F", "comm,pid,tid,ip,sym,dso"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    out.unlink()
    requests = round(load.requests_per_second * seconds)
    workers = set(workers_of(master))
    return breakdown(
        parse_samples(script_text.splitlines()), workers, requests, load.requests_per_second
    )


def median_breakdown(rounds: list[Breakdown]) -> Breakdown:
    """Each figure's median over the rounds (a part missing from a round counts as 0)."""

    def medians(parts: list[dict[str, float]]) -> dict[str, float]:
        names = dict.fromkeys(name for part in parts for name in part)
        return {name: statistics.median(part.get(name, 0.0) for part in parts) for name in names}

    return Breakdown(
        statistics.median(r.requests_per_second for r in rounds),
        medians([r.by_process for r in rounds]),
        medians([r.workers_by_code for r in rounds]),
    )


def measure_backend(
    backend: str, directory: Path, seconds: int, rounds: int, only: str | None
) -> dict[str, Breakdown]:
    """Rounds over the bare app, each service row and its work-alone twin; medians per row."""
    with (
        bare_app(directory, WORKERS) as bare,
        served_rows(backend, directory, WORKERS, CONNECTIONS, only) as (served, _),
    ):
        rows = [Served(BARE_ROW, bare, None), *served]
        run_wrk(f"{bare.url}{BARE_ROW.path}", 1, CONNECTIONS)
        measured: dict[str, list[Breakdown]] = {}
        for _ in range(rounds):
            for each in rows:
                measured.setdefault(each.row.label, []).append(
                    record_row(
                        f"{each.server.url}{each.row.path}",
                        each.script,
                        each.server.process.pid,
                        seconds,
                        directory / "perf.data",
                    )
                )
    return {label: median_breakdown(loads) for label, loads in measured.items()}


# The summary's columns: the workers' CPU by kind of code, then the other processes'.
COLUMNS = ("interpreter", "kernel", "libc", "SQLite", "C ext.", "wrk", "PostgreSQL", "other")


def columns(row: Breakdown) -> dict[str, float]:
    code = row.workers_by_code
    return {
        "interpreter": code.get("interpreter", 0.0),
        "kernel": row.kernel(),
        "libc": code.get("libc", 0.0),
        "SQLite": code.get("SQLite", 0.0),
        "C ext.": sum(us for name, us in code.items() if name.startswith("C extension")),
        "wrk": row.by_process.get("wrk", 0.0),
        "PostgreSQL": row.by_process.get("PostgreSQL", 0.0),
        "other": row.by_process.get("other", 0.0),
    }


def report(backend: str, rows: dict[str, Breakdown]) -> None:
    bare = rows[BARE]
    print(
        f"\n{backend}: CPU µs a request (medians): every process's, the workers' and their ratio to"
        " the bare app's, the workers' by kind of code, then the other processes'"
    )
    print(
        f"{'row':<44}{'req/s':>7}{'machine':>9}{'workers':>9}{'× bare':>8}"
        + "".join(f"{name:>12}" for name in COLUMNS)
    )
    for label, row in rows.items():
        ratio = row.workers / bare.workers if bare.workers else 0.0
        print(
            f"{label:<44}{row.requests_per_second:>7.0f}{row.machine:>9.0f}{row.workers:>9.0f}"
            f"{ratio:>8.2f}" + "".join(f"{us:>12.0f}" for us in columns(row).values())
        )
    print(f"\n{backend}: the workers' kernel time a request by system call (µs)")
    for label, row in rows.items():
        calls = row.kernel_calls()
        shown = ", ".join(f"{name} {us:.0f}" for name, us in calls.items() if us >= 1)
        print(f"  {label:<44}{shown}")
    print(f"\n{backend}: the workers' C extensions and other libraries a request (µs)")
    for label, row in rows.items():
        others = {
            name: us
            for name, us in row.workers_by_code.items()
            if name.startswith(("C extension", "other", "unknown")) and us >= 1
        }
        print(f"  {label:<44}" + ", ".join(f"{name} {us:.0f}" for name, us in others.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="only the rows whose label contains this text")
    args = parser.parse_args()
    if tools_missing(("wrk", "perf"), "`make bench-machine` (Debian's wrk and linux-perf)"):
        return 2
    print(
        f"perf record -a -F {FREQUENCY} over every CPU, wrk -t2 -c8 -d{args.seconds}s a row, "
        f"{args.rounds} interleaved rounds"
    )
    with tempfile.TemporaryDirectory(prefix="advisor-machine-") as tmp:
        for backend in benched_backends():
            directory = Path(tmp) / backend
            directory.mkdir()
            report(
                backend, measure_backend(backend, directory, args.seconds, args.rounds, args.only)
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
