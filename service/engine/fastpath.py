"""The compiled rules as flat tables for the C evaluator (fastpath_c/), which runs them 8× faster.

The Python engine stays the reference: the C program decides, explains, scores and writes the
same JSON text, checked byte for byte by the tests. Every table here is derived from the engine's
own compiled rules, operators and explainers (witnesses are probed, not restated), and anything
this module cannot express leaves the engine on its Python path.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from service.engine.compiler import Compiled, CompiledRule
from service.engine.explain import Explainer
from service.engine.jsontext import choices_text, dumps
from service.engine.model import All, AnyOf, Leaf, Not
from service.engine.operators import OPERATORS
from service.engine.scoring import Scoring
from service.vocabulary import FieldSpec, Kind

try:
    from service.engine import _fastpath as native
except ImportError:  # built by `pip install`; without a C compiler the engine runs in Python
    native = None  # type: ignore[assignment]

AVAILABLE = native is not None

# Kept in step with fastpath_c/fastpath.h.
_KINDS = {Kind.ENUM: 0, Kind.ENUM_SET: 1, Kind.NUMBER: 2}
(OP_TABLE, OP_ANY, OP_ALL, OP_NONEMPTY, OP_EMPTY, OP_PRESENT, OP_ABSENT) = range(7)
_NUMBER_OPS = {"eq": 7, "ne": 8, "gt": 9, "gte": 10, "lt": 11, "lte": 12, "between": 13}
NODE_LEAF, NODE_NOT, NODE_ALL, NODE_ANY = range(4)
WITNESS_NONE, WITNESS_SET, WITNESS_CLAMP = range(3)
MAX_SET_CHOICES = 64


class Unsupported(ValueError):
    """A rule uses something the C evaluator cannot express; the engine stays in Python."""


class RulePlan(Protocol):
    """What the tables need of one rule beyond its compiled tree (evaluate._Plan provides it)."""

    id: str
    area: str
    head: str
    text: str
    tail: str
    boosts: tuple[tuple[Any, float, str], ...]
    factors: Mapping[str, tuple[float, float, str, str]]
    tensions: tuple[tuple[str, str], ...]


def build_program(
    rules: Sequence[CompiledRule],
    plans: Sequence[RulePlan],
    fields: Sequence[FieldSpec],
    scoring: Scoring,
    areas: Sequence[tuple[str, tuple[str, str]]],
    scores: Mapping[float, tuple[str, str]],
    rank_heads: tuple[str, str],
) -> Any | None:
    """The C program for these rules, or None when the extension is missing or cannot run them."""
    if native is None:
        return None
    try:
        tables = _Tables(fields)
        type_field, horizon_field = tables.field("stakeholder_type"), tables.field("time_horizon")
        kind, horizon = tables.fields[type_field], tables.fields[horizon_field]
        area_names = [area for area, _ in areas]
        rule_rows = tables.rules(rules, plans, area_names, horizon)
    except Unsupported:
        return None
    weights = scoring.type_area_weights
    return native.Program(
        {
            "fields": tuple(tables.field_row(spec) for spec in tables.fields),
            "leaves": tuple(tables.leaves),
            "explainers": tuple(tables.explainers),
            "nodes": tuple(tables.nodes),
            "rules": rule_rows,
            "areas": tuple(
                (area, dumps(area), head, empty, scoring.area_capacities[area])
                for area, (head, empty) in areas
            ),
            "type_weights": (
                None,
                *(
                    tuple(float(weights[choice][area]) for area in area_names)
                    if choice in weights
                    else None
                    for choice in kind.choices
                ),
            ),
            "scores": tuple(scores.values()),
            "rank_heads": rank_heads,
            "capacity_floor": float(scoring.capacity_floor),
            "type_field": type_field,
            "horizon_field": horizon_field,
            "horizon_places": len(horizon.choices) + 1,
        }
    )


class _Tables:
    """The tables of one program's fields and rules: leaves, explainers and nodes are placed as
    each rule's trees are, children before their parents."""

    def __init__(self, fields: Sequence[FieldSpec]) -> None:
        self.fields = tuple(fields)
        self.place = {spec.path: index for index, spec in enumerate(self.fields)}
        self.leaves: list[tuple[Any, ...]] = []
        self.explainers: list[tuple[Any, ...]] = []
        self.nodes: list[tuple[int, int, tuple[int, ...]]] = []

    def rules(
        self,
        rules: Sequence[CompiledRule],
        plans: Sequence[RulePlan],
        area_names: Sequence[str],
        horizon: FieldSpec,
    ) -> tuple[tuple[Any, ...], ...]:
        """One row per rule, its trees placed; areas, horizons and tensions by their places."""
        by_id = {plan.id: index for index, plan in enumerate(plans)}
        order = {rule_id: rank for rank, rule_id in enumerate(sorted(by_id))}
        rows = []
        for compiled, plan in zip(rules, plans, strict=True):
            root = self._node(compiled.tree, plan.head)
            boosts = tuple(
                (self._node(tree, ""), float(by), text)
                for (tree, _), (_, by, text) in zip(compiled.boosts, plan.boosts, strict=True)
            )
            factors = (None, *(plan.factors.get(choice) for choice in horizon.choices))
            tensions = tuple(
                (by_id[with_id], note) for with_id, note in plan.tensions if with_id in by_id
            )
            rows.append(
                (
                    root,
                    area_names.index(plan.area),
                    order[plan.id],
                    boosts,
                    plan.text,
                    plan.tail,
                    dumps(plan.id),
                    factors,
                    tensions,
                    plan.id,
                )
            )
        return tuple(rows)

    def field(self, path: str) -> int:
        if path not in self.place:
            raise Unsupported(f"no field {path!r}")
        return self.place[path]

    def field_row(self, spec: FieldSpec) -> tuple[Any, ...]:
        head, _, tail = spec.path.partition(".")
        if spec.kind is Kind.NUMBER:
            return (head, tail or None, _KINDS[spec.kind], None, None)
        if spec.kind is Kind.ENUM_SET and len(spec.choices) > MAX_SET_CHOICES:
            raise Unsupported(f"{spec.path} has more than {MAX_SET_CHOICES} choices")
        texts = choices_text(spec)
        index = {choice: place for place, choice in enumerate(spec.choices, start=1)}
        return (
            head,
            tail or None,
            _KINDS[spec.kind],
            index,
            ("null", *(texts[choice] for choice in spec.choices)),
        )

    def _node(self, tree: Compiled, head: str) -> int:
        """The node's place in the table; children are placed before their parent."""
        node = tree.node
        if isinstance(node, Leaf):
            entry = (NODE_LEAF, self._leaf(tree, head), ())
        elif isinstance(node, Not):
            entry = (NODE_NOT, -1, (self._node(tree.children[0], head),))
        elif isinstance(node, All | AnyOf):
            kind = NODE_ALL if isinstance(node, All) else NODE_ANY
            entry = (kind, -1, tuple(self._node(child, head) for child in tree.children))
        else:
            raise Unsupported(f"unknown node {node!r}")
        self.nodes.append(entry)
        return len(self.nodes) - 1

    def _leaf(self, tree: Compiled, head: str) -> int:
        leaf: Leaf = tree.node  # type: ignore[assignment]
        spec = leaf.spec
        mask = table = None
        a = b = 0.0
        if spec.kind is Kind.ENUM:
            test = OPERATORS[leaf.op].build(leaf.path, leaf.expected)
            op = OP_TABLE
            table = bytes(bool(test({leaf.path: v})) for v in (None, *spec.choices))
        elif spec.kind is Kind.ENUM_SET:
            op, mask = self._set_test(leaf)
        elif leaf.op == "exists":
            op = OP_PRESENT if leaf.expected else OP_ABSENT
        elif leaf.op in _NUMBER_OPS:
            op = _NUMBER_OPS[leaf.op]
            a, b = leaf.expected if leaf.op == "between" else (leaf.expected, leaf.expected)
        else:
            raise Unsupported(f"operator {leaf.op} on {spec.kind}")
        self.leaves.append((self.place[leaf.path], op, table, mask or 0, float(a), float(b)))
        self.explainers += [self._explainer(tree.explainer(want), head) for want in (False, True)]
        return len(self.leaves) - 1

    def _set_test(self, leaf: Leaf) -> tuple[int, int]:
        bits = _bits(leaf.spec)
        expected = leaf.expected
        if leaf.op == "contains":
            return OP_ANY, bits[expected]
        if leaf.op == "contains_any":
            return OP_ANY, _mask(bits, expected)
        if leaf.op == "contains_all":
            return OP_ALL, _mask(bits, expected)
        if leaf.op == "exists":
            return (OP_NONEMPTY if expected else OP_EMPTY), 0
        raise Unsupported(f"operator {leaf.op} on a set")

    def _explainer(self, explainer: Explainer, head: str) -> tuple[Any, ...]:
        """Texts around the fact for a matched item and a near miss, and how to write the witness."""
        item_pre, item_post = explainer.item_parts
        none = (WITNESS_NONE, 0, 0, 0.0, 0.0, "", "")
        if explainer.plain:
            before, after = explainer.failure_parts
            return (item_pre, item_post, head + before, after + "]}", "", *none)
        before, middle, after = explainer.failure_parts
        texts = (item_pre, item_post, head + before, middle, after + "]}")
        spec = explainer.spec
        samples = _samples(spec, explainer.expected)
        witnesses = {explainer.witness_text(actual) for actual in samples}
        if len(witnesses) == 1:  # the witness does not depend on the fact after all
            return (
                item_pre,
                item_post,
                head + before,
                middle + witnesses.pop(),
                after + "]}",
                *none,
            )
        if spec.kind is Kind.ENUM_SET:
            return (*texts, *self._set_witness(explainer, samples))
        if spec.kind is Kind.NUMBER and explainer.leaf.op == "between" and explainer.want:
            low, high = explainer.expected
            for actual in samples:
                wanted = low if actual < low else high if actual > high else actual
                if explainer.witness_text(actual) != repr(wanted):
                    raise Unsupported("a between witness that does not clamp")
            return (*texts, WITNESS_CLAMP, 0, 0, float(low), float(high), repr(low), repr(high))
        raise Unsupported(f"a witness for {explainer.leaf.op} that reads the fact")

    def _set_witness(self, explainer: Explainer, samples: list[Any]) -> tuple[Any, ...]:
        """A set witness as the fact with some choices added and some removed, checked on samples."""
        spec = explainer.spec
        bits = _bits(spec)
        everything = frozenset(spec.choices)
        added = _parse_set(explainer.witness_text(frozenset()), spec)
        removed = everything - _parse_set(explainer.witness_text(everything), spec)
        for actual in samples:
            expected = (frozenset(actual) | added) - removed
            if _parse_set(explainer.witness_text(actual), spec) != expected:
                raise Unsupported("a set witness that is not the fact plus and minus choices")
        return (WITNESS_SET, _mask(bits, added), _mask(bits, removed), 0.0, 0.0, "", "")


