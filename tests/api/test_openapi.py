"""The OpenAPI document and the offline docs page."""

import re

import pytest


@pytest.fixture(scope="module")
def spec(app):
    return app.test_client().get("/openapi.json").json


def test_every_endpoint_is_documented(spec):
    paths = spec["paths"]
    for path, methods in {
        "/v1/assessments": {"get", "post"},
        "/v1/assessments/{assessment_id}": {"get", "delete"},
        "/v1/rulesets": {"get"},
        "/v1/rulesets/{area}": {"get"},
        "/v1/articles": {"get"},
        "/v1/articles/{article_id}": {"get"},
        "/v1/vocabulary": {"get"},
        "/healthz": {"get"},
        "/readyz": {"get"},
    }.items():
        assert methods <= set(paths[path]), path


def test_profile_schema_has_enums_ranges_and_an_example(spec, registry):
    schemas = spec["components"]["schemas"]
    profile = schemas["ProfileInput"]
    assert profile["required"] == ["stakeholder_type"]
    assert profile["properties"]["stakeholder_type"]["allOf"] == [
        {"$ref": "#/components/schemas/StakeholderType"}
    ]
    assert schemas["StakeholderType"]["enum"] == list(
        registry.vocabulary.values("stakeholder_types")
    )
    capacities = schemas["CapacitiesInput"]["properties"]["military"]
    assert capacities["minimum"] == 0 and capacities["maximum"] == 1
    post = spec["paths"]["/v1/assessments"]["post"]
    body = post["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/ProfileInput"}
    assert body["example"]["stakeholder_type"] == "defence_ministry"


def _operations(spec):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if isinstance(operation, dict) and "responses" in operation:
                yield path, method, operation


def test_every_operation_has_a_unique_camel_case_operation_id(spec):
    ids = []
    for path, method, operation in _operations(spec):
        assert "operationId" in operation, f"{method.upper()} {path} has no operationId"
        assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z]*)*", operation["operationId"]), operation
        ids.append(operation["operationId"])
    assert len(ids) == len(set(ids)), ids
    assert {
        "createAssessment",
        "getAssessment",
        "listAssessments",
        "deleteAssessment",
        "listRulesets",
        "getRuleset",
        "listArticles",
        "getArticle",
        "getVocabulary",
        "getHealth",
        "getReadiness",
        "getProblemType",
    } <= set(ids)


def test_the_response_profile_has_every_field_and_no_defaults(spec):
    schemas = spec["components"]["schemas"]
    request, response = schemas["ProfileInput"], schemas["Profile"]
    assert set(response["required"]) == set(request["properties"]) == set(response["properties"])
    assert set(schemas["Exposure"]["required"]) == set(schemas["ExposureInput"]["properties"])
    assert "required" not in schemas["ExposureInput"]
    assessment = schemas["Assessment"]["properties"]["profile"]
    assert {"$ref": "#/components/schemas/Profile"} in [assessment, *assessment.get("allOf", [])]


def _walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


def test_no_null_in_named_enums_and_no_null_defaults(spec):
    for path, node in _walk(spec):
        if isinstance(node, dict):
            assert not ("default" in node and node["default"] is None), path
            if "enum" in node and None in node["enum"]:
                assert node == {"type": "string", "nullable": True, "enum": [None]}, path


