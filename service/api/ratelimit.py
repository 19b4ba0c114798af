"""Rate limits on /v1: one budget per key across the whole API, and one per address for failed auth.

Both count in memory by default and in Redis (`ADVISOR_RATELIMIT_STORAGE`) to be shared by every
worker and host; if Redis becomes unreachable they fall back to per-process memory.
"""

from __future__ import annotations

import logging
import math
import time

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from service.settings import Settings, SettingsError

KEY_PREFIX = "advisor"
STORAGE_RETRY_SECONDS = 30
logger = logging.getLogger(__name__)


def rate_limit_key() -> str:
    """The API key's client when authenticated (auth runs first), else the remote address."""
    caller = g.get("caller")
    return f"client:{caller.id}" if caller is not None else f"addr:{get_remote_address()}"


def _parsed(variable: str, text: str) -> list[RateLimitItem]:
    try:
        return parse_many(text)
    except ValueError as exc:
        raise SettingsError(
            f"{variable}={text!r} is not a rate limit such as '600 per minute'"
        ) from exc


class FailedAuthBudget:
    """How many failed authentications an address may make; asked before any key is looked up.

    `refuse_if_spent()` only reads the counter, so a flood of wrong keys past the budget costs a
    storage read and no database query; `spend()` counts a failure once the key is refused. When
    the storage fails, counting moves to this process's memory for a while, as flask-limiter's
    own fallback does, rather than failing requests or waiting on a dead Redis every time.
    """

    def __init__(self, storage_uri: str, limit: RateLimitItem) -> None:
        self.limit = limit
        self._storage = storage_from_string(storage_uri)
        self._primary = MovingWindowRateLimiter(self._storage)
        self._fallback = MovingWindowRateLimiter(MemoryStorage())
        self._primary_after = 0.0

    @staticmethod
    def _identifiers() -> tuple[str, str, str]:
        return KEY_PREFIX, "failed-auth", get_remote_address() or "unknown"

    def _count(self, operation: str) -> tuple[bool, MovingWindowRateLimiter]:
        identifiers = self._identifiers()
        if time.monotonic() >= self._primary_after:
            try:
                return getattr(self._primary, operation)(self.limit, *identifiers), self._primary
            except self._storage.base_exceptions:
                logger.warning("rate-limit storage unreachable; counting failed auth in memory")
                self._primary_after = time.monotonic() + STORAGE_RETRY_SECONDS
        return getattr(self._fallback, operation)(self.limit, *identifiers), self._fallback

    def refuse_if_spent(self) -> None:
        """TooManyRequests (with Retry-After) when this address has no failures left to make."""
        allowed, limiter = self._count("test")
        if allowed:
            return
        try:
            reset_at, _ = limiter.get_window_stats(self.limit, *self._identifiers())
            retry_after = max(1, math.ceil(reset_at - time.time()))
        except self._storage.base_exceptions:
            retry_after = self.limit.get_expiry()
        raise TooManyRequests(
            f"Too many requests from this address failed authentication ({self.limit}); "
            "retry later with a valid key.",
            retry_after=retry_after,
        )

    def spend(self) -> None:
        self._count("hit")


def failed_auth_budget(settings: Settings) -> FailedAuthBudget:
    limits = _parsed("ADVISOR_RATELIMIT_UNAUTHENTICATED", settings.ratelimit_unauthenticated)
    if len(limits) != 1:
        raise SettingsError(
            "ADVISOR_RATELIMIT_UNAUTHENTICATED takes one limit, e.g. '60 per minute'"
        )
    return FailedAuthBudget(settings.ratelimit_storage, limits[0])


def init_rate_limits(app: Flask, settings: Settings) -> Limiter:
    """Register after the auth check, so the limit is counted per key, not per address."""
    _parsed("ADVISOR_RATELIMIT_DEFAULT", settings.ratelimit_default)

    @app.after_request
    def retry_after_only_when_refused(response: Response) -> Response:
        # flask-limiter sends Retry-After on every limited response; HTTP gives it meaning only
        # on a refusal. Registered before the limiter, so it runs after the limiter's own hook.
        if response.status_code not in (429, 503):
            response.headers.pop("Retry-After", None)
        return response

    limiter = Limiter(
        key_func=rate_limit_key,
        app=app,
        storage_uri=settings.ratelimit_storage,
        # Application limits are one counter per key for every endpoint and method together;
        # default limits would count each endpoint apart.
        application_limits=[settings.ratelimit_default],
        headers_enabled=True,
        strategy="moving-window",
        key_prefix=KEY_PREFIX,
        # If Redis goes away, keep serving with per-process limits rather than failing requests.
        in_memory_fallback_enabled=True,
    )

    @limiter.request_filter
    def only_the_api() -> bool:
        # Probes, docs, the OpenAPI document, metrics and CORS preflights are never limited.
        return request.method == "OPTIONS" or not request.path.startswith("/v1/")

    return limiter
