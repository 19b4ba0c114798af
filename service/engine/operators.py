"""The operator table: which field kinds each operator applies to, its literal, its test, its witnesses.

A witness is a value of the field that would make the test come out as wanted; `explain=full`
uses it to tell an analyst what would have made a rule apply. For a set-valued field it is a new
list of choices in vocabulary order, the form in which explanations show sets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from service.vocabulary import FieldSpec, Kind

Facts = dict[str, Any]
Predicate = Callable[[Facts], bool]
STEP = 0.01


class Literal(StrEnum):
    """The shape of the value an operator takes in YAML."""

    VALUE = "a single value"
    VALUES = "a non-empty list of distinct values"
    NUMBER = "a number"
    RANGE = "a list [low, high] with low <= high"
    FLAG = "true or false"


@dataclass(frozen=True)
class Operator:
    """An operator, its test written once as a Python expression over `{value}` and `{expected}`.

    The expression is the single definition of what the operator does: `build` turns it into a
    closure over one fact, and the compiler inlines it into the generated function that runs every
    rule at once (verdicts.py), where a call per test would cost more than the test itself.
    """

    name: str
    kinds: frozenset[Kind]
    literal: Literal
    test: str
    witness: Callable[[FieldSpec, Any, Any, bool], Any]
    # The literal as the test wants it at run time, e.g. a frozenset for membership tests.
    prepare: Callable[[Any], Any] = lambda literal: literal
    # False when the witness depends on the literal alone, so explanations can compute it once.
    witness_reads_actual: bool = False
    # For a set field: the one choice that a failed test's witness adds to the fact, when adding
    # it is all the witness does (given the literal and the wanted outcome); None otherwise.
    adds: Callable[[Any, bool], str | None] = lambda literal, want: None

    def source(self, value: str, expected: str) -> str:
        """The test as Python source, given the source of the fact and of the prepared literal."""
        return "(" + self.test.format(value=value, expected=expected) + ")"

    def build(self, path: str, expected: Any) -> Predicate:
        """The test as a closure over the facts, for boosts and explanations."""
        make = _FACTORIES.get(self.test)
        if make is None:
            namespace = dict(RUNTIME)
            exec(
                "def make(path, expected):\n"
                f"    return lambda facts: {self.source('facts[path]', 'expected')}\n",
                namespace,
            )
            make = _FACTORIES[self.test] = namespace["make"]
        return make(path, self.prepare(expected))


# Test expression -> the generated function that makes its closures; filled on first use.
_FACTORIES: dict[str, Callable[[str, Any], Predicate]] = {}


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


def _in_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    return expected[0] if want else _other(spec, expected)


def _contains_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    current = set(actual)
    return _ordered(spec, current | {expected} if want else current - {expected})


def _contains_any_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    current = set(actual)
    return _ordered(spec, current | {expected[0]} if want else current - set(expected))


def _contains_all_witness(spec: FieldSpec, expected: Any, actual: Any, want: bool) -> Any:
    current = set(actual)
    return _ordered(spec, current | set(expected) if want else current - {expected[0]})


def _threshold_witness(above: bool, inclusive: bool):
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


def _present(value: Any) -> bool:
    return value is not None and value != frozenset()


# The names that operator tests may use besides the fact and the literal, for generated code.
RUNTIME: dict[str, Any] = {"present": _present}


_ENUM, _SET, _NUM = Kind.ENUM, Kind.ENUM_SET, Kind.NUMBER

OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        Operator(
            "eq",
            frozenset({_ENUM, _NUM}),
            Literal.VALUE,
            "{value} == {expected}",
            _eq_witness,
        ),
        Operator(
            "ne",
            frozenset({_ENUM, _NUM}),
            Literal.VALUE,
            "{value} != {expected}",
            lambda s, e, a, w: _eq_witness(s, e, a, not w),
        ),
        Operator(
            "in",
            frozenset({_ENUM}),
            Literal.VALUES,
            "{value} in {expected}",
            _in_witness,
            prepare=frozenset,
        ),
        Operator(
            "not_in",
            frozenset({_ENUM}),
            Literal.VALUES,
            "{value} not in {expected}",
            lambda s, e, a, w: _in_witness(s, e, a, not w),
            prepare=frozenset,
        ),
        Operator(
            "contains",
            frozenset({_SET}),
            Literal.VALUE,
            "{expected} in {value}",
            _contains_witness,
            witness_reads_actual=True,
            adds=lambda expected, want: expected if want else None,
        ),
        Operator(
            "contains_any",
            frozenset({_SET}),
            Literal.VALUES,
            "not {expected}.isdisjoint({value})",
            _contains_any_witness,
            prepare=frozenset,
            witness_reads_actual=True,
            adds=lambda expected, want: expected[0] if want else None,
        ),
        Operator(
            "contains_all",
            frozenset({_SET}),
            Literal.VALUES,
            "{expected} <= {value}",
            _contains_all_witness,
            prepare=frozenset,
            witness_reads_actual=True,
            adds=lambda expected, want: expected[0] if want and len(expected) == 1 else None,
        ),
        Operator(
            "gt",
            frozenset({_NUM}),
            Literal.NUMBER,
            "{value} > {expected}",
            _threshold_witness(above=True, inclusive=False),
        ),
        Operator(
            "gte",
            frozenset({_NUM}),
            Literal.NUMBER,
            "{value} >= {expected}",
            _threshold_witness(above=True, inclusive=True),
        ),
        Operator(
            "lt",
            frozenset({_NUM}),
            Literal.NUMBER,
            "{value} < {expected}",
            _threshold_witness(above=False, inclusive=False),
        ),
        Operator(
            "lte",
            frozenset({_NUM}),
            Literal.NUMBER,
            "{value} <= {expected}",
            _threshold_witness(above=False, inclusive=True),
        ),
        Operator(
            "between",
            frozenset({_NUM}),
            Literal.RANGE,
            "{expected}[0] <= {value} <= {expected}[1]",
            _between_witness,
            prepare=tuple,
            witness_reads_actual=True,
        ),
        Operator(
            "exists",
            frozenset({_ENUM, _SET, _NUM}),
            Literal.FLAG,
            "present({value}) is {expected}",
            _exists_witness,
        ),
    )
}


def operators_for(kind: Kind) -> list[str]:
    return [name for name, op in OPERATORS.items() if kind in op.kinds]
