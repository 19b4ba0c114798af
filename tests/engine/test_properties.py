"""Properties of evaluation over generated profiles and generated condition trees (Hypothesis).

Profiles are drawn from the vocabulary, so every value a client may send is reachable. The
engine's explanations (service/engine/explain.py) are checked against an independent reading of
the condition trees, written out here as the reference: it re-evaluates every node from the
operator table rather than using the compiled predicates.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from service.engine.compiler import compile_node
from service.engine.explain import first_failure, matched
from service.engine.model import All, AnyOf, Leaf, Node, Not
from service.engine.model import leaves as leaves_of
from service.engine.operators import OPERATORS, Literal, operators_for
from service.profile import normalise
from service.registry import Registry, load_registry
from service.vocabulary import FieldSpec, Kind, Vocabulary
from service.wire import evaluation_dict
from tests.conftest import CONFIG_DIR

REGISTRY = load_registry(CONFIG_DIR)
VOCABULARY = REGISTRY.vocabulary
FIELDS = tuple(VOCABULARY.fields().values())
# Few distinct numbers, so equality and threshold edges come up often.
GRID = (0.0, 0.2, 0.25, 0.5, 0.75, 0.8, 1.0)
FIXTURE_FLAG = "fixture_boost_only_flag"
ENUMS = tuple(spec.path for spec in FIELDS if spec.kind is Kind.ENUM)

# --- strategies ----------------------------------------------------------------------------------


def _some(vocabulary: Vocabulary, group: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(vocabulary.values(group)), unique=True)


def _fractions(names: tuple[str, ...]) -> st.SearchStrategy[dict[str, float]]:
    return st.fixed_dictionaries({}, optional={name: st.sampled_from(GRID) for name in names})


def raw_profiles(vocabulary: Vocabulary = VOCABULARY) -> st.SearchStrategy[dict[str, Any]]:
    """Raw profiles the schema accepts: any subset of the optional fields, any vocabulary value."""
    v = vocabulary
    area_weights = _fractions(v.values("areas")).filter(
        lambda w: len(w) < len(v.values("areas")) or any(w.values())
    )
    return st.fixed_dictionaries(
        {"stakeholder_type": st.sampled_from(v.values("stakeholder_types"))},
        optional={
            "name": st.text(
                st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40
            ),
            "country": st.none() | st.sampled_from(v.countries),
            "alignment": st.sampled_from(v.values("alignments")),
            "exposure": st.fixed_dictionaries(
                {},
                optional={
                    t: st.sampled_from(v.values("exposure_levels")) for t in v.values("theatres")
                },
            ),
            "alliances": _some(v, "alliances"),
            "circumstances": _some(v, "circumstances"),
            "capacities": _fractions(v.values("capacities")),
            "public_casualty_sensitivity": st.sampled_from(GRID),
            "area_weights": area_weights,
            "time_horizon": st.sampled_from(v.values("horizons")),
        },
    )


def _literals(spec: FieldSpec, shape: Literal) -> st.SearchStrategy[Any]:
    value = st.sampled_from(GRID) if spec.kind is Kind.NUMBER else st.sampled_from(spec.choices)
    if shape is Literal.FLAG:
        return st.booleans()
    if shape is Literal.VALUES:
        return st.lists(value, min_size=1, max_size=4, unique=True).map(tuple)
    if shape is Literal.RANGE:
        return st.tuples(value, value).map(lambda pair: tuple(sorted(pair)))
    return value


@st.composite
def leaves(draw: st.DrawFn) -> Leaf:
    spec = draw(st.sampled_from(FIELDS))
    op = draw(st.sampled_from(operators_for(spec.kind)))
    return Leaf(spec, op, draw(_literals(spec, OPERATORS[op].literal)))


trees: st.SearchStrategy[Node] = st.recursive(
    leaves(),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda c: All(tuple(c))),
        st.lists(children, min_size=1, max_size=3).map(lambda c: AnyOf(tuple(c))),
        children.map(Not),
    ),
    max_leaves=6,
)


def shuffled(value: Any, rng) -> Any:
    """The same profile with every mapping's keys and every list's items in another order."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: shuffled(item, rng) for key, item in items}
    if isinstance(value, list):
        items = list(value)
        rng.shuffle(items)
        return items
    return value


# --- evaluation ----------------------------------------------------------------------------------


def _evaluate(registry: Registry, raw: dict[str, Any], explain: bool = True) -> dict[str, Any]:
    profile = normalise(registry.profile_schema, raw)
    return evaluation_dict(registry.engine.evaluate(profile, explain=explain))


