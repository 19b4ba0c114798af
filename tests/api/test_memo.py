"""GET /v1/assessments/{id}/memo: Markdown or embeddable HTML, negotiated, downloadable, tenanted."""

from __future__ import annotations

import pytest

from tests.conftest import bearer, load_example, make_key
from tests.memo_html import assert_inert

PROFILE = {
    **load_example("kr-defence-ministry"),
    "name": "<script>alert(1)</script><img src=x onerror=alert(1)> *Ministry* [x](javascript:y)",
}


@pytest.fixture
def memo_url(client) -> str:
    created = client.post("/v1/assessments", json=PROFILE)
    assert created.status_code == 201
    return created.headers["Location"] + "/memo"


@pytest.mark.parametrize("accept", [None, "*/*", "text/markdown", "text/*, application/json;q=0.1"])
def test_markdown_by_default(client, memo_url, accept):
    response = client.get(memo_url, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert response.text.startswith("# Briefing: \\<script\\>alert(1)\\</script\\>")
    assert "Content-Disposition" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_html_is_an_inert_fragment_showing_the_name_as_written(client, memo_url):
    response = client.get(memo_url, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.mimetype_params["charset"] == "utf-8"
    found = assert_inert(response.text)
    assert found.headings[0] == "Briefing: " + PROFILE["name"]
    assert "Accept" in response.headers["Vary"]


def test_a_browser_accept_gets_html(client, memo_url):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get(memo_url, headers={"Accept": accept}).mimetype == "text/html"


@pytest.mark.parametrize(("accept", "extension"), [("text/markdown", "md"), ("text/html", "html")])
def test_download_names_a_file(client, memo_url, accept, extension):
    response = client.get(memo_url + "?download=true", headers={"Accept": accept})
    assessment_id = memo_url.split("/")[-2]
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="assessment-{assessment_id}.{extension}"'
    )


def test_download_must_be_a_boolean(client, memo_url):
    response = client.get(memo_url + "?download=maybe")
    assert response.status_code == 422
    assert "download" in response.json["errors"]


@pytest.mark.parametrize("accept", ["application/json", "image/png"])
def test_other_types_are_406_problems(client, memo_url, accept):
    response = client.get(memo_url, headers={"Accept": accept})
    assert response.status_code == 406
    assert response.mimetype == "application/problem+json"
    assert "text/html" in response.json["detail"]


def test_another_client_sees_404_and_an_admin_sees_it(app, client, memo_url):
    other = make_key(app, "memo-other", ("assess", "read"))
    admin = make_key(app, "memo-admin", ("read", "admin"))
    hidden = app.test_client().get(memo_url, headers=bearer(other))
    assert hidden.status_code == 404
    assert hidden.mimetype == "application/problem+json"
    assert app.test_client().get(memo_url, headers=bearer(admin)).status_code == 200


def test_unknown_assessment_is_404(client):
    response = client.get("/v1/assessments/00000000-0000-0000-0000-000000000000/memo")
    assert response.status_code == 404


def test_the_memo_needs_the_read_scope(app, memo_url):
    only_assess = make_key(app, "memo-assess-only", ("assess",))
    assert app.test_client().get(memo_url, headers=bearer(only_assess)).status_code == 403


def test_openapi_documents_both_media_types(client):
    spec = client.get("/openapi.json").json
    operation = spec["paths"]["/v1/assessments/{assessment_id}/memo"]["get"]
    assert operation["operationId"] == "getAssessmentMemo"
    assert set(operation["responses"]["200"]["content"]) == {"text/markdown", "text/html"}
    assert "Content-Disposition" in operation["responses"]["200"]["headers"]
    assert {"404", "406"} <= set(operation["responses"])
    read = spec["paths"]["/v1/assessments/{assessment_id}"]["get"]["responses"]["200"]
    assert set(read["content"]) == {"application/json"}
