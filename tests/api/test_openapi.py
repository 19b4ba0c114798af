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
    profile = spec["components"]["schemas"]["Profile"]
    assert profile["required"] == ["stakeholder_type"]
    assert profile["properties"]["stakeholder_type"]["enum"] == list(
        registry.vocabulary.values("stakeholder_types")
    )
    capacities = spec["components"]["schemas"]["Capacities"]["properties"]["military"]
    assert capacities["minimum"] == 0 and capacities["maximum"] == 1
    post = spec["paths"]["/v1/assessments"]["post"]
    body = post["requestBody"]["content"]["application/json"]
    assert body["example"]["stakeholder_type"] == "defence_ministry"


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
    assert schemas["Confidence"]["properties"]["level"]["enum"] == ["high", "moderate", "low"]
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
