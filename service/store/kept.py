"""Pool connections kept checked out between the plain statements every request makes.

A checkout and check-in through SQLAlchemy's pool (its queue, locks, weak reference, reset and
events) costs about 60k instructions, more than SQLite's own work for a GET. The connections a
request has just used wait here instead, newest on top; one idle too long is pinged before it
works again, as the pool pings a connection idle that long at checkout.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


class KeptConnections:
    """At most `limit` pool connections, each taken by one thread at a time (list.pop and
    list.append are atomic), so concurrency never exceeds the pool's own bound."""

    def __init__(
        self,
        checkout: Callable[[], Any],
        alive: Callable[[Any], bool],
        stale: Callable[[Any], bool],
        idle_seconds: float,
        limit: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._checkout = checkout
        self._alive = alive  # pings; a dead connection it has invalidated and closed
        self._stale = stale  # opened before the pool last found a connection dead
        self._idle_seconds = idle_seconds
        self._limit = limit
        self._clock = clock
        self._kept: list[tuple[float, Any]] = []  # (when last given back, connection)
        self._closed = False

    @property
    def idle(self) -> int:
        """How many connections wait here to be taken."""
        return len(self._kept)

    def take(self) -> Any:
        """The connection given back last, pinged if it sat idle; else one from the pool. One
        opened before the pool last found a connection dead (Core's statements find them too)
        goes back with the rest, as the pool's checkout would not hand it out either."""
        try:
            given_back_at, connection = self._kept.pop()
        except IndexError:
            return self._checkout()
        if self._stale(connection):
            connection.close()
        elif self._clock() - given_back_at <= self._idle_seconds or self._alive(connection):
            return connection
        self.return_all()  # opened before the dead one: the pool replaces them at checkout
        return self._checkout()

    def give_back(self, connection: Any) -> None:
        """Keep a connection that served its statement, or return it if enough are kept. One in
        use while another was found dead escaped `return_all`: `take` finds it stale."""
        if self._closed or len(self._kept) >= self._limit:
            connection.close()
        else:
            self._kept.append((self._clock(), connection))

    def return_all(self) -> None:
        """Every kept connection back to the pool: after one was found dead (the pool replaces
        those opened before it at their next checkout), or when the database is disposed."""
        while True:
            try:
                _, connection = self._kept.pop()
            except IndexError:
                return
            connection.close()

    def close(self) -> None:
        """Return every connection now and every one given back from now on."""
        self._closed = True
        self.return_all()
