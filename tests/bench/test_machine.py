"""`make bench-machine` charges each perf sample to the right process and kind of code, and turns
counts into CPU a request; a wrong charge would send the next optimisation to the wrong place."""

from __future__ import annotations

import pytest

from bench.machine import (
    BARE,
    FREQUENCY,
    Breakdown,
    Sample,
    breakdown,
    code_of,
    median_breakdown,
    parse_samples,
    process_of,
    report,
)

SITE = "/work/.venv/lib/python3.11/site-packages"
PYTHON = "/root/.pyenv/versions/3.11.7/lib/libpython3.11.so.1.0"
KERNEL = "[kernel.kallsyms]"

# As `perf script -F comm,pid,tid,ip,sym,dso` prints a recording made with -g.
SCRIPT = f"""\
python 4242/4250
\tffffffff8144fcca futex_wait ({KERNEL})
\tffffffff8144b1ad __x64_sys_futex ({KERNEL})
\tffffffff8224d141 do_syscall_64 ({KERNEL})
\t          101829 syscall (/usr/lib/x86_64-linux-gnu/libc.so.6)

python 4242/4251
\t    7f90856ff04e _PyEval_EvalFrameDefault ({PYTHON})

wrk 77/78
\tffffffff81e0 tcp_sendmsg ({KERNEL})
\tffffffff81e1 __x64_sys_sendto ({KERNEL})

swapper     0/0
\tffffffff8225295b pv_native_safe_halt ({KERNEL})

postgres 99/99
\t    55d0 hash_search (/usr/lib/postgresql/15/bin/postgres)
"""


def test_samples_are_read_with_their_process_and_innermost_frame_first() -> None:
    samples = list(parse_samples(SCRIPT.splitlines()))
    assert [(s.comm, s.pid) for s in samples] == [
        ("python", 4242),
        ("python", 4242),
        ("wrk", 77),
        ("swapper", 0),
        ("postgres", 99),
    ]
    assert samples[0].frames[0] == ("futex_wait", KERNEL)
    assert samples[0].frames[-1] == ("syscall", "/usr/lib/x86_64-linux-gnu/libc.so.6")


def test_headers_padded_as_perf_pads_them_are_read() -> None:
    lines = ["swapper     0/0     ", f"\tffffffff8225295b pv_native_safe_halt ({KERNEL})   "]
    assert list(parse_samples(lines)) == [Sample("swapper", 0, (("pv_native_safe_halt", KERNEL),))]


def test_a_last_sample_without_a_blank_line_after_it_is_kept() -> None:
    samples = list(parse_samples(SCRIPT.rstrip("\n").splitlines()))
    assert samples[-1] == Sample(
        "postgres", 99, (("hash_search", "/usr/lib/postgresql/15/bin/postgres"),)
    )


@pytest.mark.parametrize(
    ("frames", "code"),
    [
        ((("futex_wait", KERNEL), ("__x64_sys_futex", KERNEL)), "kernel: futex (waking, waiting)"),
        ((("tcp_sendmsg", KERNEL), ("__x64_sys_sendto", KERNEL)), "kernel: socket send"),
        ((("ext4_file_write_iter", KERNEL), ("__x64_sys_pwrite64", KERNEL)), "kernel: file I/O"),
        ((("__x64_sys_utimensat", KERNEL),), "kernel: utimensat"),
        (
            (("asm_sysvec_apic_timer_interrupt", KERNEL),),
            "kernel: no system call (interrupts, faults, preemption)",
        ),
        ((("_PyEval_EvalFrameDefault", PYTHON),), "interpreter"),
        ((("main", "/root/.pyenv/versions/3.11.7/bin/python3.11"),), "interpreter"),
        (
            (("LZ4_compress_fast", f"{SITE}/lz4/block/_block.cpython-311-x86_64-linux-gnu.so"),),
            "C extension: block",
        ),
        (
            (("dumps", f"{SITE}/orjson/orjson.cpython-311-x86_64-linux-gnu.so"),),
            "C extension: orjson",
        ),
        ((("memmove", "/usr/lib/x86_64-linux-gnu/libc.so.6"),), "libc"),
        ((("sqlite3VdbeExec", "/usr/lib/x86_64-linux-gnu/libsqlite3.so.0.8.6"),), "SQLite"),
        ((), "unknown"),
    ],
)
def test_each_sample_is_charged_to_the_code_it_was_taken_in(frames, code) -> None:
    assert code_of(frames) == code


def test_each_sample_is_charged_to_its_process_and_idle_to_none() -> None:
    samples = list(parse_samples(SCRIPT.splitlines()))
    assert [process_of(s, {4242}) for s in samples] == [
        "workers",
        "workers",
        "wrk",
        None,
        "PostgreSQL",
    ]
    assert process_of(Sample("python", 5000, ()), {4242}) == "other"


def test_counts_become_cpu_microseconds_a_request() -> None:
    samples = list(parse_samples(SCRIPT.splitlines())) * FREQUENCY  # each sample: one second
    row = breakdown(samples, {4242}, requests=1_000_000, rps=200_000.0)
    assert row.by_process == pytest.approx({"workers": 2.0, "wrk": 1.0, "PostgreSQL": 1.0})
    assert row.workers == pytest.approx(2.0)
    assert row.machine == pytest.approx(4.0)
    assert row.workers_by_code == pytest.approx(
        {"kernel: futex (waking, waiting)": 1.0, "interpreter": 1.0}
    )
    assert row.kernel() == pytest.approx(1.0)


def test_rounds_give_each_figure_its_median_a_part_missing_from_a_round_counting_as_zero() -> None:
    rounds = [
        Breakdown(100.0, {"workers": 300.0, "wrk": 20.0}, {"interpreter": 250.0}),
        Breakdown(120.0, {"workers": 360.0}, {"interpreter": 280.0, "kernel: futex": 9.0}),
        Breakdown(110.0, {"workers": 330.0, "wrk": 30.0}, {"interpreter": 260.0}),
    ]
    row = median_breakdown(rounds)
    assert row.requests_per_second == 110.0
    assert row.by_process == {"workers": 330.0, "wrk": 20.0}
    assert row.workers_by_code == {"interpreter": 260.0, "kernel: futex": 0.0}


def test_the_report_puts_each_row_beside_the_bare_app(capsys) -> None:
    bare = Breakdown(5000.0, {"workers": 350.0, "wrk": 20.0}, {"interpreter": 260.0})
    dry = Breakdown(
        2000.0,
        {"workers": 910.0, "wrk": 40.0},
        {"interpreter": 750.0, "kernel: socket send": 34.0, "C extension: orjson": 16.0},
    )
    report("sqlite", {BARE: bare, "POST dry run": dry})
    out = capsys.readouterr().out
    dry_line = next(line for line in out.splitlines() if line.startswith("POST dry run "))
    assert dry_line.split()[3:7] == ["2000", "950", "910", "2.60"]
    assert "socket send 34" in out
    assert "C extension: orjson 16" in out
