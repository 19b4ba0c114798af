"""Moving-window counters in this process's memory, for limits kept per worker.

`limits`' MemoryStorage starts a timer thread to expire entries every time the last one has
finished, which under load meant a thread start for most requests; here each window is pruned
when it is read instead. The methods mirror `limits.strategies.MovingWindowRateLimiter`.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from limits import RateLimitItem


class LocalWindows:
    def __init__(self) -> None:
        self._windows: dict[tuple[str, ...], deque[float]] = {}
        self._lock = threading.Lock()

    def _pruned(self, limit: RateLimitItem, key: tuple[str, ...], now: float) -> deque[float]:
        """The window's times, oldest first, without those older than the limit's period."""
        window = self._windows.get(key)
        if window is None:
            return deque()
        horizon = now - limit.get_expiry()
        while window and window[0] <= horizon:
            window.popleft()
        if not window:
            del self._windows[key]
        return window

    def test(self, limit: RateLimitItem, *identifiers: str) -> bool:
        with self._lock:
            return len(self._pruned(limit, identifiers, time.time())) < limit.amount

    def _hit(self, limit: RateLimitItem, key: tuple[str, ...], now: float) -> bool:
        window = self._pruned(limit, key, now)
        if len(window) >= limit.amount:
            return False
        self._windows.setdefault(key, window).append(now)
        return True

    def _stats(self, limit: RateLimitItem, key: tuple[str, ...], now: float) -> tuple[float, int]:
        window = self._pruned(limit, key, now)
        reset_at = (window[0] if window else now) + limit.get_expiry()
        return reset_at, limit.amount - len(window)

    def hit(self, limit: RateLimitItem, *identifiers: str) -> bool:
        now = time.time()
        with self._lock:
            return self._hit(limit, identifiers, now)

    def get_window_stats(self, limit: RateLimitItem, *identifiers: str) -> tuple[float, int]:
        """(when the oldest request leaves the window, as a Unix time; how many are left)."""
        now = time.time()
        with self._lock:
            return self._stats(limit, identifiers, now)

    def hit_and_window(self, limit: RateLimitItem, *identifiers: str) -> tuple[bool, float, int]:
        """`hit`, then `get_window_stats` of the same window, under one turn of the lock and with
        one pruning of it."""
        now = time.time()
        with self._lock:
            window = self._pruned(limit, identifiers, now)
            allowed = len(window) < limit.amount
            if allowed:
                self._windows.setdefault(identifiers, window).append(now)
            reset_at = (window[0] if window else now) + limit.get_expiry()
            return allowed, reset_at, limit.amount - len(window)