def test_each_vocabulary_list_is_one_named_enum_that_responses_reuse(spec, registry):
    schemas = spec["components"]["schemas"]
    enums = [node["enum"] for _, node in _walk(spec) if isinstance(node, dict) and "enum" in node]
    for group in ("stakeholder_types", "alliances", "areas", "horizons", "severities"):
        values = list(registry.vocabulary.values(group))
        assert enums.count(values) == 1, group
    assert enums.count(list(registry.vocabulary.countries)) == 1

    def refers(schema, name):
        return {"$ref": f"#/components/schemas/{name}"} in [
            schema,
            *schema.get("allOf", []),
            *schema.get("anyOf", []),
        ]

    recommendation = schemas["Recommendation"]["properties"]
    assert refers(recommendation["area"], "Area")
    assert refers(recommendation["severity"], "Severity")
    assert refers(recommendation["horizon"], "Horizon")
    assert refers(schemas["Priority"]["properties"]["tier"], "Tier")
    assert refers(schemas["Summary"]["properties"]["top_area"], "Area")
    assert refers(schemas["AssessmentItem"]["properties"]["stakeholder_type"], "StakeholderType")
    assert refers(schemas["ProfileInput"]["properties"]["country"], "Country")
    assert refers(schemas["FieldError"]["properties"]["code"], "FieldErrorCode")
    listing = spec["paths"]["/v1/assessments"]["get"]["parameters"]
    [type_filter] = [p for p in listing if p["name"] == "stakeholder_type"]
    assert refers(type_filter["schema"], "StakeholderType")
    assert "PaginationMetadata" not in schemas


def test_headers_are_reusable_components_on_the_answers(spec):
    headers = spec["components"]["headers"]
    for name in (
        "X-Request-ID",
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
        "Retry-After",
        "Link",
        "Idempotent-Replayed",
        "Location",
    ):
        assert name in headers, name
    created = spec["paths"]["/v1/assessments"]["post"]["responses"]["201"]["headers"]
    assert created["Location"] == {"$ref": "#/components/headers/Location"}
    assert created["Idempotent-Replayed"] == {"$ref": "#/components/headers/Idempotent-Replayed"}
    listing = spec["paths"]["/v1/assessments"]["get"]["responses"]["200"]["headers"]
    assert listing["Link"] == {"$ref": "#/components/headers/Link"}
    responses = spec["components"]["responses"]
    assert "Retry-After" in responses["TOO_MANY_REQUESTS"]["headers"]
    assert "Retry-After" in responses["SERVICE_UNAVAILABLE"]["headers"]
    for path, method, operation in _operations(spec):
        answers = operation["responses"]
        for status, answer in answers.items():
            if "$ref" not in answer:
                assert "X-Request-ID" in answer.get("headers", {}), (path, method, status)
        if path.startswith("/v1/"):
            assert {"429", "503"} <= set(answers), (path, method)
            assert "X-RateLimit-Remaining" in answers[min(answers)]["headers"], (path, method)


def test_errors_are_documented_as_problem_json(spec):
    post = spec["paths"]["/v1/assessments"]["post"]["responses"]
    for status in ("400", "409", "413", "415", "422", "default"):
        assert status in post, status
    responses = spec["components"]["responses"]
    assert "application/problem+json" in responses["UNPROCESSABLE_ENTITY"]["content"]
    assert "application/problem+json" in responses["DEFAULT_ERROR"]["content"]
    get_one = spec["paths"]["/v1/assessments/{assessment_id}"]["get"]["responses"]
    assert set(get_one["200"]["content"]) == {"application/json"}
    memo = spec["paths"]["/v1/assessments/{assessment_id}/memo"]["get"]["responses"]
    assert set(memo["200"]["content"]) == {"text/markdown", "text/html"}
    problem = spec["components"]["schemas"]["Problem"]
    assert problem["properties"]["type"]["example"] == "/problems/validation-error"
    example = problem["properties"]["errors"]["example"]
    assert example["alliances.0"][0] == {
        "code": "unknown_value",
        "message": "Unknown value 'natoo'; did you mean 'nato'?",
        "suggestion": "nato",
    }


def test_docs_page_loads_only_local_assets(client):
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert not re.search(r"(src|href)=\"https?://", html)
    assert "<script>" not in html, "no inline script: a strict CSP must hold"
    for asset in re.findall(r'(?:src|href)="(/docs/[^"]+)"', html):
        with client.get(asset) as response:
            assert response.status_code == 200, asset