@settings(max_examples=150, deadline=None)
@given(raw_profiles())
def test_every_valid_profile_evaluates_to_a_consistent_assessment(raw):
    profile = normalise(REGISTRY.profile_schema, raw)
    evaluation = REGISTRY.engine.evaluate(profile, explain=True)
    result = evaluation_dict(evaluation)
    assert evaluation.top_area == result["summary"]["top_area"]
    recommendations = result["recommendations"]
    fired = [r["id"] for r in recommendations]
    skipped = [n["id"] for n in result["not_applicable"]]
    assert sorted(fired + skipped) == sorted(REGISTRY.engine.by_id)
    assert sorted(REGISTRY.engine.fired(profile)) == sorted(fired)
    assert [r["rank"] for r in recommendations] == list(range(1, len(recommendations) + 1))
    scoring = REGISTRY.scoring
    for recommendation in recommendations:
        priority = recommendation["priority"]
        assert 0 <= priority["score"] <= 100
        b = priority["breakdown"]
        assert b["boost"] == round(sum(x["by"] for x in b["boosts"]), 4)
        assert b["capacity_factor"] == round(
            scoring.capacity_floor + (1 - scoring.capacity_floor) * b["capacity"], 4
        )
        assert b["fit"] == round((1 + b["boost"]) * b["capacity_factor"] * b["horizon_factor"], 4)
        raw_score = 100 * b["severity_weight"] * b["area_weight"] * b["fit"]
        assert priority["score"] == round(min(100.0, max(0.0, raw_score)), 1)
        assert priority["tier"] == scoring.tier(priority["score"])
        assert recommendation["matched"]


@settings(max_examples=60, deadline=None)
@given(raw_profiles(), st.randoms(use_true_random=False))
def test_output_is_the_same_in_any_key_or_list_order(raw, rng):
    reference = json.dumps(_evaluate(REGISTRY, raw))
    assert json.dumps(_evaluate(REGISTRY, shuffled(raw, rng))) == reference


# --- circumstances that only boost ---------------------------------------------------------------


def boost_only_circumstances(registry: Registry) -> list[str]:
    """Circumstances some boost tests and no rule's `when` can see, from the compiled rules."""
    in_when: set[str] = set()
    in_boosts: set[str] = set()
    every = set(registry.vocabulary.values("circumstances"))
    for compiled in registry.engine.rules:
        rule = compiled.rule
        for target, nodes in ((in_when, [rule.when]), (in_boosts, [b.when for b in rule.boosts])):
            for leaf in (leaf for node in nodes for leaf in leaves_of(node)):
                if leaf.path != "circumstances":
                    continue
                if leaf.op == "exists":
                    target |= every  # sees every circumstance
                else:
                    target |= set(leaf.expected) if leaf.op != "contains" else {leaf.expected}
    return sorted(in_boosts - in_when)


@pytest.fixture(scope="module")
def fixture_registry(tmp_path_factory) -> Registry:
    """The shipped config plus a circumstance that every rule's boosts, and no `when`, test."""
    config = tmp_path_factory.mktemp("boost-only") / "config"
    shutil.copytree(CONFIG_DIR, config)
    vocabulary = config / "vocabulary.yaml"
    data = yaml.safe_load(vocabulary.read_text(encoding="utf-8"))
    data["circumstances"][FIXTURE_FLAG] = {"label": "Fixture", "description": "For a test."}
    vocabulary.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for path in (config / "rulesets").glob("*.yaml"):
        ruleset = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in ruleset["rules"]:
            boost = {"circumstances": {"contains": FIXTURE_FLAG}}
            rule.setdefault("boosts", []).append({"when": boost, "by": 0.1, "reason": "Fixture"})
        path.write_text(yaml.safe_dump(ruleset, sort_keys=False), encoding="utf-8")
    return load_registry(config)


def test_fixture_has_a_boost_only_circumstance(fixture_registry):
    assert FIXTURE_FLAG in boost_only_circumstances(fixture_registry)


def _check_boost_only_never_removes(registry: Registry, raw: dict[str, Any], flag: str) -> None:
    without = dict(raw, circumstances=[c for c in raw.get("circumstances", []) if c != flag])
    with_flag = dict(without, circumstances=[*without["circumstances"], flag])
    before = {r["id"] for r in _evaluate(registry, without, explain=False)["recommendations"]}
    after = {r["id"] for r in _evaluate(registry, with_flag, explain=False)["recommendations"]}
    assert before <= after


