"""The listing's bytes: the form Flask's JSON provider gave it, and item URLs as url_for builds them."""

import json
import uuid

import pytest
from flask import url_for
from sqlalchemy import text
from werkzeug.urls import iri_to_uri

from service.api.assessments.views import _item_urls, _location
from service.api.state import state
from service.store.repository import AssessmentRepository
from tests.conftest import load_example

NAMES = ["Ministère de la Défense", "국방부 — 서울", "desk 🛰️", 'say "q" \\ <b>&amp;</b>', "plain"]


def _flask_form(response):
    """What Flask's provider writes for the parsed body: compact, ensure_ascii, a newline."""
    return (json.dumps(response.json, separators=(",", ":")) + "\n").encode()


@pytest.mark.parametrize("script_name", ["", "/advisor", "/a%20b/ä/"])
def test_pages_are_byte_for_byte_the_former_form(client, script_name):
    for name in NAMES:
        profile = {**load_example("kr-defence-ministry"), "name": name}
        assert client.post("/v1/assessments", json=profile).status_code == 201
    url, pages = "/v1/assessments?limit=2&stakeholder_type=defence_ministry", 0
    while url:
        response = client.get(url, environ_overrides={"SCRIPT_NAME": script_name})
        assert response.status_code == 200
        assert response.data == _flask_form(response)
        assert response.content_type == "application/json"
        assert response.headers["Cache-Control"] == "no-store"
        assert "Content-Language" not in response.headers
        with client.application.test_request_context(
            environ_overrides={"SCRIPT_NAME": script_name}
        ):
            for item in response.json["items"]:
                assert item["url"] == url_for("assessments.Assessment", assessment_id=item["id"])
        pages += 1
        link = response.headers.get("Link")
        url = link[len(script_name.rstrip("/")) + 1 : link.index(">")] if link else None
    assert pages == 3


def test_rows_an_earlier_release_stored_without_their_item_list_the_same(client):
    """A release before 0006 writes no `listed` item: a page writes those rows' items itself."""
    for name in NAMES:
        profile = {**load_example("kr-defence-ministry"), "name": name}
        assert client.post("/v1/assessments", json=profile).status_code == 201
    url = f"/v1/assessments?limit={len(NAMES) - 1}"
    before = client.get(url)
    ids = [item["id"] for item in before.json["items"]]
    database = client.application.extensions["advisor"].database
    with database.writing() as session:
        for assessment_id in ids[1::2]:
            session.execute(
                text("UPDATE assessments SET listed = NULL WHERE id = :id"), {"id": assessment_id}
            )
    after = client.get(url)
    assert after.status_code == 200
    assert after.data == before.data
    assert after.headers["Link"] == before.headers["Link"]


def test_the_location_of_a_new_assessment_is_what_url_for_builds_wherever_mounted(client):
    """The collection's URL is built once per mount point: each request gets its own's."""
    for script_name in ["", "/advisor", "/a b/ä", "/advisor", ""]:
        created = client.post(
            "/v1/assessments",
            json=load_example("kr-defence-ministry"),
            environ_overrides={"SCRIPT_NAME": script_name},
        )
        assert created.status_code == 201
        with client.application.test_request_context(
            environ_overrides={"SCRIPT_NAME": script_name}
        ):
            expected = url_for("assessments.Assessment", assessment_id=created.json["id"])
        # Werkzeug sends a Location header as a URI (iri_to_uri), whoever built it.
        assert created.headers["Location"] == iri_to_uri(expected)


@pytest.mark.parametrize("script_name", ["", "/advisor", "/a b/ä"])
@pytest.mark.parametrize(
    "assessment_id", [str(uuid.uuid4()), "a b", "ä", "x/y", "%41", "?#", "!$&'()*+,:;=@~._-"]
)
def test_item_urls_are_what_url_for_builds(app, script_name, assessment_id):
    with app.test_request_context(environ_overrides={"SCRIPT_NAME": script_name}):
        expected = url_for("assessments.Assessment", assessment_id=assessment_id)
        item_urls = _item_urls(url_for("assessments.Assessments"))
        assert item_urls([assessment_id]) == [expected]
        assert _location(state(), assessment_id) == iri_to_uri(expected)
        # A page mixing ids that need quoting with ones that do not gives each its own URL.
        plain = str(uuid.uuid4())
        assert item_urls([plain, assessment_id]) == [
            url_for("assessments.Assessment", assessment_id=plain),
            expected,
        ]


def test_a_row_without_its_item_deleted_while_its_page_is_read_is_left_out(client, monkeypatch):
    """A row an earlier release stored without its item, deleted between the page's read and the
    read of its listing columns (another request's DELETE), is not listed: the page answers 200
    with the rows that remain, not a 500."""
    for name in NAMES[:3]:
        profile = {**load_example("kr-defence-ministry"), "name": name}
        assert client.post("/v1/assessments", json=profile).status_code == 201
    before = client.get("/v1/assessments").json["items"]
    gone = before[1]["id"]
    database = client.application.extensions["advisor"].database
    with database.writing() as session:
        session.execute(text("UPDATE assessments SET listed = NULL WHERE id = :id"), {"id": gone})
    read_columns = AssessmentRepository.listed_fields

    def deleted_meanwhile(repository, assessment_ids):
        assert repository.delete(gone, None)
        return read_columns(repository, assessment_ids)

    monkeypatch.setattr(AssessmentRepository, "listed_fields", deleted_meanwhile)
    after = client.get("/v1/assessments")
    assert after.status_code == 200
    assert after.json["items"] == [item for item in before if item["id"] != gone]


def _former_next_page(collection: str, cursor: str) -> str:
    """The Link's URL as it was built from the parsed query on every request, before the query
    around the cursor was kept by its text."""
    from urllib.parse import urlencode

    from flask import request

    from service.api.assessments.views import _QUERY_SAFE

    query = []
    for name, values in request.args.lists():
        query.extend([(name, cursor)] if name == "cursor" else [(name, v) for v in values])
    if "cursor" not in request.args:
        query.append(("cursor", cursor))
    return f"{collection}?{urlencode(query, safe=_QUERY_SAFE)}"


@pytest.mark.parametrize(
    "query_string",
    [
        "",
        "limit=2",
        "cursor=abc",
        "limit=2&cursor=abc",
        "cursor=abc&limit=2&stakeholder_type=ngo",
        "limit=2&cursor=a&stakeholder_type=x&cursor=b&limit=3",
        "a=1&b=&c&a=2&since=2026-12-01T00:00:00%2B09:00",
        "name=%C3%A4+b%26c&x=%2B&y=%25zz&z=!$'()*,/:;?@",
        "%FF=%FE&cursor=&cursor=x",
    ],
)
def test_the_next_pages_link_is_the_one_built_from_the_parsed_query(app, query_string):
    from service.api.assessments.views import _next_page

    for cursor in ("Zm9vLz0r", "x y/ä"):
        for _ in range(2):  # worked out, then kept
            with app.test_request_context(f"/v1/assessments?{query_string}"):
                assert _next_page("/v1/assessments", cursor) == _former_next_page(
                    "/v1/assessments", cursor
                )
