"""Request bodies, checked after authentication and the rate limit, before any parser sees them.

The body is read here, at most `ADVISOR_MAX_BODY_BYTES` + 1 bytes whatever its framing
(Content-Length or chunked), so the size limit and the nesting check apply to the bytes actually
received; the views' parser then reads the same bytes from memory.
"""

from __future__ import annotations

import io
import re

from flask import Flask, request
from werkzeug.exceptions import BadRequest, ClientDisconnected, RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

from service.api.media import BODY_METHODS

MAX_JSON_DEPTH = 8
READ_CHUNK = 16 * 1024
CHECKED = "advisor.checked_body"  # WSGI environ key: the bytes read and checked here

# A string, escapes and all; one left open runs to the end of the body. Written so that no
# byte is tried twice: linear time on any input.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_OPENERS = frozenset(b"[{")


def nested_deeper_than(body: bytes, limit: int) -> bool:
    """Whether objects and arrays nest deeper than `limit`, in time linear in the body's size.

    Depth never exceeds the number of openers, so most bodies are answered by counting them (a
    profile has at most seven). Otherwise the strings are cut out and the bytes other than
    brackets dropped, in C; only the brackets left are visited one by one.
    """
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    for byte in _STRING.sub(b"", body).translate(None, _NOT_BRACKETS):
        if byte in _OPENERS:
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def read_limited(environ: dict, limit: int) -> bytes:
    """The body, or RequestEntityTooLarge once more than `limit` bytes arrive (or are announced).

    A chunked body has no Content-Length: the server marks its stream terminated and werkzeug's
    own limit would silently cut it at the maximum, so the stream is read here, up to one byte
    past the limit. A read that fails (the client's connection reset) is a client gone, 400, as
    werkzeug's stream answers a body cut short, whichever server's stream it is.
    """
    announced = environ.get("CONTENT_LENGTH", "")
    if announced.isdigit() and _more_than(announced, limit):
        raise RequestEntityTooLarge(f"The body is larger than {limit} bytes.")
    stream = get_input_stream(environ, max_content_length=None)
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        try:
            chunk = stream.read(min(READ_CHUNK, limit + 1 - size))
        except (OSError, ValueError) as exc:
            raise ClientDisconnected() from exc
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise RequestEntityTooLarge(f"The body is larger than {limit} bytes.")
    return b"".join(chunks)


def _more_than(digits: str, limit: int) -> bool:
    """int(digits) > limit for a length of any number of digits; int() refuses more than 4,300
    (a ValueError, so a 500), and a length with more digits than the limit's is larger."""
    significant = digits.lstrip("0")
    return len(significant) > len(str(limit)) or int(significant or "0") > limit


def checked_body(environ: dict) -> bytes | None:
    """The body as read and checked here, if it was: the views' parser takes it from memory
    rather than reading it again through werkzeug's stream."""
    return environ.get(CHECKED)


def _replace_stream(environ: dict, body: bytes) -> None:
    """Hand the bytes read to whoever parses the body next, as an ordinary sized body."""
    environ[CHECKED] = body
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("wsgi.input_terminated", None)
    environ.pop("HTTP_TRANSFER_ENCODING", None)


def init_body_rules(app: Flask, max_body_bytes: int) -> None:
    """Register after authentication and the rate limiter: a refused caller's body is never read."""

    @app.before_request
    def check_json_body() -> None:
        current = request._get_current_object()  # one context lookup, not one per attribute
        routed = current.routing_exception is None
        if not (current.method in BODY_METHODS and routed and current.is_json):
            return
        body = read_limited(current.environ, max_body_bytes)
        _replace_stream(current.environ, body)
        # A profile is 3 levels deep; thousands of levels would exhaust the parser's recursion.
        if nested_deeper_than(body, MAX_JSON_DEPTH):
            raise BadRequest(f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels.")