def test_analytic_standards_fields_are_documented_with_enums(spec):
    schemas = spec["components"]["schemas"]
    recommendation = schemas["Recommendation"]["properties"]
    # Optional: assessments stored before format 3 lack them.
    assert not {"confidence", "assumptions", "indicators"} & set(
        schemas["Recommendation"]["required"]
    )
    assert recommendation["confidence"]["allOf"][0]["$ref"].endswith("/Confidence")
    level = schemas["Confidence"]["properties"]["level"]
    assert level == {"$ref": "#/components/schemas/ConfidenceLevel"}
    assert schemas["ConfidenceLevel"]["enum"] == ["high", "moderate", "low"]
    assert schemas["Basis"]["properties"]["kind"]["enum"] == [
        "support",
        "hedged",
        "attributed",
        "inference",
        "source",
    ]
    assert schemas["Basis"]["required"] == ["kind", "passages", "text"]
    assert schemas["Indicator"]["properties"]["direction"]["enum"] == ["raises", "lowers"]
    summary = schemas["Summary"]
    assert "bottom_line" in summary["properties"] and "bottom_line" not in summary["required"]
    area = schemas["AreaSummary"]["properties"]["why_empty"]
    assert area["anyOf"][0]["$ref"].endswith("/WhyEmpty")
    assert any(option.get("nullable") for option in area["anyOf"])
    assert schemas["WhyEmpty"]["properties"]["reason"]["enum"] == [
        "unreachable",
        "withheld",
        "missed",
    ]


def test_apps_in_one_process_each_document_and_accept_their_own_vocabulary(
    make_app, config_copy, edit_yaml, tmp_path
):
    """Every app builds its views from its own configuration, whatever else the process built."""
    from service import create_app
    from service.settings import Settings
    from tests.conftest import UNLIMITED, bearer, load_example, make_key
    from tests.db import fresh_database

    edit_yaml(
        config_copy / "vocabulary.yaml",
        lambda vocabulary: vocabulary["stakeholder_types"].update(
            port_authority={"label": "Port authority", "description": "Runs a port."}
        ),
    )
    edit_yaml(
        config_copy / "scoring.yaml",
        lambda scoring: scoring["area_weights"].update(
            port_authority=scoring["area_weights"]["defence_ministry"]
        ),
    )
    shipped = make_app(ratelimit_default=UNLIMITED)
    with fresh_database("sqlite", tmp_path) as url:
        edited = create_app(
            Settings(config_dir=config_copy, database_url=url, ratelimit_default=UNLIMITED)
        )
        try:
            profile = {**load_example("kr-defence-ministry"), "stakeholder_type": "port_authority"}
            answers = {}
            for name, app in (("shipped", shipped), ("edited", edited)):
                client = app.test_client()
                types = client.get("/openapi.json").json["components"]["schemas"]
                headers = bearer(make_key(app, "vocabulary", ("assess",)))
                sent = client.post("/v1/assessments?dry_run=true", json=profile, headers=headers)
                answers[name] = (
                    "port_authority" in types["StakeholderType"]["enum"],
                    sent.status_code,
                )
        finally:
            edited.extensions["advisor"].database.dispose()
    assert answers == {"shipped": (False, 422), "edited": (True, 200)}


def test_the_document_is_written_once_and_sent_as_written(make_app):
    """Every request gets the document byte for byte as the first did, which is the spec as
    flask-smorest writes it; it is written once per app, not on every request."""
    import flask

    app = make_app()
    client = app.test_client()
    api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    first = client.get("/openapi.json")
    kept = api._openapi_text
    second = client.get("/openapi.json")
    assert first.status_code == second.status_code == 200
    assert first.mimetype == "application/json"
    assert first.data == second.data
    with app.app_context():
        assert first.get_data(as_text=True) == flask.json.dumps(
            api.spec.to_dict(), indent=2, sort_keys=False
        )
    assert kept is not None and api._openapi_text is kept
