"""The operator table: which field kinds each operator applies to, its literal, its test, its witnesses.

A test turns a field's path and the rule's literal (as `prepare` readies it, e.g. a frozenset for
membership) into a predicate of the facts that answers True or False. A witness is a value of the
field that would make the test come out as wanted; `explain=full` uses it to tell an analyst what
would have made a rule apply. For a set-valued field it is a new list of choices in vocabulary
order, the form in which explanations show sets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from service.vocabulary import FieldSpec, Kind

Facts = dict[str, Any]
Predicate = Callable[[Facts], bool]
Witness = Callable[[FieldSpec, Any, Any, bool], Any]  # (field, literal, fact, wanted outcome)
STEP = 0.01


class Literal(StrEnum):
    """The shape of the value an operator takes in YAML."""

    VALUE = "a single value"
    VALUES = "a non-empty list of distinct values"
    NUMBER = "a number"
    RANGE = "a list [low, high] with low <= high"
    FLAG = "true or false"


def _as_written(literal: Any) -> Any:
    return literal


@dataclass(frozen=True)
class Operator:
    """An operator: the field kinds it applies to, the literal it takes, its test and witness."""

    name: str
    kinds: frozenset[Kind]
    literal: Literal
    test: Callable[[str, Any], Predicate]  # (field path, prepared literal) -> its predicate
    witness: Witness
    prepare: Callable[[Any], Any] = _as_written

    def build(self, path: str, expected: Any) -> Predicate:
        """The test of one field against one literal, as a closure over the facts."""
        return self.test(path, self.prepare(expected))


# --- tests: each makes the predicate of one field against one prepared literal -------------------
# A closure that reads the fact and compares it itself: a call the fewer per test, on the hottest
# path of evaluation, than a predicate calling a shared comparison.


def _eq(path: str, expected: Any) -> Predicate:
    return lambda facts: facts[path] == expected


def _ne(path: str, expected: Any) -> Predicate:
    return lambda facts: facts[path] != expected


def _in(path: str, expected: frozenset[Any]) -> Predicate:
    return lambda facts: facts[path] in expected


def _not_in(path: str, expected: frozenset[Any]) -> Predicate:
    return lambda facts: facts[path] not in expected


def _contains(path: str, expected: str) -> Predicate:
    return lambda facts: expected in facts[path]


def _contains_any(path: str, expected: frozenset[str]) -> Predicate:
    return lambda facts: not expected.isdisjoint(facts[path])


def _contains_all(path: str, expected: frozenset[str]) -> Predicate:
    return lambda facts: expected <= facts[path]


def _gt(path: str, expected: float) -> Predicate:
    return lambda facts: facts[path] > expected


def _gte(path: str, expected: float) -> Predicate:
    return lambda facts: facts[path] >= expected


def _lt(path: str, expected: float) -> Predicate:
    return lambda facts: facts[path] < expected


def _lte(path: str, expected: float) -> Predicate:
    return lambda facts: facts[path] <= expected


def _between(path: str, expected: tuple[float, float]) -> Predicate:
    low, high = expected
    return lambda facts: low <= facts[path] <= high


_NONE_CHOSEN: frozenset[str] = frozenset()


def _exists(path: str, expected: bool) -> Predicate:
    """A value is present unless it is missing (None) or an empty set."""

    def test(facts: Facts) -> bool:
        value = facts[path]
        return (value is not None and value != _NONE_CHOSEN) is expected

    return test


# --- witnesses -----------------------------------------------------------------------------------


def _other(spec: FieldSpec, excluded: Any) -> Any:
    excluded_set = set(excluded) if isinstance(excluded, list | tuple | frozenset) else {excluded}
    return next((c for c in spec.choices if c not in excluded_set), None)


def _ordered(spec: FieldSpec, values: set[str] | frozenset[str]) -> list[str]:
    return [c for c in spec.choices if c in values]


def _nudge(spec: FieldSpec, value: float, direction: int) -> float | None:
    moved = round(value + direction * STEP, 2)
    return moved if spec.minimum <= moved <= spec.maximum else None


def _eq_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    if want:
        return expected
    if spec.kind is Kind.NUMBER:
        return _nudge(spec, expected, 1) if expected < spec.maximum else _nudge(spec, expected, -1)
    return _other(spec, expected)


def _ne_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    return _eq_witness(spec, expected, actual, not want)


def _in_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    return expected[0] if want else _other(spec, expected)


def _not_in_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    return _in_witness(spec, expected, actual, not want)


def _contains_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    current = set(actual)
    return _ordered(spec, current | {expected} if want else current - {expected})


def _contains_any_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    current = set(actual)
    return _ordered(spec, current | {expected[0]} if want else current - set(expected))


def _contains_all_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    current = set(actual)
    return _ordered(spec, current | set(expected) if want else current - {expected[0]})


def _threshold_witness(above: bool, inclusive: bool) -> Witness:
    def witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
        if want == inclusive:
            return expected
        return _nudge(spec, expected, 1 if above == want else -1)

    return witness


def _between_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    low, high = expected
    if want:
        return min(max(actual, low), high)
    return _nudge(spec, low, -1) if low > spec.minimum else _nudge(spec, high, 1)


def _exists_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    present = expected == want
    if spec.kind is Kind.ENUM_SET:
        return list(spec.choices[:1]) if present else []
    if spec.kind is Kind.NUMBER:
        return spec.minimum if present else None
    return spec.choices[0] if present else None


_ENUM, _SET, _NUM = Kind.ENUM, Kind.ENUM_SET, Kind.NUMBER
_VALUES_OR_NUMBERS = frozenset({_ENUM, _NUM})

OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        Operator("eq", _VALUES_OR_NUMBERS, Literal.VALUE, _eq, _eq_witness),
        Operator("ne", _VALUES_OR_NUMBERS, Literal.VALUE, _ne, _ne_witness),
        Operator("in", frozenset({_ENUM}), Literal.VALUES, _in, _in_witness, frozenset),
        Operator("not_in", frozenset({_ENUM}), Literal.VALUES, _not_in, _not_in_witness, frozenset),
        Operator("contains", frozenset({_SET}), Literal.VALUE, _contains, _contains_witness),
        Operator(
            "contains_any",
            frozenset({_SET}),
            Literal.VALUES,
            _contains_any,
            _contains_any_witness,
            frozenset,
        ),
        Operator(
            "contains_all",
            frozenset({_SET}),
            Literal.VALUES,
            _contains_all,
            _contains_all_witness,
            frozenset,
        ),
        Operator(
            "gt",
            frozenset({_NUM}),
            Literal.NUMBER,
            _gt,
            _threshold_witness(above=True, inclusive=False),
        ),
        Operator(
            "gte",
            frozenset({_NUM}),
            Literal.NUMBER,
            _gte,
            _threshold_witness(above=True, inclusive=True),
        ),
        Operator(
            "lt",
            frozenset({_NUM}),
            Literal.NUMBER,
            _lt,
            _threshold_witness(above=False, inclusive=False),
        ),
        Operator(
            "lte",
            frozenset({_NUM}),
            Literal.NUMBER,
            _lte,
            _threshold_witness(above=False, inclusive=True),
        ),
        Operator("between", frozenset({_NUM}), Literal.RANGE, _between, _between_witness, tuple),
        Operator("exists", frozenset({_ENUM, _SET, _NUM}), Literal.FLAG, _exists, _exists_witness),
    )
}


def operators_for(kind: Kind) -> list[str]:
    return [name for name, op in OPERATORS.items() if kind in op.kinds]
