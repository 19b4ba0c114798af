"""Why a rule fired (the facts it matched) and why one did not (its first failing test, and a fix)."""

from __future__ import annotations

from typing import Any

from service.engine.compiler import Compiled
from service.engine.model import All, Leaf, Not
from service.engine.operators import OPERATORS, Facts
from service.vocabulary import FieldSpec, Kind


def display(spec: FieldSpec, value: Any) -> Any:
    """A fact as JSON shows it: sets become lists in vocabulary order."""
    if spec.kind is Kind.ENUM_SET and value is not None:
        return [choice for choice in spec.choices if choice in value]
    return value


def _test_item(leaf: Leaf, facts: Facts, negated: bool) -> dict[str, Any]:
    expected = leaf.expected
    return {
        "path": leaf.path,
        "op": leaf.op,
        "expected": list(expected) if isinstance(expected, tuple) else expected,
        "actual": display(leaf.spec, facts[leaf.path]),
        "negated": negated,
    }


def matched(tree: Compiled, facts: Facts, want: bool = True) -> list[dict[str, Any]]:
    """The field tests that made `tree` evaluate to `want` (True for a fired rule)."""
    node = tree.node
    if isinstance(node, Leaf):
        return [_test_item(node, facts, negated=not want)]
    if isinstance(node, Not):
        return matched(tree.children[0], facts, not want)
    every = isinstance(node, All) == want
    if every:
        return [item for child in tree.children for item in matched(child, facts, want)]
    decisive = next(child for child in tree.children if child.test(facts) == want)
    return matched(decisive, facts, want)


def first_failure(tree: Compiled, facts: Facts, want: bool = True) -> dict[str, Any] | None:
    """The first field test that keeps `tree` from evaluating to `want`, with a value that passes it."""
    node = tree.node
    if isinstance(node, Leaf):
        if tree.test(facts) == want:
            return None
        item = _test_item(node, facts, negated=not want)
        actual = facts[node.path]
        item["would_pass"] = display(
            node.spec, OPERATORS[node.op].witness(node.spec, node.expected, actual, want)
        )
        return item
    if isinstance(node, Not):
        return first_failure(tree.children[0], facts, not want)
    if tree.test(facts) == want:
        return None
    # An `all` wanted true, or an `any` wanted false, fails at its first child that goes the other way;
    # an `any` wanted true (or `all` wanted false) failed on every child, so the first one is named.
    for child in tree.children:
        failure = first_failure(child, facts, want)
        if failure is not None:
            return failure
    return None
