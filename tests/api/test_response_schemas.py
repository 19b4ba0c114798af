"""Every answer about assessments validates against the published OpenAPI schema, and no more.

Each object schema of the document is closed here (`additionalProperties: false` where it says
nothing else), so a field the service sends but the document does not describe fails too.
"""

import copy

import pytest
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, oas30_format_checker

from tests.conftest import example_names, load_example

JSON = "application/json"


def _closed(schema):
    """The schema with every object that lists its properties closed to any other."""
    if isinstance(schema, dict):
        closed = {key: _closed(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            closed["additionalProperties"] = False
        return closed
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    return schema


@pytest.fixture(scope="module")
def validate(app):
    spec = app.test_client().get("/openapi.json").json
    components = _closed(copy.deepcopy(spec["components"]))

    def check(path, method, status, body):
        response = spec["paths"][path][method]["responses"][str(status)]
        schema = {**_closed(response["content"][JSON]["schema"]), "components": components}
        OAS30Validator(schema, format_checker=oas30_format_checker).validate(body)

    return check


@pytest.mark.parametrize("explain", ["none", "full"])
@pytest.mark.parametrize("name", example_names())
def test_every_example_answer_matches_the_published_schema(client, validate, name, explain):
    profile = load_example(name)
    created = client.post(f"/v1/assessments?explain={explain}", json=profile)
    assert created.status_code == 201
    validate("/v1/assessments", "post", 201, created.json)
    assert created.json["stored"] is True
    dry = client.post(f"/v1/assessments?explain={explain}&dry_run=true", json=profile)
    assert dry.status_code == 200
    validate("/v1/assessments", "post", 200, dry.json)
    assert (dry.json["id"], dry.json["stored"]) == (None, False)
    fetched = client.get(created.headers["Location"])
    validate("/v1/assessments/{assessment_id}", "get", 200, fetched.json)
    assert fetched.json == created.json


def test_listing_matches_the_published_schema(client, validate):
    for name in example_names()[:3]:
        client.post("/v1/assessments", json=load_example(name))
    listing = client.get("/v1/assessments?limit=2")
    validate("/v1/assessments", "get", 200, listing.json)
    assert listing.json["next_cursor"]


def test_an_undocumented_field_would_fail(client, validate):
    """The check can fail: a field the document does not describe is refused."""
    body = client.post("/v1/assessments?dry_run=true", json=load_example("eu-newsroom")).json
    body["recommendations"][0]["confidence"] = "high"
    with pytest.raises(ValidationError, match="confidence"):
        validate("/v1/assessments", "post", 200, body)
