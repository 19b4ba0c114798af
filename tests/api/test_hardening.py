"""CORS, rate limits (memory and Redis), security headers and body limits."""

import os
import uuid

import flask
import pytest

from service import create_app
from service.settings import Settings, SettingsError
from tests.conftest import CONFIG_DIR, PORTAL_ORIGIN, bearer, make_key

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


@pytest.mark.parametrize("path", ["/healthz", "/v1/vocabulary", "/docs", "/openapi.json", "/nope"])
def test_security_headers_on_every_response(client, path):
    with client.get(path) as response:
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp


@pytest.mark.parametrize("path", ["/healthz", "/v1/assessments", "/docs", "/nope"])
def test_no_response_sets_a_cookie(client, path):
    """The API authenticates each request by its key and keeps no session."""
    with client.get(path) as response:
        assert "Set-Cookie" not in response.headers


def test_a_session_cannot_be_written(app):
    with app.test_request_context("/healthz"):
        with pytest.raises(RuntimeError):
            flask.session["who"] = "anyone"
        assert dict(flask.session) == {}


def test_cors_preflight_from_an_allowed_origin(anon_client):
    response = anon_client.options(
        "/v1/assessments",
        headers={
            "Origin": PORTAL_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == PORTAL_ORIGIN
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    allowed = {h.strip() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"Authorization", "Idempotency-Key", "traceparent", "tracestate"} <= allowed
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Origin" in response.headers["Vary"]


def test_cors_exposes_the_headers_a_portal_reads(client):
    response = client.post(
        "/v1/assessments",
        json={"stakeholder_type": "legislature"},
        headers={"Origin": PORTAL_ORIGIN},
    )
    assert response.headers["Access-Control-Allow-Origin"] == PORTAL_ORIGIN
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {
        "Location",
        "X-Request-ID",
        "Retry-After",
        "X-RateLimit-Remaining",
        "Idempotent-Replayed",
        "WWW-Authenticate",
    } <= exposed


def test_cors_ignores_other_origins(client):
    response = client.get("/v1/vocabulary", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = client.options(
        "/v1/assessments",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_deeply_nested_json_is_refused_before_parsing(client):
    body = '{"stakeholder_type": "legislature", "name": ' + "[" * 5000 + "]" * 5000 + "}"
    response = client.post("/v1/assessments", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "nested deeper" in response.json["detail"]


def test_brackets_inside_strings_do_not_count_as_nesting(client):
    response = client.post(
        "/v1/assessments?dry_run=true",
        json={"stakeholder_type": "legislature", "name": '[[[[[[[[[[[[ {{{{{{{{{{ " ['},
    )
    assert response.status_code == 200


def _limited_app(database_url, storage, limit="3 per minute"):
    return create_app(
        Settings(
            config_dir=CONFIG_DIR,
            database_url=database_url,
            ratelimit_default=limit,
            ratelimit_storage=storage,
        )
    )


def _storages():
    url = os.environ.get("ADVISOR_TEST_REDIS_URL")
    return [
        "memory://",
        pytest.param(url, id="redis")
        if url
        else pytest.param(
            None, id="redis", marks=pytest.mark.skip("ADVISOR_TEST_REDIS_URL is not set")
        ),
    ]


@pytest.mark.parametrize("storage", _storages())
def test_rate_limit_per_key_gives_429_with_retry_after(database_url, storage):
    app = _limited_app(database_url, storage)
    client = app.test_client()
    one = bearer(make_key(app, f"limited-{uuid.uuid4().hex[:8]}", ("read",)))
    other = bearer(make_key(app, f"limited-{uuid.uuid4().hex[:8]}", ("read",)))
    try:
        responses = [client.get("/v1/vocabulary", headers=one) for _ in range(3)]
        assert [r.status_code for r in responses] == [200, 200, 200]
        assert [r.headers["X-RateLimit-Remaining"] for r in responses] == ["2", "1", "0"]
        assert responses[0].headers["X-RateLimit-Limit"] == "3"
        assert all("Retry-After" not in r.headers for r in responses), "only a refusal says when"
        refused = client.get("/v1/vocabulary", headers=one)
        assert refused.status_code == 429
        assert refused.mimetype == "application/problem+json"
        assert int(refused.headers["Retry-After"]) > 0
        assert refused.json["status"] == 429
        assert client.get("/v1/vocabulary", headers=other).status_code == 200, "limits are per key"
        assert client.get("/healthz").status_code == 200, "probes are never limited"
    finally:
        app.extensions["advisor"].database.dispose()


def test_redis_limits_are_shared_between_app_instances(database_url):
    url = os.environ.get("ADVISOR_TEST_REDIS_URL")
    if not url:
        pytest.skip("ADVISOR_TEST_REDIS_URL is not set")
    first, second = (
        _limited_app(database_url, url, "2 per minute"),
        _limited_app(database_url, url, "2 per minute"),
    )
    key = bearer(make_key(first, f"shared-{uuid.uuid4().hex[:8]}", ("read",)))
    try:
        assert first.test_client().get("/v1/vocabulary", headers=key).status_code == 200
        assert second.test_client().get("/v1/vocabulary", headers=key).status_code == 200
        assert first.test_client().get("/v1/vocabulary", headers=key).status_code == 429
    finally:
        # The key is new and its Redis counters expire with their one-minute window.
        for app in (first, second):
            app.extensions["advisor"].database.dispose()


def test_bad_rate_limit_setting_stops_the_start(database_url):
    with pytest.raises(SettingsError, match="ADVISOR_RATELIMIT_DEFAULT"):
        _limited_app(database_url, "memory://", "lots")


def test_flask_debug_in_the_environment_does_not_enable_debug(database_url, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app(Settings(config_dir=CONFIG_DIR, database_url=database_url))
    try:
        assert app.debug is False
    finally:
        app.extensions["advisor"].database.dispose()


def test_security_headers_on_a_crash_and_never_twice(make_app):
    app = make_app()

    def boom():
        raise RuntimeError("boom")

    def own_policy():
        return "framed", {"X-Frame-Options": "SAMEORIGIN"}

    app.add_url_rule("/__boom", "boom", boom)
    app.add_url_rule("/__own", "own", own_policy)
    client = app.test_client()
    crashed = client.get("/__boom")
    assert crashed.status_code == 500
    for name, value in SECURITY_HEADERS.items():
        assert crashed.headers.getlist(name) == [value]
    own = client.get("/__own")
    assert own.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert own.headers.getlist("X-Content-Type-Options") == ["nosniff"]


@pytest.mark.parametrize("incoming", [None, "", "bad id with spaces", "x" * 129, "ok-id_1.2:3"])
def test_request_id_echoed_once_generated_unless_well_formed(client, incoming):
    headers = {} if incoming is None else {"X-Request-ID": incoming}
    for path in ("/healthz", "/nope"):
        echoed = client.get(path, headers=headers).headers.getlist("X-Request-ID")
        assert len(echoed) == 1
        if incoming == "ok-id_1.2:3":
            assert echoed == [incoming]
        else:
            assert len(echoed[0]) == 32 and int(echoed[0], 16) >= 0
