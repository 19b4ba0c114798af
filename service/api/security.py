"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response

# The docs page loads its script, styles and images from this service only; nothing inline.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


_BY_LOWER_NAME = tuple((name.lower(), name, value) for name, value in SECURITY_HEADERS.items())


def init_security(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        # A response (the docs page) may set its own; one pass over the headers, not one per name.
        present = {name.lower() for name, _value in response.headers}
        response.headers.extend(
            [(name, value) for lower, name, value in _BY_LOWER_NAME if lower not in present]
        )
        return response
