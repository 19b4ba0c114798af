"""Request bodies, checked after authentication and the rate limit, before any parser sees them.

The body is read here, at most `ADVISOR_MAX_BODY_BYTES` + 1 bytes whatever its framing
(Content-Length or chunked), so the size limit and the nesting check apply to the bytes actually
received; the views' parser then reads the same bytes from memory.
"""

from __future__ import annotations

import io
import re

from flask import Flask, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

from service.api.media import BODY_METHODS

MAX_JSON_DEPTH = 8
READ_CHUNK = 16 * 1024

# The only bytes that matter to nesting: brackets, and the quotes and backslashes that say
# whether a bracket is inside a string.
_STRUCTURAL = re.compile(rb'[\[\]{}"\\]')
_OPENERS = frozenset(b"[{")
_CLOSERS = frozenset(b"]}")
_QUOTE, _BACKSLASH = ord('"'), ord("\\")


def nested_deeper_than(body: bytes, limit: int) -> bool:
    """Whether objects and arrays nest deeper than `limit`, in one pass over the bytes.

    A small state machine (inside a string or not, the byte after a backslash skipped) visits
    each structural byte once, so hostile bodies cost time linear in their size.
    """
    depth = 0
    in_string = False
    escaped = -1
    for match in _STRUCTURAL.finditer(body):
        position = match.start()
        byte = body[position]
        if in_string:
            if position == escaped:
                continue
            if byte == _BACKSLASH:
                escaped = position + 1
            elif byte == _QUOTE:
                in_string = False
        elif byte == _QUOTE:
            in_string = True
        elif byte in _OPENERS:
            depth += 1
            if depth > limit:
                return True
        elif byte in _CLOSERS:
            depth -= 1
    return False


def read_limited(environ: dict, limit: int) -> bytes:
    """The body, or RequestEntityTooLarge once more than `limit` bytes arrive (or are announced).

    A chunked body has no Content-Length: the server marks its stream terminated and werkzeug's
    own limit would silently cut it at the maximum, so the stream is read here, up to one byte
    past the limit.
    """
    announced = environ.get("CONTENT_LENGTH", "")
    if announced.isdigit() and int(announced) > limit:
        raise RequestEntityTooLarge(f"The body is larger than {limit} bytes.")
    stream = get_input_stream(environ, max_content_length=None)
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(READ_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise RequestEntityTooLarge(f"The body is larger than {limit} bytes.")
    return b"".join(chunks)


def _replace_stream(environ: dict, body: bytes) -> None:
    """Hand the bytes read to whoever parses the body next, as an ordinary sized body."""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("wsgi.input_terminated", None)
    environ.pop("HTTP_TRANSFER_ENCODING", None)


def init_body_rules(app: Flask, max_body_bytes: int) -> None:
    """Register after authentication and the rate limiter: a refused caller's body is never read."""

    @app.before_request
    def check_json_body() -> None:
        routed = request.routing_exception is None
        if not (routed and request.method in BODY_METHODS and request.is_json):
            return
        body = read_limited(request.environ, max_body_bytes)
        _replace_stream(request.environ, body)
        # A profile is 3 levels deep; thousands of levels would exhaust the parser's recursion.
        if nested_deeper_than(body, MAX_JSON_DEPTH):
            raise BadRequest(f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels.")
