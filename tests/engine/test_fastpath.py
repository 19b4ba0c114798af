"""The C evaluator against the Python reference: the same JSON text, byte for byte, on every input.

The shipped rules are checked on every example, every rule test profile and generated profiles;
generated condition trees, put in place of shipped rules' conditions, reach every operator, node
shape and witness the tables can express. Profiles the C program does not expect must still get
the Python engine's answer, or its error.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from service.engine import fastpath
from service.engine.evaluate import Engine, Evaluation
from service.engine.model import Boost, Node
from service.engine.rulesets import RuleSet
from service.profile import normalise
from service.registry import Registry
from service.ruletests import load_rule_tests
from tests.conftest import example_names, load_example, skip_or_fail
from tests.engine.test_properties import REGISTRY, raw_profiles, trees


@pytest.fixture(autouse=True)
def _built() -> None:
    """Without the extension every comparison here would be the Python engine with itself."""
    if not fastpath.AVAILABLE:
        skip_or_fail(
            "the C evaluator (engine/fastpath_c/) is not built: is a C compiler installed?"
        )


def _same_answers(engine: Engine, profile: dict[str, Any]) -> None:
    """The program itself answers a normalised profile (no fallback), as the reference does."""
    for explain in (False, True):
        answer = engine.program.run(profile, explain)
        assert answer is not None, "the C program declined a normalised profile"
        assert Evaluation(*answer) == engine.run_in_python(profile, explain)
    assert engine.program.fired(profile) == engine.fired_in_python(profile)


def test_the_shipped_rules_run_in_the_extension(registry: Registry):
    assert registry.engine.program is not None
    profile = normalise(registry.profile_schema, load_example("kr-defence-ministry"))
    assert registry.engine.program.run(profile, True) is not None


@pytest.mark.parametrize("name", example_names())
def test_every_example_gets_the_reference_text(registry: Registry, name: str):
    _same_answers(registry.engine, normalise(registry.profile_schema, load_example(name)))


def test_every_rule_test_profile_gets_the_reference_text(registry: Registry):
    cases = load_rule_tests(registry)
    assert cases
    for case in cases:
        _same_answers(registry.engine, case.profile)


@settings(max_examples=300, deadline=None)
@given(raw_profiles())
def test_generated_profiles_get_the_reference_text(raw):
    _same_answers(REGISTRY.engine, normalise(REGISTRY.profile_schema, raw))


def test_threads_sharing_one_program_get_their_own_answers(registry: Registry):
    """gunicorn's threaded workers share one engine, and the program reuses its buffers."""
    profiles = [normalise(registry.profile_schema, load_example(n)) for n in example_names()]
    expected = [registry.engine.run_in_python(p, True) for p in profiles]

    def check(offset: int) -> int:
        mismatches = 0
        for turn in range(200):
            index = (offset + turn) % len(profiles)
            mismatches += registry.engine.run(profiles[index], True) != expected[index]
        return mismatches

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sum(pool.map(check, range(8))) == 0


def _engine_for(forest: Sequence[Node], boosts: Sequence[Node]) -> Engine:
    """Shipped rules (texts, severities, tensions) with generated conditions and boosts."""
    shipped = [rule for ruleset in REGISTRY.rulesets for rule in ruleset.rules]
    # Spread over the areas, so ranking across areas and their summaries are exercised too.
    picked = [shipped[(index * 13) % len(shipped)] for index in range(len(forest))]
    rules = [
        dataclasses.replace(
            rule,
            when=tree,
            boosts=(
                *rule.boosts,
                *(Boost(b, 0.05 * (k + 1), f"b{k}") for k, b in enumerate(boosts)),
            ),
        )
        for rule, tree in zip(picked, forest, strict=True)
    ]
    rulesets = tuple(
        RuleSet(rs.area, rs.id_prefix, rs.file, tuple(r for r in rules if r.area == rs.area))
        for rs in REGISTRY.rulesets
    )
    return Engine(rulesets, REGISTRY.scoring, REGISTRY.vocabulary)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(trees, min_size=1, max_size=5, unique_by=repr),
    st.lists(trees, max_size=2),
    st.lists(raw_profiles(), min_size=1, max_size=8),
)
def test_generated_conditions_get_the_reference_text(forest, boosts, raws):
    engine = _engine_for(forest, boosts)
    assert engine.program is not None, "every operator and witness must fit the tables"
    for raw in raws:
        _same_answers(engine, normalise(REGISTRY.profile_schema, raw))


