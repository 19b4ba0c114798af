"""The wire form: the fields an assessment carries, in order, and the upgrade of stored formats."""

import dataclasses
import json

import pytest

from service import wire
from service.assess import build_assessment
from service.profile import normalise
from tests.conftest import load_example


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
    assert wire.stored_text(json.dumps(old), 1) == wire.dumps(upgraded)


def test_the_current_format_is_read_as_written(registry):
    text = wire.dumps(wire.assessment_dict(_assessment(registry, stored=True)))
    assert wire.stored_text(text, wire.FORMAT) is text
    assert wire.stored_dict(text, wire.FORMAT) == json.loads(text)
