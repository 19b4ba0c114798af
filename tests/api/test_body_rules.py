"""Request bodies: a linear nesting check after authentication, and limits on the bytes actually read."""

import io
import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Response

from service.api.body import MAX_JSON_DEPTH, nested_deeper_than
from service.settings import Settings

LIMIT = Settings().max_body_bytes


def adversarial(size: int) -> bytes:
    """An unclosed string of escaped quotes: the shape that made the old check quadratic."""
    return b'"' + b'\\"' * ((size - 1) // 2)


def best_cpu_seconds(action, repeats: int = 5) -> float:
    timings = []
    for _ in range(repeats):
        started = time.process_time()
        action()
        timings.append(time.process_time() - started)
    return min(timings)


def test_nesting_check_takes_linear_time_on_the_adversarial_shape():
    full, eighth = adversarial(LIMIT), adversarial(LIMIT // 8)
    assert not nested_deeper_than(full, MAX_JSON_DEPTH)
    at_limit = best_cpu_seconds(lambda: nested_deeper_than(full, MAX_JSON_DEPTH))
    at_eighth = best_cpu_seconds(lambda: nested_deeper_than(eighth, MAX_JSON_DEPTH))
    # Linear time gives about 8, quadratic 64; the bound catches a change of complexity.
    assert at_limit / max(at_eighth, 1e-6) < 12, (at_limit, at_eighth)
    assert at_limit < 1.0


def test_a_request_with_the_adversarial_body_costs_little(client):
    body = adversarial(LIMIT - 64)

    def send():
        response = client.post("/v1/assessments", data=body, content_type="application/json")
        assert response.status_code == 400

    assert best_cpu_seconds(send) < 1.0


@pytest.mark.parametrize(
    ("body", "deeper"),
    [
        (b"[" * 9 + b"]" * 9, True),
        (b"[" * 8 + b"]" * 8, False),
        (b'{"a": "[[[[[[[[[[[[[[["}', False),
        (b'{"a": "\\\\", "b": [[[[[[[[[]]]]]]]]]}', True),
        (b'{"a": "\\"[[[[[[[[[["}', False),
        (b'{"a": "\\\\\\"[[[[[[[[[["}', False),
        (b'[[[[[[[[["\\"', True),
        (b"[]" * 10_000, False),
    ],
)
def test_nesting_counts_brackets_outside_strings_only(body, deeper):
    assert nested_deeper_than(body, MAX_JSON_DEPTH) is deeper


def _depth(value) -> int:
    if isinstance(value, dict | list):
        items = value.values() if isinstance(value, dict) else value
        return 1 + max(map(_depth, items), default=0)
    return 0


# Strings full of what could fool a count: brackets, quotes, backslashes, non-ASCII.
_TRICKY_TEXT = st.text(alphabet='[]{}"\\ aé\n')
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | _TRICKY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TRICKY_TEXT, inner, max_size=4),
    max_leaves=30,
)


@given(value=_JSON_VALUES, limit=st.integers(0, 10), ascii_only=st.booleans())
def test_nesting_is_the_depth_the_parser_sees(value, limit, ascii_only):
    body = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert nested_deeper_than(body, limit) is (_depth(value) > limit)


class WatchedStream(io.BytesIO):
    """A request body that records whether anything read it."""

    touched = False

    def read(self, *args):
        WatchedStream.touched = True
        return super().read(*args)

    def readinto(self, *args):
        WatchedStream.touched = True
        return super().readinto(*args)


