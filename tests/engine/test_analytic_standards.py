"""ICD 203 in every answer: confidence with its basis, assumptions, indicators, a bottom line, and
why each empty area is empty."""

from __future__ import annotations

import copy
import re

import pytest

from bench.profiles import random_profiles
from service.engine.compiler import compile_node
from service.engine.confidence import LEVELS, REASON_KINDS
from service.engine.empty_areas import _fewest_changes
from service.engine.model import All, AnyOf, Leaf, Not
from service.engine.results import WHY_EMPTY
from service.profile import normalise
from tests.conftest import example_names, load_example

EXAMPLES = example_names()


def _evaluate(registry, profile):
    return registry.engine.evaluate(normalise(registry.profile_schema, profile))


@pytest.fixture(scope="module")
def evaluations(registry):
    return {name: _evaluate(registry, load_example(name)) for name in EXAMPLES}


def test_every_recommendation_has_confidence_with_a_basis_and_two_levels_occur(
    registry, evaluations
):
    levels = set()
    for evaluation in evaluations.values():
        for recommendation in evaluation.recommendations:
            confidence = recommendation.confidence
            assert confidence is registry.confidence[recommendation.id]
            assert confidence.level in LEVELS and confidence.basis
            assert all(reason.kind in REASON_KINDS and reason.text for reason in confidence.basis)
            levels.add(confidence.level)
    assert len(levels) >= 2, levels


def test_confidence_is_not_priority(evaluations):
    pairs = {
        (r.priority.tier, r.confidence.level)
        for evaluation in evaluations.values()
        for r in evaluation.recommendations
    }
    # A recommendation to act on now may rest on low-confidence evidence, and the answer says so.
    assert ("act_now", "low") in pairs and ("act_now", "moderate") in pairs


def test_every_recommendation_states_its_assumptions_and_what_to_watch(evaluations):
    for evaluation in evaluations.values():
        for recommendation in evaluation.recommendations:
            assert recommendation.rule.assumptions and recommendation.rule.indicators


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_has_a_bottom_line_from_its_top_recommendations(registry, evaluations, name):
    evaluation = evaluations[name]
    line = evaluation.bottom_line
    assert 1 <= len(re.findall(r"[.!?](?:\s|$)", line)) <= 2, line
    assert not re.search(r"\d", line), "a bottom line is not a count"
    top = evaluation.recommendations[0]
    assert top.rule.title[1:] in line
    label = registry.vocabulary.label("confidence_levels", top.confidence.level).lower()
    assert f"{label} confidence" in line


def test_the_bottom_line_of_a_stakeholder_nothing_applies_to(registry):
    profile = {"stakeholder_type": "armed_forces", "alignment": "supports_russia"}
    evaluation = _evaluate(registry, profile)
    assert evaluation.recommendations == ()
    assert evaluation.bottom_line == (
        "Nothing in the article calls for action by armed forces on the facts given; "
        "the summary says why for each area."
    )
    assert all(area.why_empty for area in evaluation.areas)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_empty_area_says_why_and_no_other_does(evaluations, name):
    for area in evaluations[name].areas:
        assert (area.count == 0) == (area.why_empty is not None), area.area
        if area.why_empty is not None:
            assert area.why_empty.reason in WHY_EMPTY and area.why_empty.text
            assert (area.why_empty.reason == "missed") == (area.why_empty.nearest is not None)


def test_why_empty_covers_each_reason_across_the_examples(evaluations):
    reasons = {a.why_empty.reason for e in evaluations.values() for a in e.areas if a.why_empty}
    assert reasons == set(WHY_EMPTY)


def test_an_area_no_rule_reaches_quotes_its_documented_gap(registry, evaluations):
    why = next(a.why_empty for a in evaluations["eu-newsroom"].areas if a.area == "diplomatic")
    assert why.reason == "unreachable"
    gap = next(
        g for g in registry.ruleset("diplomatic").gaps if g.stakeholder_type.startswith("media")
    )
    assert why.text == f"No diplomatic rule can apply to a media organisation. {gap.reason}"