@settings(max_examples=60, deadline=None)
@given(raw_profiles(), st.data())
def test_a_boost_only_circumstance_never_removes_a_recommendation(raw, data):
    flags = boost_only_circumstances(REGISTRY)
    if not flags:
        pytest.skip("no shipped circumstance is boost-only; the fixture rule set covers this")
    _check_boost_only_never_removes(REGISTRY, raw, data.draw(st.sampled_from(flags)))


@settings(max_examples=40, deadline=None)
@given(raw=raw_profiles())
def test_a_boost_only_circumstance_never_removes_a_recommendation_in_a_fixture(
    fixture_registry, raw
):
    _check_boost_only_never_removes(fixture_registry, raw, FIXTURE_FLAG)


# --- compiled explanations against the tree ------------------------------------------------------


def display(spec: FieldSpec, value: Any) -> Any:
    """A fact as JSON shows it: sets become lists in vocabulary order."""
    if spec.kind is Kind.ENUM_SET and value is not None:
        return [choice for choice in spec.choices if choice in value]
    return value


def ref_test(node: Node, facts: dict[str, Any]) -> bool:
    if isinstance(node, Leaf):
        return OPERATORS[node.op].build(node.path, node.expected)(facts)
    if isinstance(node, Not):
        return not ref_test(node.child, facts)
    results = [ref_test(child, facts) for child in node.children]
    return all(results) if isinstance(node, All) else any(results)


def ref_matched(node: Node, facts: dict[str, Any], want: bool) -> list[tuple[Leaf, bool]]:
    if isinstance(node, Leaf):
        return [(node, want)]
    if isinstance(node, Not):
        return ref_matched(node.child, facts, not want)
    if isinstance(node, All) == want:
        return [item for child in node.children for item in ref_matched(child, facts, want)]
    decisive = next(child for child in node.children if ref_test(child, facts) == want)
    return ref_matched(decisive, facts, want)


def ref_first_failure(node: Node, facts: dict[str, Any], want: bool) -> tuple[Leaf, bool] | None:
    if isinstance(node, Leaf):
        return None if ref_test(node, facts) == want else (node, want)
    if isinstance(node, Not):
        return ref_first_failure(node.child, facts, not want)
    if ref_test(node, facts) == want:
        return None
    for child in node.children:
        failure = ref_first_failure(child, facts, want)
        if failure is not None:
            return failure
    return None


def ref_item(leaf: Leaf, want: bool, facts: dict[str, Any], failed: bool) -> dict[str, Any]:
    expected = leaf.expected
    item = {
        "path": leaf.path,
        "op": leaf.op,
        "expected": list(expected) if isinstance(expected, tuple) else expected,
        "actual": display(leaf.spec, facts[leaf.path]),
        "negated": not want,
    }
    if failed:
        witness = OPERATORS[leaf.op].witness(leaf.spec, expected, facts[leaf.path], want)
        item["would_pass"] = display(leaf.spec, witness)
    return item


def _facts(raw: dict[str, Any]) -> dict[str, Any]:
    return REGISTRY.engine.facts(normalise(REGISTRY.profile_schema, raw))


@settings(max_examples=200, deadline=None)
@given(trees, raw_profiles())
def test_compiled_predicates_follow_the_tree(tree, raw):
    facts = _facts(raw)
    assert compile_node(tree).test(facts) == ref_test(tree, facts)


def _item(test) -> dict[str, Any]:
    """An explanation item as plain JSON data, as the reference writes it."""
    return json.loads(json.dumps(dataclasses.asdict(test)))


@settings(max_examples=300, deadline=None)
@given(trees, raw_profiles())
def test_explanations_follow_the_reference_reading_of_the_tree(tree, raw):
    """Matched items when a tree holds; else its first failing test, with a passing value."""
    facts = _facts(raw)
    compiled = compile_node(tree)
    failure = ref_first_failure(tree, facts, True)
    explained = first_failure(compiled, facts)
    if failure is None:
        assert explained is None
        expected = [
            ref_item(leaf, want, facts, False) for leaf, want in ref_matched(tree, facts, True)
        ]
        assert [_item(test) for test in matched(compiled, facts)] == expected
    else:
        assert _item(explained) == ref_item(*failure, facts, True)


@settings(max_examples=200, deadline=None)
@given(leaves(), raw_profiles(), st.booleans())
def test_witnesses_keep_the_promises_explanations_rely_on(leaf, raw, want):
    operator = OPERATORS[leaf.op]
    facts = _facts(raw)
    actual = facts[leaf.path]
    witness = operator.witness(leaf.spec, leaf.expected, actual, want)
    if leaf.spec.kind is Kind.ENUM_SET:
        assert isinstance(witness, list)
        assert witness == display(leaf.spec, witness)
