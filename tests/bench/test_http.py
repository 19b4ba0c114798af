"""What `make bench-http` says of a row: which errors wrk saw, what the service logged, how much
CPU time the hypervisor took for other guests, how the connections fell on the workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.http import (
    NEW_PROFILES,
    Load,
    Row,
    _script,
    connection_split,
    cpu_ticks,
    established_by_inode,
    lopsided_rounds,
    median_load,
    new_profiles,
    place_server_away,
    round_ratios,
    service_log_errors,
    splits,
    steal_between,
    tools_missing,
    wrk_errors,
)
from service.settings import Settings
from tests.conftest import load_example
from tests.db import fresh_database

WRK_TAIL = """  4000 requests in 5.00s, 1.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 3
Requests/sec:    800.00
"""


def test_wrk_errors_are_told_apart_and_only_those_seen_are_named() -> None:
    assert wrk_errors(WRK_TAIL) == (("non-2xx", 3), ("read", 2), ("timeout", 1))
    assert wrk_errors("  4000 requests in 5.00s\nRequests/sec:    800.00\n") == ()


def test_a_rows_errors_are_summed_by_kind_across_rounds() -> None:
    rounds = [
        Load(800, 5, 20, 3, 100, (("non-2xx", 1), ("read", 2))),
        Load(900, 4, 18, 0, 90),
        Load(850, 5, 19, 1, 95, (("read", 1),)),
    ]
    merged = median_load(rounds)
    assert merged.errors == 4
    assert dict(merged.error_kinds) == {"non-2xx": 1, "read": 3}


def test_a_rows_ratio_is_taken_round_by_round_against_the_bare_app_of_that_round() -> None:
    bare = [Load(1000, 1, 2, 0), Load(500, 1, 2, 0), Load(800, 1, 2, 0)]
    row = [Load(800, 1, 2, 0), Load(400, 1, 2, 0), Load(400, 1, 2, 0)]
    # The machine ran at half speed in the second round: paired, that round still says 0.8.
    assert round_ratios(row, bare) == [0.8, 0.8, 0.5]


def _line(**fields) -> str:
    return json.dumps({"ts": "t", "level": "INFO", "logger": "service.access", **fields})


def test_the_service_log_names_error_answers_by_route_and_status_and_error_lines() -> None:
    log = "\n".join(
        [
            _line(method="GET", route="/healthz", status=200),
            _line(method="GET", route="/v1/assessments", status=503),
            _line(method="GET", route="/v1/assessments", status=503),
            _line(method="POST", route="/v1/assessments", status=500),
            json.dumps({"level": "ERROR", "logger": "service.api", "message": "Unhandled error"}),
            json.dumps({"level": "INFO", "logger": "gunicorn.error", "message": "Booting worker"}),
        ]
    )
    assert service_log_errors(log) == [
        "GET /v1/assessments 503: 2",
        "POST /v1/assessments 500: 1",
        "Unhandled error",
    ]
    assert service_log_errors(_line(method="GET", route="/healthz", status=200)) == []


def test_the_share_of_cpu_time_stolen_is_read_from_proc_stat() -> None:
    # user nice system idle iowait irq softirq steal guest guest_nice
    before = cpu_ticks("cpu  1000 0 200 700 50 0 10 40 0 0")
    after = cpu_ticks("cpu  1600 0 300 800 50 0 10 140 0 0")
    assert before == (40, 2000)
    assert steal_between(before, after) == 100 / 900
    assert steal_between(after, after) == 0.0


# /proc/net/tcp as the kernel writes it (trailing fields cut): port 0xA3F1 is 41969.
TCP_TABLE = """  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:A3F1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1
   1: 0100007F:A3F1 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1002 1
   2: 0100007F:A3F1 0100007F:C351 01 00000000:00000000 00:00000000 00000000     0        0 1003 1
   3: 0100007F:C350 0100007F:A3F1 01 00000000:00000000 00:00000000 00000000     0        0 1004 1
   4: 0100007F:A3F1 0100007F:C352 06 00000000:00000000 03:00000000 00000000     0        0 0 3
   5: 0100007F:1F90 0100007F:C353 01 00000000:00000000 00:00000000 00000000     0        0 1005 1
