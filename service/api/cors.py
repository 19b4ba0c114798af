"""CORS for browser portals: exact allow-listed origins, no credentials, preflights answered."""

from __future__ import annotations

from flask import Flask, Response, request

EXPOSED_HEADERS = ", ".join(
    (
        "Location",
        "X-Request-ID",
        "Retry-After",
        "ETag",
        "Link",
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
        "Idempotent-Replayed",
        "WWW-Authenticate",
    )
)
# W3C trace context passes through portals that trace their calls.
ALLOWED_HEADERS = ", ".join(
    (
        "Authorization",
        "Content-Type",
        "Idempotency-Key",
        "If-None-Match",
        "X-Request-ID",
        "traceparent",
        "tracestate",
    )
)
PREFLIGHT_MAX_AGE = "600"


def init_cors(app: Flask, origins: tuple[str, ...]) -> None:
    allowed = frozenset(origins)

    @app.after_request
    def cors_headers(response: Response) -> Response:
        origin = request.environ.get("HTTP_ORIGIN")  # the header, without a Headers lookup
        if origin is None:
            return response
        response.vary.add("Origin")
        if origin not in allowed:
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response.headers["Access-Control-Allow-Methods"] = response.headers.get(
                "Allow", "GET, POST, DELETE"
            )
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response
