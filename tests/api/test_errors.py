"""Every error status as application/problem+json, with the headers HTTP requires."""

import re

import pytest
from flask import Flask

from service import create_app
from service.problemtypes import PROBLEM_TYPES
from service.settings import Settings
from tests.conftest import CONFIG_DIR


def _is_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert body["status"] == status
    assert body["title"] and "detail" in body
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert response.headers["Content-Language"] == "en"
    assert_resolvable(body)
    return body


def assert_resolvable(body):
    """The problem's type is one of the service's own pages, and the service serves it."""
    assert re.fullmatch(r"/problems/[a-z0-9-]+", body["type"]), body["type"]
    slug = body["type"].removeprefix("/problems/")
    assert slug in PROBLEM_TYPES, slug
    assert PROBLEM_TYPES[slug].status == body["status"]


def test_malformed_json_is_400(client):
    response = client.post("/v1/assessments", data="{not json", content_type="application/json")
    body = _is_problem(response, 400)
    assert "not valid JSON" in body["detail"]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("stakeholder_type=legislature", "application/x-www-form-urlencoded"),
        ("{}", "text/plain"),
        ("{}", None),
    ],
)
def test_body_that_is_not_json_is_415(client, data, content_type):
    response = client.post("/v1/assessments", data=data, content_type=content_type)
    _is_problem(response, 415)


def test_body_over_the_limit_is_413(client, app):
    limit = app.extensions["advisor"].settings.max_body_bytes
    body = '{"stakeholder_type": "legislature", "name": "' + "x" * limit + '"}'
    response = client.post("/v1/assessments", data=body, content_type="application/json")
    _is_problem(response, 413)


def test_invalid_profile_is_422_with_flat_field_paths(client):
    response = client.post(
        "/v1/assessments",
        json={
            "stakeholder_type": "defence_ministry",
            "capacities": {"military": 2},
            "alliances": ["nato", "natoo"],
        },
    )
    body = _is_problem(response, 422)
    assert body["type"] == "/problems/validation-error"
    assert body["errors"] == {
        "capacities.military": [{"code": "out_of_range", "message": "Must be between 0 and 1."}],
        "alliances.1": [
            {
                "code": "unknown_value",
                "message": "Unknown value 'natoo'; did you mean 'nato'?",
                "suggestion": "nato",
            }
        ],
    }


@pytest.mark.parametrize("payload", ["[]", '"text"', "3", "null"])
def test_json_that_is_not_an_object_is_422(client, payload):
    response = client.post("/v1/assessments", data=payload, content_type="application/json")
    body = _is_problem(response, 422)
    assert body["errors"]


def test_bad_query_value_on_post_is_422(client):
    response = client.post("/v1/assessments?explain=some", json={"stakeholder_type": "legislature"})
    assert "explain" in _is_problem(response, 422)["errors"]


def test_unknown_route_is_404(client):
    _is_problem(client.get("/v2/nothing"), 404)


def test_wrong_method_is_405_with_allow(client):
    response = client.put("/v1/assessments", json={})
    _is_problem(response, 405)
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_no_error_is_ever_html(client):
    for response in (client.get("/nope"), client.patch("/healthz", json={})):
        assert b"<html" not in response.data.lower()


def test_unexpected_exception_is_a_generic_500_without_trace(database_url):
    app = create_app(Settings(config_dir=CONFIG_DIR, database_url=database_url))

    def boom():
        raise RuntimeError("secret internals")

    app.add_url_rule("/__boom", "boom", boom)
    response = app.test_client().get("/__boom", headers={"X-Request-ID": "trace-me"})
    body = _is_problem(response, 500)
    assert body["request_id"] == "trace-me"
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_database_unreachable_is_503_with_retry_after_and_readyz_fails(tmp_path):
    settings = Settings(
        config_dir=CONFIG_DIR,
        database_url="postgresql://postgres@127.0.0.1:1/none",
        db_timeout_seconds=1,
    )
    app: Flask = create_app(settings)
    client = app.test_client()
    ready = client.get("/readyz")
    _is_problem(ready, 503)
    assert ready.headers["Retry-After"]
    response = client.post(
        "/v1/assessments",
        json={"stakeholder_type": "legislature"},
        headers={"Authorization": "Bearer sa_cannot-be-checked-without-a-database"},
    )
    _is_problem(response, 503)
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/healthz").status_code == 200
