"""The wire form: the fields an assessment carries, in order, and the upgrade of stored formats."""

import dataclasses
import json
from collections import namedtuple
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite

from service import wire
from service.assess import build_assessment
from service.assessments import listed_columns, listing_columns
from service.profile import normalise
from service.recent import Evaluated
from tests.conftest import example_names, load_example


def _assessment(registry, *, stored, explain=False):
    profile = normalise(registry.profile_schema, load_example("kr-defence-ministry"))
    return build_assessment(registry, profile, explain=explain, stored=stored)


def test_fields_in_the_order_of_design_3_6(registry):
    body = wire.assessment_dict(_assessment(registry, stored=True, explain=True))
    assert list(body) == [
        "id",
        "created_at",
        "profile",
        "profile_digest",
        "versions",
        "stored",
        "summary",
        "recommendations",
        "tensions",
        "not_applicable",
        "caveats",
    ]
    assert body["stored"] is True and body["id"]
    assert "not_applicable" not in wire.assessment_dict(_assessment(registry, stored=True))
    assert list(body["summary"]) == ["bottom_line", "areas", "top_area"]
    assert list(body["summary"]["areas"][0]) == [
        "area",
        "score",
        "count",
        "top_recommendation",
        "why_empty",
    ]
    recommendation = body["recommendations"][0]
    assert list(recommendation) == [
        "rank",
        "id",
        "area",
        "title",
        "action",
        "rationale",
        "inference",
        "severity",
        "horizon",
        "priority",
        "confidence",
        "assumptions",
        "indicators",
        "matched",
        "cautions",
        "evidence",
    ]
    assert list(recommendation["confidence"]) == ["level", "basis"]
    assert list(recommendation["confidence"]["basis"][0]) == ["kind", "text", "passages"]


def test_why_empty_is_null_where_something_applies_and_names_the_nearest_rule(registry):
    body = wire.assessment_dict(_assessment(registry, stored=False))
    (empty,) = [area for area in body["summary"]["areas"] if area["count"] == 0]
    assert all(a["why_empty"] is None for a in body["summary"]["areas"] if a["count"])
    why = empty["why_empty"]
    assert list(why) == ["reason", "text", "nearest"] and why["reason"] == "missed"
    assert list(why["nearest"]) == ["id", "title", "score", "failed"]
    assert why["nearest"]["failed"][0]["would_pass"]


def test_indicators_carry_evidence_or_inference_never_both(registry):
    body = wire.assessment_dict(_assessment(registry, stored=False))
    for recommendation in body["recommendations"]:
        for indicator in recommendation["indicators"]:
            assert ("evidence" in indicator) != ("inference" in indicator)


def test_format_2_is_read_as_written_without_judgements_it_was_not_made_with():
    old = {"id": "x", "summary": {"areas": [], "top_area": None}, "recommendations": [{}]}
    upgraded = wire.stored_dict(json.dumps(old), 2)
    assert upgraded == old
    assert "bottom_line" not in upgraded["summary"]
    assert "confidence" not in upgraded["recommendations"][0]


@pytest.mark.parametrize("name", example_names())
def test_a_response_is_written_as_its_dict_would_be_whatever_the_example(registry, name):
    profile = normalise(registry.profile_schema, load_example(name))
    for explain in (False, True):
        for stored in (False, True):
            for _ in range(2):  # the second time, from what the first remembered
                assessment = build_assessment(registry, profile, explain=explain, stored=stored)
                body = wire.assessment_dict(assessment)
                assert wire.assessment_body(assessment) == wire.encode(body)
                created_at = assessment.created_at.replace(tzinfo=None)
                columns = listed_columns(
                    "x", created_at, profile, Evaluated.of(assessment.evaluation)
                )
                item = json.loads(columns.pop("listed"))
                assert columns == listing_columns(body)
                # The stored item shows what the response says.
                assert item == {
                    "id": "x",
                    "created_at": body["created_at"],
                    "name": profile.get("name"),
                    "stakeholder_type": profile["stakeholder_type"],
                    **columns,
                    "top_area": body["summary"]["top_area"],
                }
                assert list(item) == list(wire.LISTED)


