"""API keys: the auth × scope × endpoint matrix, tenancy, hashing, revocation and expiry."""

import pytest
from sqlalchemy import text

from service.keys import now_utc
from tests.conftest import bearer, counting_key_lookups, load_example, make_key

PROFILE = load_example("eu-newsroom")
SOME_ID = "00000000-0000-0000-0000-000000000001"

# (method, path, scope the endpoint needs)
ENDPOINTS = [
    ("POST", "/v1/assessments", "assess"),
    ("GET", "/v1/assessments", "read"),
    ("GET", f"/v1/assessments/{SOME_ID}", "read"),
    ("DELETE", f"/v1/assessments/{SOME_ID}", "assess"),
    ("GET", "/v1/rulesets", "read"),
    ("GET", "/v1/rulesets/humanitarian", "read"),
    ("GET", "/v1/articles", "read"),
    ("GET", "/v1/articles/dprk-troops-kursk", "read"),
    ("GET", "/v1/vocabulary", "read"),
]
PUBLIC = ["/healthz", "/readyz", "/openapi.json", "/docs"]


@pytest.fixture(scope="session")
def keys(app):
    return {
        "assess": make_key(app, "only-assess", ("assess",)),
        "read": make_key(app, "only-read", ("read",)),
        "admin": make_key(app, "an-admin", ("admin",)),
    }


def _call(client, method, path, headers):
    body = PROFILE if method == "POST" else None
    return client.open(path, method=method, json=body, headers=headers)


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS)
@pytest.mark.parametrize("credentials", ["none", "malformed", "unknown", "assess", "read", "admin"])
def test_auth_scope_matrix(anon_client, keys, method, path, scope, credentials):
    invalid = {
        "none": {},
        "malformed": {"Authorization": "Basic dXNlcjpwYXNz"},
        "unknown": bearer("sa_not-a-key-we-issued"),
    }
    headers = invalid[credentials] if credentials in invalid else bearer(keys[credentials])
    response = _call(anon_client, method, path, headers)
    if credentials in ("none", "malformed", "unknown"):
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        challenge = response.headers["WWW-Authenticate"]
        assert challenge.startswith('Bearer realm="stakeholder-advisor"')
        assert ('error="invalid_token"' in challenge) == (credentials == "unknown")
    elif credentials == "admin" or credentials == scope:
        assert response.status_code not in (401, 403), response.json
    else:
        assert response.status_code == 403
        assert response.json["title"] == "Forbidden"
        assert scope in response.json["detail"]


@pytest.mark.parametrize("path", PUBLIC)
def test_probes_and_docs_are_public(anon_client, path):
    with anon_client.get(path) as response:
        assert response.status_code == 200


def test_every_v1_operation_declares_a_scope(app):
    from service.api.auth import required_scope

    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/v1/"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert required_scope(app, rule.endpoint, method), (rule.rule, method)


def test_openapi_declares_the_bearer_scheme(anon_client):
    spec = anon_client.get("/openapi.json").json
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key from `stakeholder-advisor keys create`.",
    }
    assert spec["security"] == [{"bearerAuth": []}]
    assert spec["paths"]["/healthz"]["get"]["security"] == []
    assert "401" in spec["paths"]["/v1/assessments"]["post"]["responses"]


def test_a_caller_sees_only_its_own_assessments_and_admin_sees_all(anon_client, app, keys):
    portal_a = make_key(app, "portal-a", ("assess", "read"))
    portal_b = make_key(app, "portal-b", ("assess", "read"))
    mine = anon_client.post("/v1/assessments", json=PROFILE, headers=bearer(portal_a)).json["id"]
    theirs = anon_client.post("/v1/assessments", json=PROFILE, headers=bearer(portal_b)).json["id"]

    listed = anon_client.get("/v1/assessments", headers=bearer(portal_a)).json["items"]
    assert [item["id"] for item in listed] == [mine]
    assert anon_client.get(f"/v1/assessments/{theirs}", headers=bearer(portal_a)).status_code == 404
    assert (
        anon_client.delete(f"/v1/assessments/{theirs}", headers=bearer(portal_a)).status_code == 404
    )

    admin_listed = anon_client.get("/v1/assessments", headers=bearer(keys["admin"])).json["items"]
    assert {mine, theirs} <= {item["id"] for item in admin_listed}
    assert (
        anon_client.get(f"/v1/assessments/{theirs}", headers=bearer(keys["admin"])).status_code
        == 200
    )
    assert (
        anon_client.delete(f"/v1/assessments/{theirs}", headers=bearer(keys["admin"])).status_code
        == 204
    )


