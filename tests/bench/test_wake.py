"""`make bench-wake` only means something while each call it times follows the pause it is
filed under, and while what it calls is the work it names."""

from __future__ import annotations

import json
import time

from bench import wake


def test_each_call_is_timed_right_after_the_pause_of_its_cell(monkeypatch) -> None:
    monkeypatch.setattr(wake, "WARM_UP", 0)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def call() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    medians = wake.measure({"probe": call}, rounds=1, per_round=3)

    assert set(medians) == {(pause.label, "probe") for pause in wake.PAUSES}
    assert all(value >= 0 for value in medians.values())
    by_pause = [gaps[i : i + 3] for i in range(0, len(gaps), 3)]  # cells run in PAUSES' order
    for pause, cell in zip(wake.PAUSES, by_pause, strict=True):
        assert min(cell) >= pause.seconds, pause.label


def test_the_calls_are_the_bare_request_and_the_dry_runs_work() -> None:
    assert json.loads(wake.bare_request()()) == {"status": "ok"}
    body = json.loads(wake.assessment()())
    assert body["stored"] is False
    assert body["recommendations"]
