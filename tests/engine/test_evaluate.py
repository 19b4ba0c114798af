"""Evaluation: ranking, scores a reader can recompute, explanations, tensions, determinism."""

import json
import random

import pytest

from service.profile import normalise
from service.registry import load_registry
from service.wire import evaluation_dict
from tests.conftest import CONFIG_DIR, example_names, load_example
from tests.engine.test_properties import shuffled


def _evaluate(registry, raw, explain=False):
    return evaluation_dict(
        registry.engine.evaluate(normalise(registry.profile_schema, raw), explain=explain)
    )


@pytest.mark.parametrize("name", example_names())
def test_same_profile_in_any_key_or_list_order_gives_identical_output(registry, name):
    raw = load_example(name)
    reference = json.dumps(_evaluate(registry, raw, explain=True))
    rng = random.Random(name)
    for _ in range(5):
        assert json.dumps(_evaluate(registry, shuffled(raw, rng), explain=True)) == reference


@pytest.mark.parametrize("name", example_names())
def test_breakdown_recomputes_every_score(registry, name):
    scoring = registry.scoring
    for rec in _evaluate(registry, load_example(name))["recommendations"]:
        b = rec["priority"]["breakdown"]
        assert b["boost"] == round(sum(x["by"] for x in b["boosts"]), 4)
        assert b["capacity_factor"] == round(
            scoring.capacity_floor + (1 - scoring.capacity_floor) * b["capacity"], 4
        )
        assert b["fit"] == round((1 + b["boost"]) * b["capacity_factor"] * b["horizon_factor"], 4)
        raw = 100 * b["severity_weight"] * b["area_weight"] * b["fit"]
        assert rec["priority"]["score"] == round(min(100.0, max(0.0, raw)), 1)


@pytest.mark.parametrize("name", example_names())
def test_ranking_is_by_score_then_area_then_id(registry, name):
    recs = _evaluate(registry, load_example(name))["recommendations"]
    order = {area: i for i, area in enumerate(registry.vocabulary.values("areas"))}
    keys = [(-r["priority"]["score"], order[r["area"]], r["id"]) for r in recs]
    assert keys == sorted(keys)
    assert [r["rank"] for r in recs] == list(range(1, len(recs) + 1))


def test_summary_reports_the_best_score_per_area(registry):
    result = _evaluate(registry, load_example("kr-defence-ministry"))
    recs = result["recommendations"]
    for area in result["summary"]["areas"]:
        in_area = [r for r in recs if r["area"] == area["area"]]
        assert area["count"] == len(in_area)
        assert area["score"] == max((r["priority"]["score"] for r in in_area), default=0.0)
    assert result["summary"]["top_area"] == recs[0]["area"]


def test_matched_lists_the_facts_that_made_a_rule_fire(registry):
    recs = _evaluate(registry, load_example("kr-defence-ministry"))["recommendations"]
    posture = next(r for r in recs if r["id"] == "mil.regional-defence-posture")
    assert posture["matched"] == [
        {
            "path": "exposure.korean_peninsula",
            "op": "in",
            "expected": ["party", "frontline", "bordering", "regional"],
            "actual": "frontline",
            "negated": False,
        },
        {
            "path": "stakeholder_type",
            "op": "in",
            "expected": ["defence_ministry", "armed_forces", "national_government"],
            "actual": "defence_ministry",
            "negated": False,
        },
        # The side guard the rule's tags add (service/engine/policy.py).
        {
            "path": "alignment",
            "op": "not_in",
            "expected": ["supports_russia", "russia_or_dprk"],
            "actual": "supports_ukraine",
            "negated": False,
        },
        {
            "path": "relationships",
            "op": "contains_any",
            "expected": [
                "treaty_ally_of_russia",
                "strategic_partner_of_russia",
                "treaty_ally_of_dprk",
            ],
            "actual": [],
            "negated": True,
        },
    ]
    assert [b["reason"] for b in posture["priority"]["breakdown"]["boosts"]] == [
        "Shares a border with the DPRK",
        "Posture is planned with treaty allies",
    ]


def _set_path(profile, path, value):
    head, _, tail = path.partition(".")
    if tail:
        profile.setdefault(head, {})[tail] = value
    else:
        profile[head] = value


