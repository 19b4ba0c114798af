"""Parse and validate `when` trees: every field path, operator and literal against the vocabulary."""

from __future__ import annotations

import difflib
import math
from typing import Any

from service.engine.model import All, AnyOf, Leaf, Node, Not
from service.engine.operators import OPERATORS, Literal, operators_for
from service.vocabulary import FieldSpec, Kind

COMBINATORS = ("all", "any", "not")


class ConditionError(ValueError):
    """A problem at one place in a `when` tree; `path` locates it inside the rule."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def did_you_mean(value: object, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def parse_condition(
    raw: Any, fields: dict[str, FieldSpec], path: str, errors: list[ConditionError]
) -> Node | None:
    """Build a condition node, appending every problem found to `errors` (None if any)."""
    if not isinstance(raw, dict) or not raw:
        errors.append(
            ConditionError(path, "a condition must be a mapping: all, any, not, or field tests")
        )
        return None
    combinators = [key for key in raw if key in COMBINATORS]
    if combinators:
        if len(raw) != 1:
            errors.append(
                ConditionError(
                    path, f"'{combinators[0]}' must be the only key of its mapping; nest it"
                )
            )
            return None
        key = combinators[0]
        value = raw[key]
        if key == "not":
            child = parse_condition(value, fields, f"{path}.not", errors)
            return Not(child) if child is not None else None
        if not isinstance(value, list) or not value:
            errors.append(ConditionError(f"{path}.{key}", f"'{key}' takes a non-empty list"))
            return None
        children = [
            parse_condition(item, fields, f"{path}.{key}.{index}", errors)
            for index, item in enumerate(value)
        ]
        if any(child is None for child in children):
            return None
        return (All if key == "all" else AnyOf)(tuple(children))

    leaves: list[Node] = []
    ok = True
    for field_path, tests in raw.items():
        for leaf in _parse_field(field_path, tests, fields, f"{path}.{field_path}", errors):
            if leaf is None:
                ok = False
            else:
                leaves.append(leaf)
    if not ok:
        return None
    return leaves[0] if len(leaves) == 1 else All(tuple(leaves))


def _parse_field(
    field_path: Any,
    tests: Any,
    fields: dict[str, FieldSpec],
    path: str,
    errors: list[ConditionError],
) -> list[Leaf | None]:
    spec = fields.get(str(field_path))
    if spec is None:
        errors.append(
            ConditionError(
                path,
                f"unknown profile field '{field_path}'{did_you_mean(field_path, list(fields))}",
            )
        )
        return [None]
    if not isinstance(tests, dict) or not tests:
        errors.append(ConditionError(path, "a field test must be a mapping of operator: value"))
        return [None]
    leaves: list[Leaf | None] = []
    for op_name, literal in tests.items():
        leaves.append(_parse_leaf(spec, str(op_name), literal, f"{path}.{op_name}", errors))
    return leaves


def _parse_leaf(
    spec: FieldSpec, op_name: str, literal: Any, path: str, errors: list[ConditionError]
) -> Leaf | None:
    operator = OPERATORS.get(op_name)
    if operator is None:
        errors.append(
            ConditionError(
                path, f"unknown operator '{op_name}'{did_you_mean(op_name, list(OPERATORS))}"
            )
        )
        return None
    if spec.kind not in operator.kinds:
        allowed = ", ".join(operators_for(spec.kind))
        errors.append(
            ConditionError(
                path,
                f"operator '{op_name}' does not apply to '{spec.path}' ({spec.kind}); "
                f"use one of: {allowed}",
            )
        )
        return None
    problem = _literal_problem(spec, operator.literal, literal)
    if problem:
        errors.append(ConditionError(path, problem))
        return None
    expected = tuple(literal) if isinstance(literal, list) else literal
    return Leaf(spec, op_name, expected)


def _literal_problem(spec: FieldSpec, shape: Literal, literal: Any) -> str | None:
    if shape is Literal.FLAG:
        return None if isinstance(literal, bool) else f"expects {shape}, got {literal!r}"
    if shape is Literal.VALUES:
        if not isinstance(literal, list) or not literal:
            return f"expects {shape}, got {literal!r}"
        if len(set(map(repr, literal))) != len(literal):
            return "the list repeats a value"
        return next(filter(None, (_value_problem(spec, item) for item in literal)), None)
    if shape is Literal.RANGE:
        if not isinstance(literal, list) or len(literal) != 2:
            return f"expects {shape}, got {literal!r}"
        problem = next(filter(None, (_value_problem(spec, item) for item in literal)), None)
        if problem is None and literal[0] > literal[1]:
            return f"expects {shape}, got {literal!r}"
        return problem
    if shape is Literal.NUMBER and spec.kind is not Kind.NUMBER:
        return f"expects {shape}"
    return _value_problem(spec, literal)


def _value_problem(spec: FieldSpec, value: Any) -> str | None:
    if spec.kind is Kind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            return f"'{spec.path}' is a number; got {value!r}"
        if not spec.minimum <= value <= spec.maximum:
            return f"{value!r} is outside {spec.minimum}..{spec.maximum} for '{spec.path}'"
        return None
    if value not in spec.choices:
        return (
            f"unknown value {value!r} for '{spec.path}'"
            f"{did_you_mean(value, spec.choices) if isinstance(value, str) else ''}"
        )
    return None