def test_an_area_the_side_policy_empties_says_so(evaluations):
    why = next(
        a.why_empty
        for a in evaluations["by-foreign-ministry"].areas
        if a.area == "military_readiness"
    )
    assert why.reason == "withheld" and "side policy" in why.text


def _apply(profile, failed):
    """The profile with each failed test's would-pass value put in place."""
    changed = copy.deepcopy(profile)
    for test in failed:
        head, _, tail = test.path.partition(".")
        value = list(test.would_pass) if isinstance(test.would_pass, tuple) else test.would_pass
        if tail:
            changed.setdefault(head, {})[tail] = value
        else:
            changed[head] = value
    return changed


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_nearest_rule_fires_once_its_named_facts_change(registry, evaluations, name):
    profile = normalise(registry.profile_schema, load_example(name))
    for area in evaluations[name].areas:
        why = area.why_empty
        if why is None or why.reason != "missed":
            continue
        assert why.failed and why.nearest.title in why.text
        assert why.nearest.id not in registry.engine.fired(profile)
        assert why.nearest.id in registry.engine.fired(_apply(profile, why.failed))


def test_on_random_profiles_the_named_facts_are_all_that_kept_the_nearest_rule_out(registry):
    checked = 0
    for profile in random_profiles(registry, 300, seed=15):
        for area in registry.engine.evaluate(profile).areas:
            why = area.why_empty
            if why is not None and why.reason == "missed":
                assert why.nearest.id in registry.engine.fired(_apply(profile, why.failed))
                checked += 1
    assert checked > 100


def test_the_nearest_has_fewest_failing_tests_and_ties_go_to_the_higher_score(registry):
    empty = registry.engine.empty_areas
    tied = 0
    for name in EXAMPLES:
        profile = normalise(registry.profile_schema, load_example(name))
        facts = registry.engine.facts(profile)
        terms = registry.scoring.terms(profile)
        for area in registry.vocabulary.values("areas"):
            candidates = empty.candidates(area, profile["stakeholder_type"], facts)
            if not candidates or any(c.tree.test(facts) for c in candidates):
                continue
            fewest = min(len(_fewest_changes(c.tree, facts)) for c in candidates)
            misses = empty.misses(candidates, facts, terms)
            assert {len(m.failed) for m in misses} == {fewest}
            assert len(misses) == sum(
                len(_fewest_changes(c.tree, facts)) == fewest for c in candidates
            )
            assert [m.score for m in misses] == sorted((m.score for m in misses), reverse=True)
            why = empty.why(area, profile, facts, terms)
            assert (why.nearest, why.score) == (misses[0].rule, misses[0].score)
            tied += len(misses) > 1
    assert tied, "no example exercises the tie-break"


def _leaf(registry, path, op, expected):
    return Leaf(registry.vocabulary.fields()[path], op, expected)


def test_fewest_changes_takes_the_cheapest_branch_of_an_any(registry):
    facts = registry.engine.facts(
        normalise(registry.profile_schema, {"stakeholder_type": "legislature"})
    )
    nato = _leaf(registry, "alliances", "contains", "nato")
    eu = _leaf(registry, "alliances", "contains", "eu")
    ministry = _leaf(registry, "stakeholder_type", "eq", "foreign_ministry")
    legislature = _leaf(registry, "stakeholder_type", "eq", "legislature")
    either = AnyOf((All((nato, eu)), ministry))
    assert [c.node for c, _ in _fewest_changes(compile_node(either), facts)] == [ministry]
    both = All((either, Not(legislature)))
    changes = _fewest_changes(compile_node(both), facts)
    assert [(c.node, want) for c, want in changes] == [(ministry, True), (legislature, False)]
    assert _fewest_changes(compile_node(AnyOf((nato, legislature))), facts) == []
