"""Why a rule fired (the tests it matched) and why one did not (its first failing test, and a fix).

Both read a compiled tree wanting an outcome: True for the rule's `when`, flipped under each `not`.
The outcome that needs every child (`all` true, `any` false) is matched by every child, and fails
at the first child that goes the other way. The other outcome (`any` true, `all` false) is matched
by the first child that goes the wanted way and, when none does, fails at the first child.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from service.engine.model import All, AnyOf, Leaf, Not
from service.engine.operators import OPERATORS, Facts
from service.engine.results import FailedTest, FieldTest
from service.vocabulary import FieldSpec, Kind

if TYPE_CHECKING:  # the compiler builds its report tables with report() below
    from service.engine.compiler import Compiled


def matched(tree: Compiled, facts: Facts, want: bool = True) -> list[FieldTest]:
    """The tests that made a node come out as `want` (which it did), in the order written."""
    tests: list[FieldTest] = []
    _matched_into(tests, tree, facts, want)
    return tests


def _matched_into(tests: list[FieldTest], tree: Compiled, facts: Facts, want: bool) -> None:
    """matched(), appending to one list through the recursion rather than joining a list per node."""
    for part, wanted in tree.parts[want]:
        if part.children:  # it needed one child: the first that came out as wanted decided it
            for child in part.children:
                if child.test(facts) == wanted:
                    _matched_into(tests, child, facts, wanted)
                    break
        else:  # from the compiler's table for a field with few facts, else made now
            actual = facts[part.path]
            found = part.reports[wanted].get(actual)
            tests.append(found or report(part.node, actual, wanted, passed=True))


def parts(tree: Compiled, want: bool) -> tuple[tuple[Compiled, bool], ...]:
    """What `matched` reports on for a node wanting `want`, each with the outcome wanted of it:
    its leaves and the nodes that need one child, with every `not` and every node that needs every
    child opened up. The same for all facts, so the compiler keeps it (Compiled.parts)."""
    node = tree.node
    if isinstance(node, Not):
        return parts(tree.children[0], not want)
    if isinstance(node, All | AnyOf) and isinstance(node, All) == want:
        return tuple(part for child in tree.children for part in parts(child, want))
    return ((tree, want),)


def first_failure(tree: Compiled, facts: Facts, want: bool = True) -> FailedTest | None:
    """The first test that kept a node from coming out as `want`, or None if it did.

    It lies in the first of the node's parts (as `matched` reads them) that went the other way: a
    leaf, or a node needing one child, none of which came out as wanted, that fails at its first.
    """
    for part, wanted in tree.parts[want]:
        if part.test(facts) == wanted:  # the compiled test decides; only a failure is walked
            continue
        if part.children:
            return first_failure(part.children[0], facts, wanted)
        actual = facts[part.path]  # as in matched(): tabled, else made now
        found = part.reports[wanted].get(actual)
        return found or report(part.node, actual, wanted, passed=False)
    return None


def shown(spec: FieldSpec, value: Any) -> Any:
    """A value as explanations show it: a set of choices as a tuple in vocabulary order."""
    if spec.kind is Kind.ENUM_SET and value is not None:
        return tuple(sorted(value, key=spec.order.__getitem__))
    return value


def report(leaf: Leaf, actual: Any, want: bool, passed: bool) -> FieldTest:
    """A field test as explanations show it: matched if it came out as `want`, else failed, with a
    value of the field that would have passed."""
    spec = leaf.spec
    if passed:
        return FieldTest(leaf.path, leaf.op, leaf.expected, shown(spec, actual), not want)
    witness = OPERATORS[leaf.op].witness(spec, leaf.expected, actual, want)
    return FailedTest(
        leaf.path, leaf.op, leaf.expected, shown(spec, actual), not want, shown(spec, witness)
    )
