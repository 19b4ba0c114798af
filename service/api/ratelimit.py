"""Rate limits on /v1: one budget per key across the whole API, and one per address for failed auth.

Both count in memory by default and in Redis (`ADVISOR_RATELIMIT_STORAGE`) to be shared by every
worker and host; if Redis becomes unreachable they fall back to per-process memory.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from flask import Flask, g, request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from service.api.plainheaders import set_headers
from service.api.windows import LocalWindows
from service.settings import Settings, SettingsError

KEY_PREFIX = "advisor"
STORAGE_RETRY_SECONDS = 30
logger = logging.getLogger(__name__)


def remote_address() -> str:
    return request.remote_addr or "unknown"


def rate_limit_key() -> str:
    """Who a request counts against: its accepted key's client, else its (proxied) address."""
    caller = g.get("caller")
    return client_key(caller.id) if caller is not None else f"addr:{remote_address()}"


def client_key(client_id: str) -> str:
    return f"client:{client_id}"


def _parsed(variable: str, text: str) -> list[RateLimitItem]:
    try:
        return parse_many(text)
    except ValueError as exc:
        raise SettingsError(
            f"{variable}={text!r} is not a rate limit such as '600 per minute'"
        ) from exc


class SharedWindows(MovingWindowRateLimiter):
    """`limits`' moving windows in a shared storage, answering `LocalWindows.hit_and_window`."""

    def hit_and_window(self, limit: RateLimitItem, *identifiers: str) -> tuple[bool, float, int]:
        allowed = self.hit(limit, *identifiers)
        return (allowed, *self.get_window_stats(limit, *identifiers))


class Budget:
    """A moving-window budget per identity, in the configured storage.

    When the storage fails, counting moves to this process's memory for a while rather than
    failing requests or waiting on a dead Redis every time.
    """

    def __init__(self, storage_uri: str, limit: RateLimitItem, name: str) -> None:
        self.limit = limit
        self.name = name
        self._fallback = LocalWindows()
        self._storage = (
            None if storage_uri.startswith("memory://") else storage_from_string(storage_uri)
        )
        self._primary: Any = (
            self._fallback if self._storage is None else SharedWindows(self._storage)
        )
        self._primary_after = 0.0

    @property
    def _storage_errors(self) -> type[Exception] | tuple[type[Exception], ...]:
        return () if self._storage is None else self._storage.base_exceptions

    def _identifiers(self, who: str) -> tuple[str, str, str]:
        return KEY_PREFIX, self.name, who

    def _run(self, operation: str, who: str) -> Any:
        """`operation` of the limiter on `who`'s window, falling back to memory if storage fails."""
        if time.monotonic() >= self._primary_after:
            try:
                return getattr(self._primary, operation)(self.limit, *self._identifiers(who))
            except self._storage_errors:
                logger.warning("rate-limit storage unreachable; counting %s in memory", self.name)
                self._primary_after = time.monotonic() + STORAGE_RETRY_SECONDS
        return getattr(self._fallback, operation)(self.limit, *self._identifiers(who))

    def allows(self, who: str) -> bool:
        """Whether `who` has any of the budget left, without spending it."""
        return self._run("test", who)

    def spend(self, who: str) -> bool:
        """Count one request of `who`; whether it was within the budget."""
        return self._run("hit", who)

    def spend_and_window(self, who: str) -> tuple[bool, float, int]:
        """`spend`, then `window`: in memory one pass over the window, not two."""
        return self._run("hit_and_window", who)

    def window(self, who: str) -> tuple[float, int]:
        """(when the window frees a slot, as a Unix time; how many requests are left)."""
        return self._run("get_window_stats", who)

    def retry_after(self, who: str) -> int:
        return seconds_until(self.window(who)[0])


def seconds_until(reset_at: float) -> int:
    """Retry-After for a window that frees a slot at `reset_at` (a Unix time): at least 1."""
    return max(1, math.ceil(reset_at - time.time()))


def _budget(settings: Settings, variable: str, text: str, name: str) -> Budget:
    limits = _parsed(variable, text)
    if len(limits) != 1:
        raise SettingsError(f"{variable} takes one limit, e.g. '60 per minute'")
    return Budget(settings.ratelimit_storage, limits[0], name)


class FailedAuthBudget:
    """How many failed authentications an address may make; asked before any key is looked up.

    `refuse_if_spent()` only reads the counter, so a flood of wrong keys past the budget costs a
    storage read and no database query; `spend()` counts a failure once the key is refused.
    """

    def __init__(self, budget: Budget) -> None:
        self.budget = budget

    def refuse_if_spent(self, address: str | None = None) -> None:
        """TooManyRequests (with Retry-After) when this address (the request's unless given) has
        no failures left to make."""
        who = address or remote_address()
        if self.budget.allows(who):
            return
        raise TooManyRequests(
            f"Too many requests from this address failed authentication ({self.budget.limit}); "
            "retry later with a valid key.",
            retry_after=self.budget.retry_after(who),
        )

    def spend(self) -> None:
        self.budget.spend(remote_address())


def failed_auth_budget(settings: Settings) -> FailedAuthBudget:
    return FailedAuthBudget(
        _budget(
            settings,
            "ADVISOR_RATELIMIT_UNAUTHENTICATED",
            settings.ratelimit_unauthenticated,
            "failed-auth",
        )
    )


def init_rate_limits(app: Flask, settings: Settings) -> Budget:
    """One budget per key across all of /v1; register after the auth check, which names the key.

    Counted with `limits` directly: one storage hit and one read of the window per /v1 request,
    and nothing at all on probes, docs or metrics.
    """
    budget = _budget(settings, "ADVISOR_RATELIMIT_DEFAULT", settings.ratelimit_default, "api")
    amount = str(budget.limit.amount)

    @app.before_request
    def spend_the_key_budget() -> None:
        # Only /v1 requests of an accepted key count; preflights, probes and docs never do.
        caller = getattr(g._get_current_object(), "caller", None)
        if caller is None:
            return
        current = request._get_current_object()  # one context lookup, not one per attribute
        if current.method == "OPTIONS" or not current.path.startswith("/v1/"):
            return
        allowed, reset_at, remaining = budget.spend_and_window(client_key(caller.id))
        # On the response whatever it turns out to be, the 429 included.
        set_headers(
            current.environ,
            (
                ("X-RateLimit-Limit", amount),
                ("X-RateLimit-Remaining", str(remaining)),
                ("X-RateLimit-Reset", str(math.ceil(reset_at))),
            ),
        )
        if not allowed:
            raise TooManyRequests(
                f"This key has used its {budget.limit} for the API; retry after the number of "
                "seconds Retry-After gives.",
                retry_after=seconds_until(reset_at),
            )

    return budget
