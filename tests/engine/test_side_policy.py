"""The side policy: no profile ever receives a rule tagged against its own side or its partner.

Asserted on the rules' tags over generated profiles, not on wording, so a new rule is covered as
soon as it is tagged; the rule tests in config/rulesets/tests/ pin the policy on named examples.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.engine.policy import PARTNERS, RUSSIA_DPRK_SIDE
from service.errors import ConfigError
from service.profile import normalise
from service.registry import load_registry
from service.wire import evaluation_dict
from tests.conftest import CONFIG_DIR, load_example

REGISTRY = load_registry(CONFIG_DIR)
VOCABULARY = REGISTRY.vocabulary
RULES = {compiled.rule.id: compiled.rule for compiled in REGISTRY.engine.rules}
# Countries with relationship defaults come up often, so defaults are exercised as well as lists.
COUNTRIES = st.sampled_from(sorted(VOCABULARY.relationship_defaults.by_country)) | st.sampled_from(
    VOCABULARY.countries
)


def _some(group: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(VOCABULARY.values(group)), unique=True)


def raw_profiles() -> st.SearchStrategy[dict[str, Any]]:
    v = VOCABULARY
    levels = st.sampled_from(v.values("exposure_levels"))
    return st.fixed_dictionaries(
        {
            "stakeholder_type": st.sampled_from(v.values("stakeholder_types")),
            "alignment": st.sampled_from(v.values("alignments")),
            "exposure": st.fixed_dictionaries(dict.fromkeys(v.values("theatres"), levels)),
            "alliances": _some("alliances"),
            "circumstances": _some("circumstances"),
            "capacities": st.fixed_dictionaries(
                {c: st.sampled_from((0.0, 0.5, 1.0)) for c in v.values("capacities")}
            ),
            "public_casualty_sensitivity": st.sampled_from((0.0, 0.6, 1.0)),
        },
        optional={"country": COUNTRIES, "relationships": _some("relationships")},
    )


def test_the_shipped_rules_are_tagged():
    presuming = [r for r in RULES.values() if r.presumes_adversary]
    operational = [r for r in RULES.values() if r.operational_military]
    assert len(presuming) >= 10 and len(operational) >= 6
    assert RULES["mil.regional-defence-posture"].presumes_adversary == ("russia", "dprk")
    assert RULES["mil.regional-defence-posture"].operational_military


@settings(max_examples=400, deadline=None)
@given(raw_profiles())
def test_no_profile_gets_a_rule_against_its_side_or_partner(raw):
    profile = normalise(REGISTRY.profile_schema, raw)
    relationships = set(profile["relationships"])
    for rule_id in REGISTRY.engine.fired(profile):
        rule = RULES[rule_id]
        if profile["alignment"] in RUSSIA_DPRK_SIDE:
            assert not rule.presumes_adversary, rule_id
            assert not rule.operational_military, rule_id
        for adversary in rule.presumes_adversary:
            assert not relationships & set(PARTNERS[adversary]), (rule_id, relationships)


@pytest.mark.parametrize("alignment", RUSSIA_DPRK_SIDE)
@pytest.mark.parametrize(
    "stakeholder_type",
    ["national_government", "foreign_ministry", "defence_ministry", "legislature"],
)
def test_the_russia_dprk_side_gets_humanitarian_advice(alignment, stakeholder_type):
    profile = normalise(
        REGISTRY.profile_schema, {"stakeholder_type": stakeholder_type, "alignment": alignment}
    )
    fired = REGISTRY.engine.fired(profile)
    assert any(RULES[rule_id].area == "humanitarian" for rule_id in fired), fired


def test_an_explanation_names_the_fact_that_excluded_a_rule():
    profile = normalise(REGISTRY.profile_schema, load_example("cn-armed-forces"))
    result = evaluation_dict(REGISTRY.engine.evaluate(profile, explain=True))
    entry = next(e for e in result["not_applicable"] if e["id"] == "mil.regional-defence-posture")
    assert [f["path"] for f in entry["failed"]] == ["relationships"]
    profile = normalise(REGISTRY.profile_schema, load_example("ru-defence-ministry"))
    result = evaluation_dict(REGISTRY.engine.evaluate(profile, explain=True))
    entry = next(e for e in result["not_applicable"] if e["id"] == "mil.counter-drone-training")
    assert [f["path"] for f in entry["failed"]] == ["alignment"]


def test_an_explicit_empty_relationships_list_lifts_the_partner_guard():
    raw = {**load_example("cn-armed-forces")}
    with_defaults = REGISTRY.engine.fired(normalise(REGISTRY.profile_schema, raw))
    without = REGISTRY.engine.fired(
        normalise(REGISTRY.profile_schema, {**raw, "relationships": []})
    )
    assert "mil.regional-defence-posture" not in with_defaults
    assert "mil.regional-defence-posture" in without


def test_csto_and_sco_change_the_answer():
    raw = load_example("kz-foreign-ministry")
    assert set(raw["alliances"]) == {"csto", "sco"}
    with_blocs = REGISTRY.engine.evaluate(normalise(REGISTRY.profile_schema, raw))
    for bloc in ("csto", "sco"):
        alone = REGISTRY.engine.evaluate(
            normalise(REGISTRY.profile_schema, {**raw, "alliances": [bloc]})
        )
        assert alone.recommendations != with_blocs.recommendations, bloc
        assert "dip.bloc-commitments" in [r.id for r in alone.recommendations]
    neither = REGISTRY.engine.evaluate(normalise(REGISTRY.profile_schema, {**raw, "alliances": []}))
    assert "dip.bloc-commitments" not in [r.id for r in neither.recommendations]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("presumes_adversary", ["china"], "unknown adversary 'china' (one of: russia, dprk)"),
        ("presumes_adversary", "russia", "must be a list"),
        ("operational_military", "yes", "must be true or false"),
        ("inference", "one\nline\ntoo many", "must be one line"),
    ],
)
def test_tags_and_inference_are_validated(config_copy, edit_yaml, key, value, message):
    def tag(data):
        data["rules"][0][key] = value

    edit_yaml(config_copy / "rulesets/military_readiness.yaml", tag)
    with pytest.raises(ConfigError) as caught:
        load_registry(config_copy)
    issues = [str(issue) for issue in caught.value.issues]
    assert any(message in issue and "mil.regional-defence-posture" in issue for issue in issues), (
        issues
    )


@pytest.mark.parametrize(
    ("gaps", "message"),
    [
        (
            [{"stakeholder_type": "journalist", "reason": "x"}],
            "unknown stakeholder type 'journalist'",
        ),
        ([{"stakeholder_type": "legislature"}], "a gap needs exactly: stakeholder_type, reason"),
        (
            [
                {"stakeholder_type": "legislature", "reason": "x"},
                {"stakeholder_type": "legislature", "reason": "y"},
            ],
            "listed twice",
        ),
    ],
)
def test_gaps_are_validated(config_copy, edit_yaml, gaps, message):
    edit_yaml(config_copy / "rulesets/public_opinion.yaml", lambda d: d.__setitem__("gaps", gaps))
    with pytest.raises(ConfigError) as caught:
        load_registry(config_copy)
    assert any(message in str(issue) for issue in caught.value.issues), caught.value.issues