@pytest.mark.parametrize("name", example_names())
def test_near_miss_values_really_pass_the_failing_test(registry, name):
    """Putting `would_pass` into the profile makes that test pass: the rule fires or fails later."""
    raw = load_example(name)
    result = _evaluate(registry, raw, explain=True)
    fired = {r["id"] for r in result["recommendations"]}
    assert {n["id"] for n in result["not_applicable"]} == set(registry.engine.by_id) - fired
    for item in result["not_applicable"]:
        (failure,) = item["failed"]
        fixed = json.loads(json.dumps(raw))
        _set_path(fixed, failure["path"], failure["would_pass"])
        retry = _evaluate(registry, fixed, explain=True)
        still = [n for n in retry["not_applicable"] if n["id"] == item["id"]]
        if still:
            new = still[0]["failed"][0]
            assert (new["path"], new["op"], new["expected"]) != (
                failure["path"],
                failure["op"],
                failure["expected"],
            ), (item["id"], failure)


def test_near_miss_reports_the_first_failing_test(registry):
    result = _evaluate(registry, load_example("eu-newsroom"), explain=True)
    posture = next(n for n in result["not_applicable"] if n["id"] == "mil.regional-defence-posture")
    assert posture["failed"] == [
        {
            "path": "exposure.korean_peninsula",
            "op": "in",
            "expected": ["party", "frontline", "bordering", "regional"],
            "actual": "distant",
            "negated": False,
            "would_pass": "party",
        }
    ]


def test_negated_test_near_miss(registry):
    raw = {
        "stakeholder_type": "foreign_ministry",
        "alignment": "russia_or_dprk",
        "alliances": ["un_security_council"],
    }
    result = _evaluate(registry, raw, explain=True)
    treaty = next(n for n in result["not_applicable"] if n["id"] == "dip.treaty-enforcement")
    assert treaty["failed"][0]["path"] == "alignment"
    assert treaty["failed"][0]["op"] == "not_in"
    assert treaty["failed"][0]["would_pass"] == "ukraine"


def test_without_explain_there_is_no_not_applicable(registry):
    assert "not_applicable" not in _evaluate(registry, load_example("eu-newsroom"))


def test_tension_is_listed_once_when_both_rules_fire(registry):
    raw = {
        "stakeholder_type": "national_government",
        "country": "KR",
        "exposure": {"korean_peninsula": "frontline"},
        "circumstances": ["borders_dprk"],
    }
    result = _evaluate(registry, raw)
    fired = [r["id"] for r in result["recommendations"]]
    assert {"mil.regional-defence-posture", "dip.regional-dialogue"} <= set(fired)
    pairs = [t["between"] for t in result["tensions"]]
    assert (
        sorted(map(sorted, pairs)).count(["dip.regional-dialogue", "mil.regional-defence-posture"])
        == 1
    )
    pair = next(
        p for p in pairs if set(p) == {"dip.regional-dialogue", "mil.regional-defence-posture"}
    )
    assert pair == sorted(pair, key=fired.index)


def test_no_tension_when_only_one_side_fires(registry):
    result = _evaluate(registry, load_example("kr-defence-ministry"))
    assert result["tensions"] == []


def test_area_weights_from_profile_change_the_score(registry):
    raw = load_example("jp-foreign-ministry")
    base = {r["id"]: r["priority"]["score"] for r in _evaluate(registry, raw)["recommendations"]}
    raw["area_weights"] = {"diplomatic": 0.5, "military_readiness": 1.0}
    weighted = _evaluate(registry, raw)["recommendations"]
    dialogue = next(r for r in weighted if r["id"] == "dip.regional-dialogue")
    assert dialogue["priority"]["breakdown"]["area_weight"] == 0.5
    assert dialogue["priority"]["score"] < base["dip.regional-dialogue"]


def test_an_engine_answers_the_same_whatever_profiles_came_before():
    """The engine keeps texts it wrote (bottom line pieces, failed tests' words) for later
    requests: two engines that saw the examples in different orders answer each alike."""
    names = example_names()
    first, second = load_registry(CONFIG_DIR), load_registry(CONFIG_DIR)
    answers = {
        (name, explain): _evaluate(first, load_example(name), explain)
        for name in names
        for explain in (False, True)
    }
    for name, explain in random.Random(7).sample(sorted(answers), len(answers)):
        assert _evaluate(second, load_example(name), explain) == answers[name, explain]