def test_idempotency_keys_are_per_caller(anon_client, app):
    one = make_key(app, "idem-one", ("assess",))
    two = make_key(app, "idem-two", ("assess",))
    headers = {"Idempotency-Key": "shared-key"}
    first = anon_client.post("/v1/assessments", json=PROFILE, headers={**headers, **bearer(one)})
    other = anon_client.post(
        "/v1/assessments", json={**PROFILE, "name": "another"}, headers={**headers, **bearer(two)}
    )
    assert first.status_code == other.status_code == 201
    assert first.json["id"] != other.json["id"]


def test_raw_keys_appear_nowhere_in_the_database(anon_client, app, database_url):
    key = make_key(app, "needle", ("assess", "read"))
    anon_client.post("/v1/assessments", json=PROFILE, headers=bearer(key))
    database = app.extensions["advisor"].database
    with database.reading() as session:
        for table in ("api_clients", "assessments"):
            for row in session.execute(text(f"SELECT * FROM {table}")):
                assert all(key not in str(value) for value in row), table


class FakeClock:
    """The key cache's clock, moved by the test instead of by waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_revoked_key_is_refused_once_the_key_cache_bound_has_passed(make_app):
    app = make_app(key_cache_seconds=1.0)
    clock = app.extensions["advisor"].keys.clock = FakeClock()
    client = app.test_client()
    key = make_key(app, "to-revoke", ("read",))
    assert client.get("/v1/vocabulary", headers=bearer(key)).status_code == 200
    clients = app.extensions["advisor"].clients
    clients.revoke(clients.find("to-revoke").id, now_utc())

    clock.now += 0.9  # within the stated bound, the process may still honour it
    assert client.get("/v1/vocabulary", headers=bearer(key)).status_code == 200
    clock.now += 0.1
    refused = client.get("/v1/vocabulary", headers=bearer(key))
    assert refused.status_code == 401
    clock.now += 5
    assert client.get("/v1/vocabulary", headers=bearer(key)).status_code == 401


def test_revoked_key_is_refused_at_once_without_the_key_cache(make_app):
    app = make_app(key_cache_seconds=0)
    client = app.test_client()
    key = make_key(app, "to-revoke", ("read",))
    assert client.get("/v1/vocabulary", headers=bearer(key)).status_code == 200
    clients = app.extensions["advisor"].clients
    clients.revoke(clients.find("to-revoke").id, now_utc())
    assert client.get("/v1/vocabulary", headers=bearer(key)).status_code == 401


def test_the_key_cache_asks_the_store_once_per_bound(make_app):
    app = make_app(key_cache_seconds=1.0)
    clock = app.extensions["advisor"].keys.clock = FakeClock()
    client = app.test_client()
    key = make_key(app, "cached", ("read",))
    with counting_key_lookups(app) as lookups:
        for _ in range(5):
            assert client.get("/v1/vocabulary", headers=bearer(key)).status_code == 200
        assert len(lookups) == 1
        clock.now += 1.0
        assert client.get("/v1/vocabulary", headers=bearer(key)).status_code == 200
        assert len(lookups) == 2


def test_expired_key_is_refused(anon_client, app):
    key = make_key(app, "expiring", ("read",), expires_in_days=1)
    database = app.extensions["advisor"].database
    with database.writing() as session:
        session.execute(
            text("UPDATE api_clients SET expires_at = created_at WHERE name = 'expiring'")
        )
    assert anon_client.get("/v1/vocabulary", headers=bearer(key)).status_code == 401


def test_last_used_is_recorded(anon_client, app):
    key = make_key(app, "used", ("read",))
    assert app.extensions["advisor"].clients.find("used").last_used_at is None
    anon_client.get("/v1/vocabulary", headers=bearer(key))
    assert app.extensions["advisor"].clients.find("used").last_used_at is not None


def test_a_cached_key_gives_the_caller_made_when_the_store_was_asked(make_app):
    app = make_app(key_cache_seconds=1.0)
    keys = app.extensions["advisor"].keys
    keys.clock = clock = FakeClock()
    key = make_key(app, "reused", ("read",))
    first = keys.caller(key)
    assert first is not None and first.name == "reused" and first.scopes == ("read",)
    assert keys.caller(key) is first  # and its use was recorded on the way
    clock.now += 1.0
    again = keys.caller(key)
    assert again == first and again is not first
