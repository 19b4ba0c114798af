"""Hostile requests against a real gunicorn: chunked bodies, costly bodies without a key, and rate
limits shared by several workers through Redis."""

from __future__ import annotations

import http.client
import json
import os
import random
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import redis

from service.store.clients import ClientRepository
from service.store.database import Database
from service.store.repository import AssessmentRepository
from tests.db import fresh_database
from tests.e2e.conftest import gunicorn, issue_key

MAX_BODY = 4096
REDIS_URL = os.environ.get("ADVISOR_TEST_REDIS_URL")


def loopback_address() -> str:
    """A 127/8 source address of its own, so per-address counters are this test's alone."""
    return f"127.{random.randrange(1, 255)}.{random.randrange(256)}.{random.randrange(1, 255)}"


def send(
    base: str,
    method: str,
    path: str,
    body: bytes | None = None,
    *,
    chunked: bool = False,
    key: str | None = None,
    source: str | None = None,
) -> tuple[int, dict]:
    """One request on a fresh connection; (status, parsed JSON body or {})."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=30, source_address=(source, 0) if source else None
    )
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    try:
        if chunked:
            # An iterable body with encode_chunked: Transfer-Encoding: chunked, no Content-Length.
            pieces = [body[i : i + 1000] for i in range(0, len(body), 1000)]
            connection.request(method, path, iter(pieces), headers, encode_chunked=True)
        else:
            connection.request(method, path, body, headers)
        response = connection.getresponse()
        payload = response.read()
        return response.status, json.loads(payload) if payload else {}
    finally:
        connection.close()


def client_id_of(url: str, name: str) -> str:
    database = Database(url)
    try:
        return ClientRepository(database).find(name).id
    finally:
        database.dispose()


def stored(url: str) -> int:
    database = Database(url)
    try:
        return AssessmentRepository(database).count()
    finally:
        database.dispose()


def test_chunked_bodies_get_the_same_checks_as_sized_ones(tmp_path):
    with fresh_database("sqlite", tmp_path) as url:
        key = issue_key(url, "chunked")
        settings = {"ADVISOR_MAX_BODY_BYTES": str(MAX_BODY)}
        with gunicorn(url, tmp_path / "gunicorn.log", workers=2, **settings) as base:
            profile = json.dumps({"stakeholder_type": "legislature"}).encode()
            status, body = send(base, "POST", "/v1/assessments", profile, chunked=True, key=key)
            assert status == 201, body

            deep = b'{"stakeholder_type": "legislature", "name": ' + b"[" * 2000
            deep += b"]" * 2000 + b"}"
            status, body = send(base, "POST", "/v1/assessments", deep, chunked=True, key=key)
            assert status == 400, body
            assert "nested deeper" in body["detail"]

            # Cut at the limit this would still be valid JSON, and used to be stored.
            padded = profile + b" " * MAX_BODY
            for chunked in (True, False):
                status, body = send(
                    base, "POST", "/v1/assessments", padded, chunked=chunked, key=key
                )
                assert status == 413, body
                assert body["status"] == 413

            at_limit = profile + b" " * (MAX_BODY - len(profile))
            status, body = send(base, "POST", "/v1/assessments", at_limit, chunked=True, key=key)
            assert status == 201, body
        assert stored(url) == 2


def test_costly_bodies_without_a_key_do_not_stall_the_workers(tmp_path):
    """The old nesting check spent ~11 s of CPU on this 64 KB body before asking for a key."""
    hostile = b'"' + b'\\"' * 32_700
    with fresh_database("sqlite", tmp_path) as url, gunicorn(url, tmp_path / "g.log", 2) as base:
        started = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            sent = [pool.submit(send, base, "POST", "/v1/assessments", hostile) for _ in range(4)]
            health = send(base, "GET", "/healthz")
            statuses = [future.result()[0] for future in sent]
        elapsed = time.monotonic() - started
    assert statuses == [401] * 4
    assert health[0] == 200
    assert elapsed < 10, f"a liveness bound, not a speed target: {elapsed:.1f} s"


@pytest.mark.skipif(not REDIS_URL, reason="ADVISOR_TEST_REDIS_URL is not set")
def test_limits_are_shared_by_every_worker_through_redis(tmp_path):
    per_key, failed_auth = 10, 5
    source, other = loopback_address(), loopback_address()
    client_id = "none-yet"
    calls = [
        ("GET", "/v1/vocabulary", None),
        ("GET", "/v1/rulesets", None),
        ("GET", "/v1/rulesets/diplomatic", None),
        ("GET", "/v1/articles", None),
        ("GET", "/v1/articles/dprk-troops-kursk", None),
        ("GET", "/v1/assessments", None),
        ("POST", "/v1/assessments?dry_run=true", b'{"stakeholder_type": "legislature"}'),
    ]
    settings = {
        "ADVISOR_RATELIMIT_STORAGE": REDIS_URL,
        "ADVISOR_RATELIMIT_DEFAULT": f"{per_key} per minute",
        "ADVISOR_RATELIMIT_UNAUTHENTICATED": f"{failed_auth} per minute",
    }
    name = f"redis-{uuid.uuid4().hex[:8]}"
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        with fresh_database("sqlite", tmp_path) as url:
            key = issue_key(url, name)
            client_id = client_id_of(url, name)
            with gunicorn(url, tmp_path / "gunicorn.log", workers=3, **settings) as base:
                with ThreadPoolExecutor(8) as pool:
                    results = list(
                        pool.map(
                            lambda call: send(base, call[0], call[1], call[2], key=key),
                            calls * 4,
                        )
                    )
                statuses = [status for status, _ in results]
                assert statuses.count(429) == len(calls) * 4 - per_key, statuses
                assert sorted(set(statuses)) == [200, 429], statuses

                wrong = "sa_" + "w" * 43
                flood = [
                    send(base, "GET", "/v1/vocabulary", key=wrong, source=source)[0]
                    for _ in range(failed_auth + 3)
                ]
                assert flood == [401] * failed_auth + [429] * 3
                elsewhere = send(base, "GET", "/v1/vocabulary", key=wrong, source=other)[0]
                assert elsewhere == 401
            # The counters the workers shared are in Redis, not in any worker's memory.
            assert any(connection.scan_iter(f"LIMITS:*advisor/api/client:{client_id}/*"))
            assert any(connection.scan_iter(f"LIMITS:*advisor/failed-auth/{source}/*"))
    finally:
        for pattern in (
            f"LIMITS:*advisor/failed-auth/{source}/*",
            f"LIMITS:*advisor/failed-auth/{other}/*",
            f"LIMITS:*advisor/api/client:{client_id}/*",
        ):
            for entry in connection.scan_iter(pattern):
                connection.delete(entry)
        connection.close()
