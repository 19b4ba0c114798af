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
