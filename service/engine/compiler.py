"""Turn validated condition trees into plain closures, once, so evaluation does no parsing.

Each node of a rule's `when` keeps its predicate beside it (`Compiled`), so the evaluator can decide
a rule with one call and, when asked why, walk the same tree (explain.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Any

from service.engine.explain import parts, report
from service.engine.model import All, AnyOf, Boost, Leaf, Node, Not, Rule
from service.engine.operators import OPERATORS, Facts, Predicate
from service.engine.results import FieldTest
from service.vocabulary import FieldSpec, Kind

SMALL_SET = 4  # choices a set field may have for its every subset to be explained at load
HUNDREDTHS = 100  # a number field's facts explained at load are its multiples of 1/100...
TABLED_NUMBERS = 1_000  # ... if it has no more of them than this (0..1 has 101)


@dataclass(frozen=True)
class Compiled:
    """A condition node beside its predicate and its compiled children."""

    node: Node
    test: Predicate
    children: tuple[Compiled, ...]
    # A test of a field with few possible facts (an enum, a small set) can meet only those, so what
    # explanations say of it is made once: by wanted outcome, then fact, matched or failed
    # (report()). Every leaf has a table for each outcome, empty for a field with many facts; a
    # number's holds the facts people write, in hundredths.
    reports: Mapping[bool, Mapping[Any, FieldTest]] = field(default_factory=dict)
    path: str | None = None  # a leaf's field, read on every explanation of it

    @cached_property
    def parts(self) -> Mapping[bool, tuple[tuple[Compiled, bool], ...]]:
        """By wanted outcome, what `matched` reports on (explain.parts): worked out once, not per
        fired rule of every request."""
        return {want: parts(self, want) for want in (True, False)}


@dataclass(frozen=True)
class CompiledBoost:
    boost: Boost
    test: Predicate


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    tree: Compiled
    boosts: tuple[CompiledBoost, ...]

    def held(self, facts: Facts) -> tuple[Boost, ...]:
        """The boosts whose conditions hold on these facts, in the rule's order."""
        if not self.boosts:  # most rules have none: nothing to build
            return ()
        held = []  # a loop, not a comprehension: no frame of its own, per rule of every request
        for compiled in self.boosts:
            if compiled.test(facts):
                held.append(compiled.boost)
        return tuple(held)


def compile_node(node: Node) -> Compiled:
    if isinstance(node, Leaf):
        test = OPERATORS[node.op].build(node.path, node.expected)
        return Compiled(node, test, (), _reports(node, test), node.path)
    if isinstance(node, Not):
        child = compile_node(node.child)
        inner = child.test
        return Compiled(node, lambda facts: not inner(facts), (child,))
    if not isinstance(node, All | AnyOf):
        raise TypeError(f"not a condition node: {node!r}")
    children = tuple(compile_node(child) for child in node.children)
    tests = tuple(child.test for child in children)
    return Compiled(node, _all(tests) if isinstance(node, All) else _any(tests), children)


def _reports(leaf: Leaf, test: Predicate) -> dict[bool, dict[Any, FieldTest]]:
    domain = _domain(leaf.spec)
    return {
        want: {
            value: report(leaf, value, want, passed=test({leaf.path: value}) == want)
            for value in domain
        }
        for want in (True, False)
    }


def _domain(spec: FieldSpec) -> tuple[Any, ...]:
    """Every fact a field can give, if few: an enum's choices or none, a small set's subsets; for
    a number, those in hundredths, as people write them (other numbers are explained when met)."""
    if spec.kind is Kind.ENUM:
        return (*spec.choices, None)
    if spec.kind is Kind.ENUM_SET and len(spec.choices) <= SMALL_SET:
        return tuple(
            frozenset(subset)
            for size in range(len(spec.choices) + 1)
            for subset in combinations(spec.choices, size)
        )
    if spec.kind is Kind.NUMBER:  # floats, as the profile schema gives every number
        lowest, highest = round(spec.minimum * HUNDREDTHS), round(spec.maximum * HUNDREDTHS)
        if highest - lowest <= TABLED_NUMBERS:
            # Not zero: -0.0 would find it, and is shown as written.
            return tuple(step / HUNDREDTHS for step in range(lowest, highest + 1) if step)
    return ()


def _all(tests: tuple[Predicate, ...]) -> Predicate:
    if len(tests) == 2:
        first, second = tests
        return lambda facts: first(facts) and second(facts)

    def test(facts: Facts) -> bool:
        # An explicit loop: about twice as fast as all() over a generator on this hot path.
        for predicate in tests:  # noqa: SIM110
            if not predicate(facts):
                return False
        return True

    return test


def _any(tests: tuple[Predicate, ...]) -> Predicate:
    if len(tests) == 2:
        first, second = tests
        return lambda facts: first(facts) or second(facts)

    def test(facts: Facts) -> bool:
        for predicate in tests:  # noqa: SIM110
            if predicate(facts):
                return True
        return False

    return test


def compile_rule(rule: Rule) -> CompiledRule:
    return CompiledRule(
        rule=rule,
        tree=compile_node(rule.when),
        boosts=tuple(CompiledBoost(boost, compile_node(boost.when).test) for boost in rule.boosts),
    )