def test_a_dry_run_has_no_id(registry):
    body = wire.assessment_dict(_assessment(registry, stored=False))
    assert (body["id"], body["stored"]) == (None, False)


def test_the_engine_answers_frozen_data(registry):
    evaluation = _assessment(registry, stored=False).evaluation
    with pytest.raises(dataclasses.FrozenInstanceError):
        evaluation.recommendations[0].priority.score = 100.0  # type: ignore[misc]


def test_format_1_gains_stored_after_versions_and_nothing_else():
    old = {"id": "x", "versions": {}, "summary": {}, "caveats": []}
    upgraded = wire.stored_dict(json.dumps(old), 1)
    assert list(upgraded) == ["id", "versions", "stored", "summary", "caveats"]
    assert upgraded["stored"] is True
    assert wire.stored_body(json.dumps(old), 1) == wire.encode(upgraded)


def test_the_current_format_is_read_as_written(registry):
    body = wire.encode(wire.assessment_dict(_assessment(registry, stored=True)))
    assert wire.stored_body(body, wire.FORMAT) is body
    text = body.decode()
    assert wire.stored_body(text, wire.FORMAT) == body
    assert wire.stored_dict(text, wire.FORMAT) == json.loads(text)


@pytest.mark.parametrize(
    "written",
    ['{"name": "\\ud800 half a pair", "score": NaN}', '{"name": "caf\\u00e9", "n": -0.0}'],
    ids=["lone-surrogate-and-nan", "escapes"],
)
def test_a_row_the_stdlib_wrote_is_read_as_the_stdlib_reads_it(written):
    """Early rows were written by `json.dumps`, which writes what orjson refuses to read."""
    old = {"id": "x", "versions": {}, "summary": {}, "caveats": [], "profile": json.loads(written)}
    stored = json.dumps(old)
    for version in (1, wire.FORMAT):
        read = wire.stored_dict(stored, version)
        assert json.dumps(read["profile"]) == json.dumps(old["profile"])


# The store's page rows are plain tuples of the listed fields, in wire order.
ListedRow = namedtuple("ListedRow", wire.LISTED)


def _listed(name, *, country="KR", created_at=datetime(2026, 5, 4, 3, 2, 1, 987654)):
    fields = {
        "id": "5f0c2b1e-8f57-4a9e-9d3c-2b6f1d8e7a10",
        "created_at": created_at,
        "name": name,
        "stakeholder_type": "defence_ministry",
        "country": country,
        "top_area": "military_readiness",
        "top_tier": "act_now",
        "recommendation_count": 7,
    }
    return ListedRow(**fields)


def _page(rows):
    """Listed rows as a page reads them: id, created_at and the item stored with the row."""
    return [(row.id, row.created_at, wire.listed_item(row)) for row in rows]


def _urls(ids):
    return [f"/v1/assessments/{id_}" for id_ in ids]


def _as_flask_wrote_it(rows, next_cursor):
    """The listing as Flask's JSON provider wrote it: compact, ensure_ascii, a newline."""
    items = [
        {
            **{field: getattr(row, field) for field in wire.LISTED},
            "created_at": wire.rfc3339(
                row.created_at
                if isinstance(row.created_at, datetime)
                else datetime.fromisoformat(row.created_at)
            ),
            "url": f"/v1/assessments/{row.id}",
        }
        for row in rows
    ]
    body = {"items": items, "next_cursor": next_cursor}
    return (json.dumps(body, separators=(",", ":")) + "\n").encode()


@settings(max_examples=300, deadline=None)
@given(st.none() | st.text(st.characters(exclude_categories=("Cs",))))
def test_a_listing_is_byte_for_byte_the_stdlib_form_whatever_the_name(name):
    rows = [_listed(name), _listed("Ministère"), _listed(None)]
    written = wire.listing_json(_page(rows), "A" * 32, _urls)
    assert written == _as_flask_wrote_it(rows, "A" * 32)