def _bits(spec: FieldSpec) -> dict[str, int]:
    return {choice: 1 << place for place, choice in enumerate(spec.choices)}


def _mask(bits: Mapping[str, int], choices: Any) -> int:
    mask = 0
    for choice in choices:
        mask |= bits[choice]
    return mask


def _parse_set(text: str, spec: FieldSpec) -> frozenset[str]:
    values = json.loads(text)
    if not isinstance(values, list) or values != [c for c in spec.choices if c in values]:
        raise Unsupported("a set witness that is not a list in vocabulary order")
    return frozenset(values)


def _samples(spec: FieldSpec, expected: Any) -> list[Any]:
    """Facts to probe a witness with: edge values and some around the literal."""
    if spec.kind is Kind.ENUM_SET:
        choices = spec.choices
        literal = expected if isinstance(expected, tuple) else (expected,)
        picks = [frozenset(), frozenset(choices), *(frozenset({c}) for c in choices)]
        picks += [frozenset(choices) - {c} for c in choices]
        picks += [frozenset(pair) for pair in itertools.combinations(literal, 2)]
        return picks
    if spec.kind is Kind.NUMBER:
        literal = expected if isinstance(expected, tuple) else (expected,)
        points = [spec.minimum, spec.maximum, (spec.minimum + spec.maximum) / 2]
        for value in literal:
            if isinstance(value, int | float) and not isinstance(value, bool):
                points += [value, round(value - 0.01, 2), round(value + 0.01, 2)]
        return [float(p) for p in points]
    return [None, *spec.choices]
