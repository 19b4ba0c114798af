"""Rate limits: one budget per key across all of /v1, and a per-address budget for failed auth
that is consulted before any key is looked up (memory storage and Redis)."""

import os
import random
import uuid
from contextlib import contextmanager

import pytest
import redis

from service import create_app
from service.settings import Settings
from tests.conftest import CONFIG_DIR, bearer, counting_key_lookups, make_key

PER_KEY = 10
FAILED_AUTH = 5
REDIS_URL = os.environ.get("ADVISOR_TEST_REDIS_URL")
# Seven endpoints, every method of /v1 that a read-and-assess key may call.
CALLS = [
    ("GET", "/v1/vocabulary"),
    ("GET", "/v1/rulesets"),
    ("GET", "/v1/rulesets/diplomatic"),
    ("GET", "/v1/articles"),
    ("GET", "/v1/articles/dprk-troops-kursk"),
    ("GET", "/v1/assessments"),
    ("POST", "/v1/assessments?dry_run=true"),
]


def storages():
    redis_param = (
        pytest.param(REDIS_URL, id="redis")
        if REDIS_URL
        else pytest.param(None, id="redis", marks=pytest.mark.skip("ADVISOR_TEST_REDIS_URL unset"))
    )
    return [pytest.param("memory://", id="memory"), redis_param]


def unique_address() -> str:
    """A caller address no other test (nor another run sharing Redis) uses."""
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


@contextmanager
def limited_app(database_url, storage):
    app = create_app(
        Settings(
            config_dir=CONFIG_DIR,
            database_url=database_url,
            ratelimit_storage=storage,
            ratelimit_default=f"{PER_KEY} per minute",
            ratelimit_unauthenticated=f"{FAILED_AUTH} per minute",
        )
    )
    try:
        yield app
    finally:
        app.extensions["advisor"].database.dispose()


def forget(storage, *fragments: str) -> None:
    """Drop this test's counters from Redis, leaving other runs' alone."""
    if not storage.startswith("redis"):
        return
    connection = redis.Redis.from_url(storage)
    try:
        for fragment in fragments:
            for name in connection.scan_iter(f"LIMITS:*advisor/*{fragment}/*"):
                connection.delete(name)
    finally:
        connection.close()


def call(client, method, path, headers):
    body = {"stakeholder_type": "legislature"} if method == "POST" else None
    return client.open(path, method=method, json=body, headers=headers)


@pytest.mark.parametrize("storage", storages())
def test_one_key_gets_exactly_the_limit_across_seven_endpoints(database_url, storage):
    with limited_app(database_url, storage) as app:
        names = [f"shared-{uuid.uuid4().hex[:8]}", f"other-{uuid.uuid4().hex[:8]}"]
        key, other = (make_key(app, name, ("assess", "read")) for name in names)
        client_ids = [app.extensions["advisor"].clients.find(name).id for name in names]
        client = app.test_client()
        try:
            responses = [
                call(client, method, path, bearer(key)) for _ in range(3) for method, path in CALLS
            ]
            statuses = [r.status_code for r in responses]
            assert statuses == [200] * PER_KEY + [429] * (3 * len(CALLS) - PER_KEY), statuses
            remaining = [int(r.headers["X-RateLimit-Remaining"]) for r in responses[:PER_KEY]]
            assert remaining == list(range(PER_KEY - 1, -1, -1))
            assert {r.headers["X-RateLimit-Limit"] for r in responses} == {str(PER_KEY)}
            assert all(int(r.headers["Retry-After"]) > 0 for r in responses[PER_KEY:])
            assert client.get("/v1/vocabulary", headers=bearer(other)).status_code == 200
        finally:
            forget(storage, *client_ids)


@pytest.mark.parametrize("storage", storages())
def test_wrong_keys_get_429_after_the_per_address_budget(database_url, storage):
    address, other_address = unique_address(), unique_address()
    with limited_app(database_url, storage) as app:
        name = f"good-{uuid.uuid4().hex[:8]}"
        good = make_key(app, name, ("read",))
        good_id = app.extensions["advisor"].clients.find(name).id
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        try:
            # Accepted keys do not spend the budget for failures.
            for _ in range(FAILED_AUTH + 2):
                assert client.get("/v1/vocabulary", headers=bearer(good)).status_code == 200
            wrong = bearer("sa_" + "x" * 43)
            with counting_key_lookups(app) as lookups:
                failures = [client.get("/v1/vocabulary", headers=wrong) for _ in range(FAILED_AUTH)]
            assert [r.status_code for r in failures] == [401] * FAILED_AUTH
            assert len(lookups) == FAILED_AUTH, "each failure up to the budget looked its key up"

            with counting_key_lookups(app) as lookups:
                refused = [
                    client.get("/v1/vocabulary", headers=wrong),
                    client.post("/v1/assessments", json={}, headers=wrong),
                    client.get("/v1/assessments"),
                    client.get("/v1/vocabulary", headers=bearer(good)),
                ]
            assert [r.status_code for r in refused] == [429] * 4
            assert lookups == [], "a refused request looks no key up"
            for response in refused:
                assert response.mimetype == "application/problem+json"
                assert 0 < int(response.headers["Retry-After"]) <= 60
                assert "failed authentication" in response.json["detail"]

            elsewhere = app.test_client()
            elsewhere.environ_base["REMOTE_ADDR"] = other_address
            assert elsewhere.get("/v1/vocabulary", headers=wrong).status_code == 401
            assert client.get("/healthz").status_code == 200, "probes are never limited"
        finally:
            forget(storage, address, other_address, good_id)


def test_missing_keys_spend_the_same_budget(database_url):
    with limited_app(database_url, "memory://") as app:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = unique_address()
        statuses = [client.get("/v1/rulesets").status_code for _ in range(FAILED_AUTH + 1)]
        assert statuses == [401] * FAILED_AUTH + [429]


def test_bad_failed_auth_limit_setting_stops_the_start(database_url):
    from service.settings import SettingsError

    for text in ("lots", "5 per minute; 10 per hour"):
        settings = Settings(
            config_dir=CONFIG_DIR, database_url=database_url, ratelimit_unauthenticated=text
        )
        with pytest.raises(SettingsError, match="ADVISOR_RATELIMIT_UNAUTHENTICATED"):
            create_app(settings)


def test_failed_auth_is_counted_in_memory_when_redis_is_unreachable(database_url):
    with limited_app(database_url, "redis://127.0.0.1:1") as app:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = unique_address()
        wrong = bearer("sa_" + "y" * 43)
        statuses = [client.get("/v1/articles", headers=wrong).status_code for _ in range(7)]
        assert statuses == [401] * FAILED_AUTH + [429] * 2
        good = make_key(app, f"fallback-{uuid.uuid4().hex[:8]}", ("read",))
        elsewhere = app.test_client()
        assert elsewhere.get("/v1/articles", headers=bearer(good)).status_code == 200
