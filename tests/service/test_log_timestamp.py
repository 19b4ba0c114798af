"""A log line's `ts`: the second's text is reused within the second, never across seconds."""

import time

import pytest

from service.observability.logs import timestamp


def _formatted(seconds: float) -> str:
    return (
        time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
        + f".{int(seconds % 1 * 1000):03d}Z"
    )


@pytest.mark.parametrize(
    "seconds",
    [
        [0.0, 0.999, 1.0],
        [1700000000.123, 1700000000.999, 1700000001.0005, 1700000000.5, 1700000000.5],
    ],
)
def test_each_line_has_its_own_second_and_millisecond(seconds):
    for value in seconds:
        assert timestamp(value) == _formatted(value)