@pytest.mark.parametrize("credentials", [None, "Bearer sa_not-a-key"])
def test_an_unauthenticated_hostile_body_gets_401_unread(anon_client, credentials):
    body = adversarial(LIMIT)
    WatchedStream.touched = False
    headers = {"Authorization": credentials} if credentials else {}
    response = anon_client.post(
        "/v1/assessments",
        input_stream=WatchedStream(body),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert not WatchedStream.touched


def post_chunked(client, body: bytes, path: str = "/v1/assessments") -> Response:
    """As a server passes a chunked upload: no Content-Length, a stream the server terminates.

    Run on the WSGI app itself: the test client would recompute a Content-Length.
    """
    environ = EnvironBuilder(
        path,
        method="POST",
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_base=client.environ_base,
    ).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["wsgi.input_terminated"] = True
    app_iter, status, headers = run_wsgi_app(client.application, environ, buffered=True)
    return Response(app_iter, status, headers)


def count_assessments(app) -> int:
    return app.extensions["advisor"].assessments.count()


def test_chunked_body_is_checked_for_nesting(client):
    body = b'{"stakeholder_type": "legislature", "name": ' + b"[" * 2000 + b"]" * 2000 + b"}"
    response = post_chunked(client, body)
    assert response.status_code == 400
    assert "nested deeper" in json.loads(response.get_data())["detail"]


def test_chunked_body_over_the_limit_is_413_and_not_stored(client, app):
    # Valid JSON padded with spaces: cut at the limit it would still parse (and be stored).
    body = json.dumps({"stakeholder_type": "legislature"}).encode() + b" " * LIMIT
    before = count_assessments(app)
    response = post_chunked(client, body)
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert count_assessments(app) == before


def test_chunked_body_at_the_limit_is_accepted(client, app):
    body = json.dumps({"stakeholder_type": "legislature"}).encode()
    body += b" " * (LIMIT - len(body))
    response = post_chunked(client, body)
    assert response.status_code == 201, response.get_data()
    assert json.loads(response.get_data())["profile"]["stakeholder_type"] == "legislature"


def test_announced_length_over_the_limit_is_413_unread(client):
    WatchedStream.touched = False
    response = client.post(
        "/v1/assessments",
        input_stream=WatchedStream(b"{}"),
        content_type="application/json",
        environ_overrides={"CONTENT_LENGTH": str(LIMIT + 1)},
    )
    assert response.status_code == 413
    assert not WatchedStream.touched


class BrokenStream:
    """A connection that fails mid-body, as a socket read does when the client resets it."""

    def read(self, size: int = -1) -> bytes:
        raise ConnectionResetError("Connection reset by peer")


def post_raw(client, stream, content_length: str, *, terminated: bool = False) -> Response:
    """A dry-run POST as a server passes it: `stream` and `content_length` as given, the stream
    bounded by the server itself (gunicorn's) if `terminated`. Run on the WSGI app itself."""
    environ = EnvironBuilder(
        "/v1/assessments?dry_run=true",
        method="POST",
        content_type="application/json",
        environ_base=client.environ_base,
    ).get_environ()
    environ["CONTENT_LENGTH"] = content_length
    environ["wsgi.input"] = stream
    if terminated:
        environ["wsgi.input_terminated"] = True
    app_iter, status, headers = run_wsgi_app(client.application, environ, buffered=True)
    return Response(app_iter, status, headers)


@pytest.mark.parametrize("terminated", [False, True], ids=["sized", "server-terminated"])
def test_a_body_whose_read_fails_is_a_client_gone(client, terminated):
    """A failed read is answered as werkzeug's LimitedStream answers a body cut short (400
    ClientDisconnected), also from a stream the server bounds itself (gunicorn's), not a 500."""
    response = post_raw(client, BrokenStream(), "40", terminated=terminated)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 400


@pytest.mark.parametrize(
    ("announced", "expected"),
    # Too large; a length werkzeug's stream cannot convert, which it reads as 0 (no body).
    [("9" * 5000, 413), ("0" * 5000 + "5", 422)],
)
def test_a_content_length_of_more_digits_than_int_converts_is_no_500(client, announced, expected):
    """int() refuses more than 4,300 digits (a ValueError): such a length is still answered."""
    body = io.BytesIO(b'{"stakeholder_type": "legislature"}')
    assert post_raw(client, body, announced).status_code == expected