def _answer(run, profile: dict[str, Any]) -> Any:
    try:
        return run(profile, True)
    except Exception as error:  # the reference's own error is the expected answer
        return type(error)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p: p["capacities"].update(military=1), id="an int capacity"),
        pytest.param(lambda p: p.update(alignment="not-in-the-vocabulary"), id="unknown enum"),
        pytest.param(lambda p: p.update(circumstances=("borders_dprk", "?")), id="unknown flag"),
        pytest.param(lambda p: p.update(circumstances={"borders_dprk"}), id="a set, not a list"),
        pytest.param(lambda p: p.update(public_casualty_sensitivity=None), id="a missing number"),
        pytest.param(lambda p: p.update(time_horizon=None), id="no horizon"),
        pytest.param(lambda p: p.pop("area_weights"), id="no area weights"),
        pytest.param(lambda p: p["area_weights"].update(elsewhere=1.0), id="an unknown area"),
        pytest.param(lambda p: p.update(stakeholder_type="nobody"), id="unknown type"),
    ],
)
def test_a_profile_the_tables_do_not_expect_gets_the_python_answer(registry: Registry, change):
    profile = normalise(registry.profile_schema, load_example("kr-defence-ministry"))
    change(profile)
    assert registry.engine.program.run(profile, True) is None
    assert _answer(registry.engine.run, profile) == _answer(registry.engine.run_in_python, profile)


def test_a_profile_that_is_not_a_mapping_is_declined(registry: Registry):
    assert registry.engine.program.run(["not", "a", "profile"], True) is None
    assert registry.engine.program.fired(None) is None


# --- the arithmetic the scores depend on ---------------------------------------------------------

TIES = [n / 10**5 for n in range(0, 200_000, 5)]  # halves at the fourth decimal, inexact in binary


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
        st.sampled_from(TIES),
        st.integers(0, 10**7).map(lambda n: n / 10**4),
    ),
    st.sampled_from([1, 4]),
)
@example(0.00005, 4)
@example(0.25, 1)
@example(2.675, 2)
def test_rounding_is_pythons(value, digits):
    assert fastpath.native.round_digits(value, digits) == round(value, digits)


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(0, 10**13).map(lambda n: n / 10**4),
        st.integers(0, 10**6).map(lambda n: n / 10**5),
    )
)
@example(0.0)
@example(-0.0)
@example(1e-05)
@example(0.0001)
@example(999999999.9999)
@example(1e16)
def test_float_text_is_pythons_repr(value):
    assert fastpath.native.float_repr(value) == repr(value)
    assert not math.isnan(value)


def test_malformed_tables_are_refused():
    with pytest.raises(ValueError, match="children must come before"):
        fastpath.native.Program(_tables(nodes=((2, -1, (0,)),)))
    with pytest.raises(ValueError, match="needs a tuple leaves"):
        fastpath.native.Program(_tables(leaves=None))


def _tables(**changes: Any) -> dict[str, Any]:
    """An empty but well-formed set of tables, with some entries replaced."""
    tables: dict[str, Any] = {
        "fields": (("stakeholder_type", None, 0, {"x": 1}, ("null", '"x"')),),
        "leaves": (),
        "explainers": (),
        "nodes": (),
        "rules": (),
        "areas": (),
        "type_weights": (None, ()),
        "scores": tuple((repr(u / 10), repr(u / 10)) for u in range(1001)),
        "rank_heads": ("[", ","),
        "capacity_floor": 0.7,
        "type_field": 0,
        "horizon_field": 0,
        "horizon_places": 2,
    }
    tables.update(changes)
    return {key: value for key, value in tables.items() if value is not None}
