"""Which rules a profile could fire once some of its facts are fixed: a three-valued reading of `when`.

A fixed fact's tests come out true or false; every other test is "unknown", since some profile
could pass or fail it. `not` keeps "unknown" unknown, `all` is false when any child is false and
`any` is true when any child is true. A rule is reachable unless its condition is false outright.
Reports (`rules coverage`) and explanations of empty areas build on this one reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from service.engine.model import All, AnyOf, Leaf, Node, Not, Rule
from service.engine.operators import OPERATORS

UNKNOWN = None


def could_hold(node: Node, fixed: Mapping[str, Any]) -> bool | None:
    """True, False, or None (unknown) for a condition, given only the facts in `fixed`."""
    left = residue(node, fixed)
    return left if isinstance(left, bool) else UNKNOWN


def residue(node: Node, fixed: Mapping[str, Any]) -> Node | bool:
    """What is left to test of a condition once the facts in `fixed` are known: True or False if
    they decide it, else the condition without the tests they pass (the engine fires each rule by
    its residue for the stakeholder type, so that test is not made per request)."""
    if isinstance(node, Leaf):
        if node.path not in fixed:
            return node
        return OPERATORS[node.op].build(node.path, node.expected)({node.path: fixed[node.path]})
    if isinstance(node, Not):
        inner = residue(node.child, fixed)
        return (not inner) if isinstance(inner, bool) else Not(inner)
    if not isinstance(node, All | AnyOf):
        raise TypeError(f"not a condition node: {node!r}")
    decisive = isinstance(node, AnyOf)  # the outcome of a child that decides the node: any true
    unknown = []
    for child in node.children:
        left = residue(child, fixed)
        if left is decisive:
            return decisive
        if not isinstance(left, bool):
            unknown.append(left)
    if not unknown:
        return not decisive
    return unknown[0] if len(unknown) == 1 else type(node)(tuple(unknown))


@dataclass(frozen=True)
class Reachability:
    """Per stakeholder type and area, the ids of the rules some profile of that type could fire."""

    by_type: dict[str, dict[str, tuple[str, ...]]]

    def rules(self, stakeholder_type: str, area: str) -> tuple[str, ...]:
        return self.by_type.get(stakeholder_type, {}).get(area, ())

    def unreached(self) -> list[tuple[str, str]]:
        """(stakeholder type, area) pairs where no rule could fire."""
        return [
            (kind, area)
            for kind, areas in self.by_type.items()
            for area, ids in areas.items()
            if not ids
        ]


def reachability(
    rules: Iterable[Rule], stakeholder_types: Iterable[str], areas: Iterable[str]
) -> Reachability:
    """Computed once from the rules' conditions, the side guard included."""
    rules = tuple(rules)
    areas = tuple(areas)
    by_type: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind in stakeholder_types:
        fixed = {"stakeholder_type": kind}
        by_type[kind] = {
            area: tuple(
                rule.id
                for rule in rules
                if rule.area == area and could_hold(rule.when, fixed) is not False
            )
            for area in areas
        }
    return Reachability(by_type)
