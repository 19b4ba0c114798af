"""POST, GET, DELETE of assessments through the real app, on SQLite and PostgreSQL."""

import json

import pytest

from tests.conftest import load_example

PROFILE = load_example("kr-defence-ministry")


def _post(client, body=PROFILE, **kwargs):
    return client.post("/v1/assessments", json=body, **kwargs)


def test_post_creates_and_get_returns_the_same_body(client, registry):
    created = _post(client)
    assert created.status_code == 201
    assert created.headers["Location"] == f"/v1/assessments/{created.json['id']}"
    assert created.headers["Cache-Control"] == "no-store"
    body = created.json
    assert body["profile"]["stakeholder_type"] == "defence_ministry"
    assert body["versions"]["rules"] == registry.versions["rules"]
    assert body["recommendations"][0]["rank"] == 1
    assert body["created_at"].endswith("Z")
    assert body["stored"] is True
    assert "not_applicable" not in body
    fetched = client.get(created.headers["Location"])
    assert fetched.status_code == 200
    assert fetched.data == created.data
    assert fetched.headers["Cache-Control"] == "no-store"


def test_a_profile_posted_again_is_stored_again_as_its_own_assessment(client):
    """The second is answered from the evaluation the first made (service/recent.py)."""
    recent = client.application.extensions["advisor"].recent
    first = _post(client)
    kept = len(recent)
    assert kept  # the first evaluation is kept
    second = _post(client)
    assert len(recent) == kept  # nothing new to keep: the first's evaluation answered
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json["id"] != second.json["id"]
    for created in (first, second):
        assert client.get(created.headers["Location"]).data == created.data
    instance = ("id", "created_at")
    assert {k: v for k, v in second.json.items() if k not in instance} == {
        k: v for k, v in first.json.items() if k not in instance
    }


def test_every_evidence_in_a_response_is_an_exact_span(client, registry):
    body = _post(client).json
    text = registry.articles["dprk-troops-kursk"].body
    for rec in body["recommendations"]:
        for evidence in rec["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["quote"]


def test_body_is_utf8_and_quotes_keep_the_article_text(client, registry):
    """The article's dashes and curly quotes travel as UTF-8 and decode back exactly."""
    response = _post(client)
    assert response.mimetype == "application/json"
    assert response.data.decode("utf-8") == response.get_data(as_text=True)
    text = registry.articles["dprk-troops-kursk"].body
    evidence = [e for rec in response.json["recommendations"] for e in rec["evidence"]]
    non_ascii = [e for e in evidence if not e["quote"].isascii()]
    assert non_ascii
    assert all(text[e["start"] : e["end"]] == e["quote"] for e in non_ascii)


def test_explain_full_adds_not_applicable(client, registry):
    body = client.post("/v1/assessments?explain=full", json=PROFILE).json
    fired = {r["id"] for r in body["recommendations"]}
    assert {n["id"] for n in body["not_applicable"]} == set(registry.engine.by_id) - fired
    assert all(
        len(n["failed"]) == 1 and "would_pass" in n["failed"][0] for n in body["not_applicable"]
    )


def test_dry_run_answers_200_and_stores_nothing(client):
    response = client.post("/v1/assessments?dry_run=true", json=PROFILE)
    assert response.status_code == 200
    assert "Location" not in response.headers
    assert response.json["id"] is None
    assert response.json["stored"] is False
    assert response.json["recommendations"]
    assert client.get("/v1/assessments").json["items"] == []


def test_markdown_accept_on_the_assessment_points_at_the_memo(client):
    location = _post(client).headers["Location"]
    response = client.get(location, headers={"Accept": "text/markdown"})
    assert response.status_code == 406
    assert response.mimetype == "application/problem+json"
    assert f"{location}/memo" in response.json["detail"]


@pytest.mark.parametrize("accept", [None, "", "*/*", "application/*"])
def test_any_type_accepted_gets_json(client, accept):
    location = _post(client).headers["Location"]
    response = client.get(location, headers={} if accept is None else {"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == "application/json"


def test_browser_style_accept_gets_json(client):
    location = _post(client).headers["Location"]
    response = client.get(
        location, headers={"Accept": "text/html,application/json;q=0.9,*/*;q=0.8"}
    )
    assert response.mimetype == "application/json"


def test_unsupported_accept_is_406_problem(client):
    location = _post(client).headers["Location"]
    response = client.get(location, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 406


def test_delete_then_gone(client):
    location = _post(client).headers["Location"]
    deleted = client.delete(location)
    assert deleted.status_code == 204
    assert deleted.data == b""
    assert client.get(location).status_code == 404
    assert client.delete(location).status_code == 404


@pytest.mark.parametrize("assessment_id", ["00000000-0000-0000-0000-000000000000", "not-a-uuid"])
def test_unknown_assessment_is_404_problem(client, assessment_id):
    response = client.get(f"/v1/assessments/{assessment_id}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert assessment_id in response.json["detail"]


def test_request_id_and_key_are_stored_with_the_assessment(client, app):
    response = _post(client, headers={"X-Request-ID": "portal-42"})
    assert response.headers["X-Request-ID"] == "portal-42"
    from service.store.models import Assessment

    with app.extensions["advisor"].database.reading() as session:
        row = session.get(Assessment, response.json["id"])
        assert row.request_id == "portal-42"
        assert row.client_id == app.extensions["advisor"].clients.find("tests-default").id
        assert json.loads(row.result) == response.json


def test_answers_with_prose_say_they_are_in_english(client):
    created = client.post("/v1/assessments", json=PROFILE)
    assert created.headers["Content-Language"] == "en"
    dry = client.post("/v1/assessments?dry_run=true", json=PROFILE)
    assert dry.headers["Content-Language"] == "en"
    location = created.headers["Location"]
    assert client.get(location).headers["Content-Language"] == "en"
    memo = client.get(location, headers={"Accept": "text/markdown"})
    assert memo.headers["Content-Language"] == "en"
    assert "Content-Language" not in client.delete(location).headers
    for path in ("/v1/rulesets", "/v1/rulesets/diplomatic", "/v1/articles", "/v1/vocabulary"):
        assert client.get(path).headers["Content-Language"] == "en", path
