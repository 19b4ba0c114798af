"""Idempotency-Key: a retry replays the stored response; a reuse with another request is 409."""

from tests.conftest import load_example

PROFILE = load_example("jp-foreign-ministry")


def _post(client, body, key, query=""):
    return client.post(f"/v1/assessments{query}", json=body, headers={"Idempotency-Key": key})


def test_retry_replays_status_body_and_location(client):
    first = _post(client, PROFILE, "retry-1")
    second = _post(client, PROFILE, "retry-1")
    assert first.status_code == second.status_code == 201
    assert second.data == first.data
    assert second.headers["Location"] == first.headers["Location"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert len(client.get("/v1/assessments").json["items"]) == 1


def test_same_profile_in_another_order_is_the_same_request(client):
    reordered = dict(reversed(list(PROFILE.items())))
    reordered["alliances"] = list(reversed(PROFILE["alliances"]))
    first = _post(client, PROFILE, "order-1")
    second = _post(client, reordered, "order-1")
    assert second.status_code == 201
    assert second.json["id"] == first.json["id"]


def test_same_key_with_another_profile_is_409(client):
    assert _post(client, PROFILE, "reuse-1").status_code == 201
    conflict = _post(client, {**PROFILE, "time_horizon": "long_term"}, "reuse-1")
    assert conflict.status_code == 409
    assert conflict.mimetype == "application/problem+json"
    assert conflict.json["title"] == "Idempotency key reused"


def test_same_key_with_another_query_is_409(client):
    assert _post(client, PROFILE, "query-1").status_code == 201
    assert _post(client, PROFILE, "query-1", "?explain=full").status_code == 409


def test_different_keys_create_different_assessments(client):
    a = _post(client, PROFILE, "k-a").json["id"]
    b = _post(client, PROFILE, "k-b").json["id"]
    assert a != b


def test_over_long_key_is_422(client):
    response = _post(client, PROFILE, "k" * 256)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json["errors"]
