"""`bench/inprocess.py` tells what a part of the request path costs only while every part it
leaves out is one the service still has, and a service without it still answers each row."""

from __future__ import annotations

import json

import pytest

from bench import inprocess


@pytest.fixture
def database_url(tmp_path):
    from tests.db import fresh_database

    with fresh_database("sqlite", tmp_path) as url:
        yield url


@pytest.fixture
def other_database_url(tmp_path):
    from tests.db import fresh_database

    (tmp_path / "other").mkdir()
    with fresh_database("sqlite", tmp_path / "other") as url:
        yield url


def _answers(bench: inprocess.Bench, row: str) -> tuple[int, bytes]:
    call = bench.call(row)
    with inprocess.quiet_stdout():
        return bench.send(call, 0)


@pytest.mark.parametrize("parts", [(), tuple(inprocess.PARTS)], ids=["whole", "every-part-out"])
def test_every_row_is_answered_with_or_without_the_parts(database_url, parts) -> None:
    bench = inprocess.Bench(database_url, parts)
    try:
        rows = [*inprocess.ROWS, *(inprocess.WORK_ALONE + row for row in inprocess.ROWS[1:])]
        for row in rows:
            status, body = _answers(bench, row)
            assert status < 300, (row, status, body[:200])
        # The twin reads what the service stored, and both answer a GET alike (test_floor.py).
        assert _answers(bench, "get")[1] == _answers(bench, "alone:get")[1]
    finally:
        bench.close()


def _requests_counted(bench: inprocess.Bench) -> float:
    from service.observability.metrics import EXTENSION

    metrics = bench.service.extensions[EXTENSION]
    samples = metrics.requests.collect()[0].samples
    return sum(sample.value for sample in samples if sample.name.endswith("_total"))


def _header_names(bench: inprocess.Bench, row: str) -> set[str]:
    headers: list[tuple[str, str]] = []
    env = bench.call(row).request(0)
    answer = bench.service(env, lambda _status, given, _exc=None: headers.extend(given))
    try:
        b"".join(answer)
    finally:
        answer.close()
    return {name for name, _value in headers}


def test_a_part_left_out_is_out_of_the_service_built_without_it(
    database_url, other_database_url
) -> None:
    bench = inprocess.Bench(database_url, ("security-headers", "metrics"))
    try:
        names = _header_names(bench, "healthz")
        assert "X-Content-Type-Options" not in names
        assert "X-Request-ID" in names  # the other parts stay
        # Left out for every request, not only while the app was built.
        assert _requests_counted(bench) == 0
    finally:
        bench.close()
    # Only the bench built without them lost them: one built after has them back.
    whole = inprocess.Bench(other_database_url)
    try:
        assert "X-Content-Type-Options" in _header_names(whole, "healthz")
        assert _requests_counted(whole) > 0
    finally:
        whole.close()


def test_new_profile_rows_send_profiles_no_other_row_sends(database_url) -> None:
    bench = inprocess.Bench(database_url)
    try:
        sets = [
            {json.loads(body)["name"] for body in bench.call(prefix + row).bodies}
            for row in ("dry-new", "stored-new")
            for prefix in ("", inprocess.WORK_ALONE)
        ]
        assert all(len(names) == inprocess.NEW_PROFILES for names in sets)
        assert len(set().union(*sets)) == 4 * inprocess.NEW_PROFILES
    finally:
        bench.close()


def test_timed_gives_the_least_run_in_microseconds(database_url) -> None:
    bench = inprocess.Bench(database_url)
    try:
        # A WSGI call of the bare app takes tens of µs: a figure in seconds or ms is out of range.
        assert 1 < inprocess.timed(bench, bench.call("bare"), requests=20, runs=2) < 100_000
    finally:
        bench.close()
