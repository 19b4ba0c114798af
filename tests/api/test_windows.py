"""The in-process moving window behind `memory://` limits: counts, refuses, frees slot by slot."""

from __future__ import annotations

import threading

import pytest
from limits import parse
from limits.storage import MemoryStorage

from service.api import windows
from service.api.ratelimit import SharedWindows
from service.api.windows import LocalWindows

THREE_PER_MINUTE = parse("3 per minute")


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(windows.time, "time", lambda: now[0])
    return now


def test_a_window_allows_its_amount_then_frees_the_oldest_slot_first(clock):
    counters = LocalWindows()
    for second in (0, 10, 20):
        clock[0] = 1_000_000.0 + second
        assert counters.hit(THREE_PER_MINUTE, "advisor", "api", "client:a")
    assert not counters.hit(THREE_PER_MINUTE, "advisor", "api", "client:a")
    assert counters.get_window_stats(THREE_PER_MINUTE, "advisor", "api", "client:a") == (
        1_000_060.0,
        0,
    )
    assert counters.test(THREE_PER_MINUTE, "advisor", "api", "client:b"), "windows are per key"
    clock[0] = 1_000_060.0  # the first request leaves the window, the others stay
    assert counters.test(THREE_PER_MINUTE, "advisor", "api", "client:a")
    assert counters.hit(THREE_PER_MINUTE, "advisor", "api", "client:a")
    assert not counters.hit(THREE_PER_MINUTE, "advisor", "api", "client:a")


def test_an_idle_window_is_forgotten(clock):
    counters = LocalWindows()
    counters.hit(THREE_PER_MINUTE, "flood", "198.51.100.7")
    clock[0] += 61
    assert counters.get_window_stats(THREE_PER_MINUTE, "flood", "198.51.100.7")[1] == 3
    assert counters._windows == {}  # a flood of addresses does not grow memory for ever


def test_threads_sharing_a_window_never_exceed_its_amount():
    counters, limit = LocalWindows(), parse("500 per hour")
    allowed = []

    def spend() -> None:
        allowed.extend(counters.hit(limit, "shared") for _ in range(100))

    threads = [threading.Thread(target=spend) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 500


def test_hit_and_window_is_a_hit_then_the_window_it_left(clock):
    one_by_one, together = LocalWindows(), LocalWindows()
    for second in (0, 10, 20, 30, 61):
        clock[0] = 1_000_000.0 + second
        allowed = one_by_one.hit(THREE_PER_MINUTE, "api", "client:a")
        expected = (allowed, *one_by_one.get_window_stats(THREE_PER_MINUTE, "api", "client:a"))
        assert together.hit_and_window(THREE_PER_MINUTE, "api", "client:a") == expected
    assert expected == (True, 1_000_070.0, 0)


def test_shared_windows_answer_hit_and_window_too():
    shared = SharedWindows(MemoryStorage())
    assert shared.hit_and_window(THREE_PER_MINUTE, "api", "client:a")[::2] == (True, 2)
    assert shared.hit_and_window(THREE_PER_MINUTE, "api", "client:a")[::2] == (True, 1)