@pytest.mark.parametrize(
    "row",
    [
        _listed("plain", country="Ü"),  # not ASCII outside a name
        _listed("rub\x7fout"),  # ASCII that the stdlib escapes
        _listed("naive", created_at=datetime(2026, 1, 1)),  # no fraction: still .000
        _listed("aware", created_at=datetime(2026, 1, 1, 5, 30, 0, 1500, tzinfo=UTC)),
        _listed(
            "offset", created_at=datetime(2026, 1, 1, 5, 30, tzinfo=timezone(timedelta(hours=2)))
        ),
    ],
)
def test_a_listing_is_byte_for_byte_the_stdlib_form_in_rarer_cases(row):
    written = wire.listing_json(_page([row]), None, _urls)
    assert written == _as_flask_wrote_it([row], None)


def test_an_empty_listing():
    assert wire.listing_json([], None, _urls) == b'{"items":[],"next_cursor":null}\n'


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes()
    | st.datetimes(
        max_value=datetime(9999, 12, 30),  # west of UTC, a later day overflows
        timezones=st.just(UTC) | st.just(timezone(-timedelta(hours=5))),
    )
)
def test_rfc3339_is_isoformat_in_milliseconds_in_utc(moment):
    utc = moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
    assert wire.rfc3339(moment) == utc.isoformat(timespec="milliseconds") + "Z"


def test_rfc3339_gives_utc_milliseconds_and_z():
    assert wire.rfc3339(datetime(2026, 1, 2, 3, 4, 5, 678999)) == "2026-01-02T03:04:05.678Z"
    east = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    assert wire.rfc3339(east) == "2026-01-02T01:04:05.000Z"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.datetimes() | st.datetimes(timezones=st.just(UTC)), max_size=25))
def test_a_page_of_times_is_written_as_rfc3339_writes_each(moments):
    rows = [_listed(str(n), created_at=moment) for n, moment in enumerate(moments)]
    written = json.loads(wire.listing_json(_page(rows), None, _urls))
    assert [item["created_at"] for item in written["items"]] == list(map(wire.rfc3339, moments))


def _sqlite_text(moment):
    """A naive datetime as SQLite stores it (SQLAlchemy's DateTime on SQLite)."""
    dialect = sqlite.dialect()
    return DateTime().dialect_impl(dialect).bind_processor(dialect)(moment)


@settings(max_examples=300, deadline=None)
@given(st.datetimes())
def test_a_time_stored_as_text_is_written_as_rfc3339_writes_it_parsed(moment):
    stored = _sqlite_text(moment)
    assert wire.rfc3339_of_text(stored) == wire.rfc3339(moment)
    assert wire.rfc3339_of_text(stored) == wire.rfc3339(datetime.fromisoformat(stored))


@pytest.mark.parametrize(
    "stored",
    ["2026-01-02 03:04:05", "2026-01-02T03:04:05.678999", "2026-01-02 05:04:05.678+02:00"],
)
def test_a_time_stored_in_another_iso_form_is_parsed(stored):
    assert wire.rfc3339_of_text(stored) == wire.rfc3339(datetime.fromisoformat(stored))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.datetimes(), max_size=25))
def test_a_page_of_stored_times_is_written_as_of_their_datetimes(moments):
    as_text = [_listed(str(n), created_at=_sqlite_text(m)) for n, m in enumerate(moments)]
    as_datetimes = [_listed(str(n), created_at=m) for n, m in enumerate(moments)]
    written = wire.listing_json(_page(as_text), "A" * 32, _urls)
    assert written == wire.listing_json(_page(as_datetimes), "A" * 32, _urls)
    assert written == _as_flask_wrote_it(as_datetimes, "A" * 32)


@pytest.mark.parametrize(
    "texts",
    [
        ["2026-01-02 03:04:05.678999", "2026-01-02 03:04:05"],  # one without a fraction
        ["2026-01-02 03:04:05.678999", "2026-01-02 05:04:05.678999+02:00"],
        ["2026-01-02 03:04:05.67899", "92026-01-02 03:04:05.678999"[1:]],
    ],
)
def test_a_page_of_stored_times_in_mixed_forms_is_written_time_by_time(texts):
    rows = [_listed(str(n), created_at=text) for n, text in enumerate(texts)]
    written = json.loads(wire.listing_json(_page(rows), None, _urls))
    expected = [wire.rfc3339(datetime.fromisoformat(text)) for text in texts]
    assert [item["created_at"] for item in written["items"]] == expected
