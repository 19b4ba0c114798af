"""Per-key rate limits on /v1 (flask-limiter): in memory by default, Redis to share across workers."""

from __future__ import annotations

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse_many

from service.settings import Settings, SettingsError


def rate_limit_key() -> str:
    """The API key's client when authenticated (auth runs first), else the remote address."""
    caller = g.get("caller")
    return f"client:{caller.id}" if caller is not None else f"addr:{get_remote_address()}"


def init_rate_limits(app: Flask, settings: Settings) -> Limiter:
    """Register after the auth check, so the limit is counted per key, not per address."""
    try:
        parse_many(settings.ratelimit_default)
    except ValueError as exc:
        raise SettingsError(
            f"ADVISOR_RATELIMIT_DEFAULT={settings.ratelimit_default!r} is not a rate limit "
            f"such as '600 per minute'"
        ) from exc

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
        default_limits=[settings.ratelimit_default],
        headers_enabled=True,
        strategy="moving-window",
        key_prefix="advisor",
        # If Redis goes away, keep serving with per-process limits rather than failing requests.
        in_memory_fallback_enabled=True,
    )

    @limiter.request_filter
    def only_the_api() -> bool:
        # Probes, docs, the OpenAPI document, metrics and CORS preflights are never limited.
        return request.method == "OPTIONS" or not request.path.startswith("/v1/")

    return limiter
