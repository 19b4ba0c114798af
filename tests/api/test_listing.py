"""The listing contract (DESIGN §9): newest first, keyset cursor, filters, no duplicates or gaps."""

import base64
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.api.assessments import cursor as cursors
from tests.conftest import load_example

NEWSROOM = load_example("eu-newsroom")
MINISTRY = load_example("kr-defence-ministry")


def _create(client, profile, n):
    return [client.post("/v1/assessments", json=profile).json["id"] for _ in range(n)]


def _all_pages(client, query, on_page=None, items=None):
    seen, url = [], f"/v1/assessments?{query}"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json
        seen.extend(item["id"] for item in body["items"])
        if items is not None:
            items.extend(body["items"])
        if body["next_cursor"]:
            link = response.headers["Link"]
            assert link.endswith('>; rel="next"')
            url = link[1 : link.index(">")]
            assert f"cursor={body['next_cursor']}" in url
        else:
            assert "Link" not in response.headers
            url = None
        if on_page:
            on_page()
    return seen


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        # url_for's own options, when a client sends them, are parameters like any other.
        ("limit=1&_external=1", "limit=1&_external=1"),
        ("_scheme=https&limit=1", "_scheme=https&limit=1"),
        ("limit=1&_anchor=x", "limit=1&_anchor=x"),
        # A repeated parameter keeps every value; spaces are written as Werkzeug writes them.
        ("tag=a%20b&limit=1&tag=c", "tag=a+b&tag=c&limit=1"),
    ],
)
def test_the_next_page_link_keeps_the_query_as_sent(client, query, kept):
    _create(client, NEWSROOM, 3)
    first = client.get(f"/v1/assessments?{query}")
    cursor = first.json["next_cursor"]
    assert first.headers["Link"] == f'</v1/assessments?{kept}&cursor={cursor}>; rel="next"'
    # On the next page the new cursor takes the place of the one sent.
    second = client.get(f"/v1/assessments?cursor={cursor}&{query}")
    following = second.json["next_cursor"]
    assert second.headers["Link"] == f'</v1/assessments?cursor={following}&{kept}>; rel="next"'


def test_items_have_the_listing_shape_newest_first(client):
    first = _create(client, NEWSROOM, 1)[0]
    time.sleep(0.002)  # times are kept to the millisecond; within one, the id orders them
    second = _create(client, MINISTRY, 1)[0]
    body = client.get("/v1/assessments").json
    assert [item["id"] for item in body["items"]] == [second, first]
    assert body["next_cursor"] is None
    created = client.get(f"/v1/assessments/{second}").json
    assert body["items"][0] == {
        "id": second,
        "created_at": created["created_at"],
        "name": MINISTRY["name"],
        "stakeholder_type": "defence_ministry",
        "country": MINISTRY["country"],
        "top_area": "military_readiness",
        "top_tier": created["recommendations"][0]["priority"]["tier"],
        "recommendation_count": len(created["recommendations"]),
        "url": f"/v1/assessments/{second}",
    }
    assert "Content-Language" not in client.get("/v1/assessments").headers


def test_pages_cover_everything_once_while_new_rows_arrive(client):
    created = _create(client, NEWSROOM, 23)
    arrivals, items = [], []
    seen = _all_pages(
        client,
        "limit=5",
        on_page=lambda: arrivals.extend(_create(client, MINISTRY, 1)),
        items=items,
    )
    assert len(seen) == len(set(seen)), "duplicates across pages"
    assert set(created) <= set(seen), "gaps across pages"
    assert not set(arrivals) & set(seen), "rows newer than the first page leaked into later pages"
    # Newest first; two made in the same millisecond come in the order of their ids.
    keys = [(item["created_at"], item["id"]) for item in items]
    assert keys == sorted(keys, reverse=True)


def test_filter_by_stakeholder_type_and_pages_keep_the_filter(client):
    ministries = _create(client, MINISTRY, 4)
    _create(client, NEWSROOM, 3)
    seen = _all_pages(client, "stakeholder_type=defence_ministry&limit=3")
    assert sorted(seen) == sorted(ministries)


def test_since_filters_by_creation_time(client):
    _create(client, NEWSROOM, 2)
    future = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    assert client.get(f"/v1/assessments?since={quote(future)}").json["items"] == []
    past = (datetime.now(UTC) - timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    assert len(client.get(f"/v1/assessments?since={quote(past)}").json["items"]) == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=101", "limit"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("cursor=bm90LWEtY3Vyc29y", "cursor"),
        ("cursor=%%%", "cursor"),
        ("cursor=" + "A" * 31 + "!", "cursor"),
        ("cursor=" + "A" * 33, "cursor"),
        ("cursor=" + "A" * 31 + "%0A", "cursor"),
        ("since=yesterday", "since"),
        ("since=2026-01-01T00:00:00", "since"),
        ("stakeholder_type=ministry", "stakeholder_type"),
    ],
)
def test_bad_query_is_422_naming_the_parameter(client, query, field):
    response = client.get(f"/v1/assessments?{query}")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.json["errors"]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(cursors.PATTERN, fullmatch=True))
def test_every_string_the_schema_allows_decodes_to_a_position(text):
    created_at, assessment_id = cursors.decode(text)
    assert str(uuid.UUID(assessment_id)) == assessment_id
    if created_at not in (datetime.min, datetime.max):  # else clamped: it cannot round-trip
        assert cursors.encode(created_at, assessment_id) == text


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
    st.uuids(),
)
def test_cursor_round_trips_a_row_position(created_at, assessment_id):
    text = cursors.encode(created_at, str(assessment_id))
    assert re.fullmatch(cursors.PATTERN, text)
    assert cursors.decode(text) == (created_at, str(assessment_id))


@pytest.mark.parametrize(("first", "clamped"), [(b"\x7f", datetime.max), (b"\x80", datetime.min)])
def test_times_beyond_a_datetime_are_clamped(client, first, clamped):
    text = base64.urlsafe_b64encode(first + b"\xff" * 23).decode()
    assert cursors.decode(text)[0] == clamped
    assert client.get(f"/v1/assessments?cursor={text}").status_code == 200
