"""Turn validated condition trees into plain closures, once, so evaluation does no parsing.

Besides its test, every node gets closures that answer the two questions explanations ask, for the
node wanted true and wanted false:
- `fails`: the first field test that keeps the node from coming out as wanted (None if it does);
- `matches`: the field tests that made it come out as wanted.
Both return `Explainer`s made at compile time, so a request never walks the tree to explain it.
The answers follow one reading of the tree. The outcome that needs every child (`all` true, `any`
false) fails at the first child that goes the other way and is matched by every child; the other
outcome is matched by the first child that goes the wanted way and, when none does, fails at the
first child.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from service.engine.explain import Explainer
from service.engine.model import All, AnyOf, Boost, Leaf, Node, Not, Rule
from service.engine.operators import OPERATORS, Facts, Predicate

Failer = Callable[[Facts], Explainer | None]
Matcher = Callable[[Facts], tuple[Explainer, ...]]
Part = Matcher | tuple[Explainer, ...]


@dataclass(frozen=True)
class Compiled:
    """A condition node beside its predicate and its explanation closures, for either outcome.

    `static_*` is the `matches_*` answer when it does not depend on the facts (a leaf, an `all` of
    leaves wanted true...).
    """

    node: Node
    test: Predicate
    children: tuple[Compiled, ...]
    fails_true: Failer
    matches_true: Matcher
    static_true: tuple[Explainer, ...] | None
    fails_false: Failer
    matches_false: Matcher
    static_false: tuple[Explainer, ...] | None

    def fails(self, want: bool) -> Failer:
        return self.fails_true if want else self.fails_false

    def matches(self, want: bool) -> Matcher:
        return self.matches_true if want else self.matches_false

    def static(self, want: bool) -> tuple[Explainer, ...] | None:
        return self.static_true if want else self.static_false


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    test: Predicate
    tree: Compiled
    boosts: tuple[tuple[Compiled, Boost], ...]
    evidence: tuple[dict[str, object], ...]


def compile_node(node: Node) -> Compiled:
    if isinstance(node, Leaf):
        return _leaf(node)
    if isinstance(node, Not):
        child = compile_node(node.child)
        inner = child.test
        # Wanting `not x` true is wanting `x` false: the child's answers swap sides.
        return Compiled(
            node,
            lambda facts: not inner(facts),
            (child,),
            child.fails_false,
            child.matches_false,
            child.static_false,
            child.fails_true,
            child.matches_true,
            child.static_true,
        )
    if not isinstance(node, All | AnyOf):
        raise TypeError(f"not a condition node: {node!r}")
    children = tuple(compile_node(child) for child in node.children)
    tests = tuple(child.test for child in children)
    strict = isinstance(node, All)  # the outcome that needs every child: true for `all`
    test = _all(tests) if strict else _any(tests)
    every = _every(children, strict)
    answers = {
        strict: (_first_failing(children, strict), _concat(every), _static(every)),
        not strict: (
            _first_child(test, children, not strict),
            _decisive(children, not strict),
            None,
        ),
    }
    return Compiled(node, test, children, *answers[True], *answers[False])


def _leaf(node: Leaf) -> Compiled:
    test = OPERATORS[node.op].build(node.path, node.expected)
    yes, no = (Explainer(node, True),), (Explainer(node, False),)
    return Compiled(
        node,
        test,
        (),
        lambda facts: None if test(facts) else yes[0],
        lambda facts: yes,
        yes,
        lambda facts: no[0] if test(facts) else None,
        lambda facts: no,
        no,
    )


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


def _first_failing(children: tuple[Compiled, ...], want: bool) -> Failer:
    """The strict outcome fails at the first child that does not come out as wanted.

    A leaf child's explainer is known in advance, so only its test runs.
    """
    steps = tuple(
        (
            child.test,
            child.static(want) if isinstance(child.node, Leaf) else None,
            child.fails(want),
        )
        for child in children
    )

    def fails(facts: Facts) -> Explainer | None:
        for test, known, child_fails in steps:
            if test(facts) != want:
                return known[0] if known is not None else child_fails(facts)
        return None

    return fails


def _first_child(test: Predicate, children: tuple[Compiled, ...], want: bool) -> Failer:
    """The other outcome fails only when every child goes the other way; name the first."""
    first = children[0].fails(want)
    return lambda facts: None if test(facts) == want else first(facts)


def _every(children: tuple[Compiled, ...], want: bool) -> tuple[Part, ...]:
    """Each child's `matches` for `want`, as its static answer where it has one."""
    return tuple(
        child.static(want) if child.static(want) is not None else child.matches(want)
        for child in children
    )


def _static(parts: tuple[Part, ...]) -> tuple[Explainer, ...] | None:
    """All the parts' answers in order, if every part is static; None otherwise."""
    if not all(isinstance(part, tuple) for part in parts):
        return None
    return tuple(itertools.chain.from_iterable(parts))  # type: ignore[arg-type]


def _concat(parts: tuple[Part, ...]) -> Matcher:
    """The strict outcome is matched by every child, in order."""
    static = _static(parts)
    if static is not None:
        return lambda facts: static

    def matches(facts: Facts) -> tuple[Explainer, ...]:
        found: list[Explainer] = []
        for part in parts:
            found.extend(part if isinstance(part, tuple) else part(facts))
        return tuple(found)

    return matches


def _decisive(children: tuple[Compiled, ...], want: bool) -> Matcher:
    """The other outcome is matched by the first child that came out as wanted."""
    steps = tuple((child.test, child.matches(want)) for child in children)

    def matches(facts: Facts) -> tuple[Explainer, ...]:
        for test, child_matches in steps:
            if test(facts) == want:
                return child_matches(facts)
        raise ValueError("no child came out as wanted; the node's own test disagrees")

    return matches


def compile_rule(rule: Rule) -> CompiledRule:
    tree = compile_node(rule.when)
    return CompiledRule(
        rule=rule,
        test=tree.test,
        tree=tree,
        boosts=tuple((compile_node(boost.when), boost) for boost in rule.boosts),
        evidence=tuple(citation.as_dict() for citation in rule.evidence),
    )
