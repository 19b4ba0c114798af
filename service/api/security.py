"""Security headers on every response, and limits on what a JSON body may be."""

from __future__ import annotations

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


def json_depth(body: bytes) -> int:
    """Deepest nesting of objects and arrays, found without parsing (so without recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x7B, 0x5B):  # { [
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x7D, 0x5D):  # } ]
            depth -= 1
    return deepest


def init_security(app: Flask) -> None:
    @app.before_request
    def limit_json_depth() -> None:
        # A profile is 3 levels deep; thousands of levels would exhaust the parser's recursion.
        too_deep = (
            request.is_json
            and request.content_length
            and json_depth(request.get_data(cache=True)) > MAX_JSON_DEPTH
        )
        if too_deep:
            raise BadRequest(f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels.")

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
