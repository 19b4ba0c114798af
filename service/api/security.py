"""Security headers on every response."""

from __future__ import annotations

from flask import Flask

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


_BY_LOWER_NAME = tuple((name.lower(), (name, value)) for name, value in SECURITY_HEADERS.items())


class SecurityHeaders:
    """WSGI middleware: the security headers on every response the app starts, errors included.

    They join the header list the server is handed as plain tuples: set on Werkzeug's `Headers`,
    each constant was checked for line breaks again on every response. A response that sets one
    of them itself keeps its own.
    """

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start_with_security_headers(status, headers, exc_info=None):
            present = {name.lower() for name, _value in headers}
            headers.extend(pair for lower, pair in _BY_LOWER_NAME if lower not in present)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_with_security_headers)


def init_security(app: Flask) -> None:
    app.wsgi_app = SecurityHeaders(app.wsgi_app)
