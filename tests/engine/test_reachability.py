"""Reachability: a three-valued reading of conditions with some facts fixed and the rest unknown."""

from __future__ import annotations

import pytest

from service.engine.model import All, AnyOf, Leaf, Not
from service.engine.reachability import could_hold, reachability


@pytest.fixture(scope="module")
def fields(registry):
    return registry.vocabulary.fields()


def _type(fields, *values):
    return Leaf(fields["stakeholder_type"], "in", tuple(values))


def _alignment(fields, value):
    return Leaf(fields["alignment"], "eq", value)


def test_a_fixed_fact_decides_its_test_and_others_stay_unknown(fields):
    fixed = {"stakeholder_type": "legislature"}
    assert could_hold(_type(fields, "legislature"), fixed) is True
    assert could_hold(_type(fields, "armed_forces"), fixed) is False
    assert could_hold(_alignment(fields, "neutral"), fixed) is None


def test_not_keeps_unknown_unknown_and_flips_the_rest(fields):
    fixed = {"stakeholder_type": "legislature"}
    assert could_hold(Not(_alignment(fields, "neutral")), fixed) is None
    assert could_hold(Not(_type(fields, "legislature")), fixed) is False
    assert could_hold(Not(_type(fields, "armed_forces")), fixed) is True


def test_all_and_any_follow_three_valued_logic(fields):
    fixed = {"stakeholder_type": "legislature"}
    yes, no, unknown = (
        _type(fields, "legislature"),
        _type(fields, "armed_forces"),
        _alignment(fields, "neutral"),
    )
    assert could_hold(All((yes, unknown)), fixed) is None
    assert could_hold(All((no, unknown)), fixed) is False
    assert could_hold(All((yes, yes)), fixed) is True
    assert could_hold(AnyOf((no, unknown)), fixed) is None
    assert could_hold(AnyOf((yes, unknown)), fixed) is True
    assert could_hold(AnyOf((no, no)), fixed) is False
    # A rule that excludes the type inside a `not` is unreachable for it, not "unknown".
    assert could_hold(All((unknown, Not(AnyOf((yes, unknown))))), fixed) is False


def test_the_shipped_rules_reach_every_type_or_document_why_not(registry):
    reached = registry.reachability
    gaps = {(g.stakeholder_type, rs.area) for rs in registry.rulesets for g in rs.gaps}
    assert set(reached.unreached()) == gaps
    assert "dip.defence-dialogue" in reached.rules("defence_ministry", "diplomatic")
    assert "dip.defence-dialogue" in reached.rules("armed_forces", "diplomatic")
    assert "dip.oversight-hearings" not in reached.rules("armed_forces", "diplomatic")


def test_reachability_is_computed_from_the_rules_as_loaded(registry):
    rules = [compiled.rule for compiled in registry.engine.rules]
    again = reachability(
        rules, registry.vocabulary.values("stakeholder_types"), registry.vocabulary.values("areas")
    )
    assert again == registry.reachability
