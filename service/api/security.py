"""Security headers on every response, and limits on what a JSON body may be."""

from __future__ import annotations

import re

from flask import Flask, Response, request
from werkzeug.exceptions import BadRequest

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
MAX_JSON_DEPTH = 8


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")


def nested_deeper_than(body: bytes, limit: int) -> bool:
    """Whether objects and arrays nest deeper than `limit`, found without parsing (no recursion).

    Strings are cut out first, so brackets inside them do not count; only the brackets left are
    walked (a handful in a real profile), and the walk stops as soon as the limit is passed.
    """
    depth = 0
    for match in _BRACKETS.finditer(_JSON_STRING.sub(b'""', body)):
        bracket = match.group()
        if bracket in (b"{", b"["):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def init_security(app: Flask) -> None:
    @app.before_request
    def limit_json_depth() -> None:
        # A profile is 3 levels deep; thousands of levels would exhaust the parser's recursion.
        too_deep = (
            request.is_json
            and request.content_length
            and nested_deeper_than(request.get_data(cache=True), MAX_JSON_DEPTH)
        )
        if too_deep:
            raise BadRequest(f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels.")

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