"""


def test_only_established_connections_to_the_port_are_the_servers() -> None:
    """Not the listening socket, not wrk's own end of a connection, not one in TIME_WAIT, not
    another port's."""
    assert established_by_inode(TCP_TABLE, 41969) == {1002, 1003}


def test_each_worker_counts_the_connections_it_holds_an_idle_one_too() -> None:
    workers = {11: {1001, 1002, 1003, 7}, 12: {1001, 8}, 13: {1001, 1005}}
    assert connection_split({1002, 1003}, workers) == (2, 0, 0)
    assert connection_split({1002, 1003, 1005}, workers) == (2, 1, 0)


def test_a_round_where_one_worker_held_every_connection_to_the_bare_app_is_named() -> None:
    bare = [Load(5000, 1, 2, 0, split=(4, 4)), Load(2200, 1, 2, 0, split=(8, 0))]
    bare.append(Load(5100, 1, 2, 0, split=(7, 1)))
    assert lopsided_rounds(bare) == [2]
    assert lopsided_rounds([Load(5000, 1, 2, 0)]) == []  # no split read
    assert splits([*bare, Load(5000, 1, 2, 0)]) == "4/4 8/0 7/1 ?"


def test_a_benchmark_names_each_missing_tool_and_what_installs_it(tmp_path, monkeypatch, capsys):
    present = tmp_path / "present"
    present.write_text("#!/bin/sh\n")
    present.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert tools_missing(("present", "absent"), "`make bench-x`") is True
    assert capsys.readouterr().out == "absent is not on PATH; `make bench-x` installs it.\n"
    assert tools_missing(("present",), "`make bench-x`") is False


def test_a_server_placed_away_makes_each_statement_wait_first(tmp_path, monkeypatch) -> None:
    """What `--server-distance-ms` gives the servers it starts: every psycopg statement and
    commit waits first (a lower bound on sleeping, which a missing wait cannot meet)."""
    child = (
        "import sys, time, psycopg\n"
        "with psycopg.connect(sys.argv[1]) as connection:\n"
        "    started = time.perf_counter()\n"
        "    for _ in range(5):\n"
        "        connection.execute('SELECT 1')\n"
        "    connection.commit()\n"
        "    print(time.perf_counter() - started)\n"
    )
    # Both variables set here first, so monkeypatch puts them back as they were afterwards.
    monkeypatch.setenv("PYTHONPATH", os.environ.get("PYTHONPATH", ""))
    monkeypatch.setenv("ADVISOR_BENCH_SERVER_DISTANCE_MS", "")
    place_server_away(40)
    with fresh_database("postgresql", tmp_path, migrate=False) as url:
        run = [sys.executable, "-c", child, url.replace("postgresql+psycopg", "postgresql")]
        waited = float(subprocess.run(run, capture_output=True, check=True, text=True).stdout)
    assert waited >= 6 * 0.040, "five statements and a commit, each 40 ms away"


def test_new_profiles_differ_in_their_name_alone_and_outnumber_the_kept_evaluations() -> None:
    profile = load_example("kr-defence-ministry")
    bodies = new_profiles(json.dumps(profile), 5)
    assert len(set(bodies)) == 5
    for body in bodies:
        renamed = json.loads(body)
        assert renamed.pop("name") != profile["name"]
        assert renamed == {k: v for k, v in profile.items() if k != "name"}
    assert 2 * Settings().recent_evaluations < NEW_PROFILES
    assert not set(bodies) & set(new_profiles(json.dumps(profile), 5, first=6))


def test_a_row_of_many_bodies_sends_each_in_turn_and_wrk_gets_them_all(tmp_path) -> None:
    bodies = new_profiles(json.dumps(load_example("icrc")), 3)
    row = Row("POST new", "/v1/assessments", "POST", bodies=bodies)
    assert [row.body_of(n) for n in range(4)] == [*bodies, bodies[0]]
    assert Row("POST one", "/x", "POST", "{}").body_of(7) == "{}"
    script = _script(tmp_path, row, "sa_key").read_text()
    assert [script.count(f"[==[{body}]==]") for body in bodies] == [1, 1, 1]
    assert "function request()" in script and 'Bearer sa_key"' in script
