"""Problem types resolve: every `type` an error names is a short page the service serves."""

import re
from html import escape

import pytest

from service.problemtypes import PROBLEM_TYPES
from tests.api.test_errors import assert_resolvable
from tests.conftest import UNLIMITED, bearer, make_key


@pytest.mark.parametrize("slug", sorted(PROBLEM_TYPES))
def test_every_problem_type_is_a_public_page_without_script(anon_client, slug):
    page = anon_client.get(f"/problems/{slug}")
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    assert page.headers["Content-Language"] == "en"
    html = page.get_data(as_text=True)
    assert "<script" not in html and "style=" not in html
    assert f"<h1>{escape(PROBLEM_TYPES[slug].title)}</h1>" in html
    assert f"/problems/{slug}" in html


def test_the_validation_error_page_lists_every_field_error_code(anon_client, spec_codes):
    html = anon_client.get("/problems/validation-error").get_data(as_text=True)
    assert set(re.findall(r"<td><code>([a-z_]+)</code></td>", html)) == set(spec_codes)


@pytest.fixture
def spec_codes(anon_client):
    spec = anon_client.get("/openapi.json").json
    return spec["components"]["schemas"]["FieldErrorCode"]["enum"]


def test_an_unknown_problem_type_is_404_problem_json(anon_client):
    response = anon_client.get("/problems/no-such-thing")
    assert response.status_code == 404
    assert response.json["type"] == "/problems/not-found"


@pytest.mark.parametrize(
    ("method", "path", "status"), [("GET", "/v1/assessments", 401), ("PUT", "/v1/vocabulary", 405)]
)
def test_errors_before_any_view_name_service_problem_types(anon_client, method, path, status):
    response = anon_client.open(path, method=method)
    assert response.status_code == status
    assert_resolvable(response.json)


def test_not_acceptable_names_its_type(client):
    response = client.get("/v1/assessments/x", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.json["type"] == "/problems/not-acceptable"


def test_rate_limited_answers_name_their_type_and_say_why_in_a_sentence(make_app):
    app = make_app(ratelimit_default="1 per minute")
    key = make_key(app, "limited", ("read",))
    client = app.test_client()
    assert client.get("/v1/vocabulary", headers=bearer(key)).status_code == 200
    response = client.get("/v1/vocabulary", headers=bearer(key))
    assert response.status_code == 429
    body = response.json
    assert_resolvable(body)
    assert body["type"] == "/problems/rate-limited"
    assert body["detail"].startswith("This key has used its 1 per 1 minute")
    assert body["detail"].endswith(".") and "Retry-After" in body["detail"]
    assert response.headers["Retry-After"]


def test_forbidden_names_its_type(make_app):
    app = make_app(ratelimit_default=UNLIMITED)
    key = make_key(app, "reader", ("read",))
    response = app.test_client().post(
        "/v1/assessments", json={"stakeholder_type": "legislature"}, headers=bearer(key)
    )
    assert response.status_code == 403
    assert response.json["type"] == "/problems/insufficient-scope"
