"""Why a rule fired (the facts it matched) and why one did not (its first failing test, and a fix).

Which tests to report is decided where the deciders are generated (verdicts.py); an `Explainer`
turns one of those tests into the item the response shows, as JSON text. Everything about a test that does not depend on the
profile is worked out once, when the rules are compiled, because evaluation with explanations
builds one of these items for nearly every rule on every request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from service.engine.jsontext import choices_text, dumps, fact_encoder, vocabulary_rank
from service.engine.model import Leaf
from service.engine.operators import OPERATORS
from service.vocabulary import FieldSpec, Kind


class Explainer:
    """One field test, wanted to come out true (`want`) or false: the items that report it, as JSON.

    An item is `{path, op, expected, actual, negated}`, plus `would_pass` for a failure. All of it
    but the profile's own fact is written here, once, when the rules compile: evaluation with
    explanations writes one of these items for nearly every rule on every request.
    """

    __slots__ = (
        "_head",
        "_negated",
        "_witness",
        "_witness_text",
        "adds",
        "expected",
        "failure_parts",
        "item_parts",
        "leaf",
        "plain",
        "spec",
        "want",
    )

    def __init__(self, leaf: Leaf, want: bool) -> None:
        self.leaf = leaf
        self.spec = spec = leaf.spec
        self.want = want
        self.expected = leaf.expected
        operator = OPERATORS[leaf.op]
        self._witness = operator.witness
        self._witness_text = _value_encoder(spec)
        expected = list(leaf.expected) if isinstance(leaf.expected, tuple) else leaf.expected
        head = dumps({"path": leaf.path, "op": leaf.op, "expected": expected, "actual": None})
        self._head = head[: -len("null}")]  # up to the fact: `{"path":…,"actual":`
        self._negated = ',"negated":' + dumps(not want)
        self.item_parts = (self._head, self._negated + "}")  # `matched` item, around the fact
        # A witness that depends on the literal alone is written once, here: `failure_parts`
        # surround the fact. A witness that adds one choice to a set fact is that choice (its
        # rank and text: `adds`), and `failure_parts` surround the fact and the witness.
        self.plain = not operator.witness_reads_actual
        self.adds: tuple[int, str] | None = None
        would_pass = f'{self._negated},"would_pass":'
        if self.plain:
            witness = self._witness_text(operator.witness(spec, leaf.expected, None, want))
            self.failure_parts = (self._head, would_pass + witness + "}")
        else:
            self.failure_parts = (self._head, would_pass, "}")
            added = operator.adds(leaf.expected, want) if spec.kind is Kind.ENUM_SET else None
            if added is not None:
                self.adds = (vocabulary_rank(spec)(added), choices_text(spec)[added])

    def witness_text(self, actual: Any) -> str:
        """The JSON text of a value that would make the test come out as wanted, given the fact."""
        return self._witness_text(self._witness(self.spec, self.expected, actual, self.want))

    def failure_text(self, actual: Any, actual_text: str) -> str:
        """The test as `not_applicable[].failed` lists it: the item and a value that would pass."""
        if self.plain:
            return self.failure_parts[0] + actual_text + self.failure_parts[1]
        witness = self.witness_text(actual)
        return f'{self._head}{actual_text}{self._negated},"would_pass":{witness}}}'


def _value_encoder(spec: FieldSpec) -> Callable[[Any], str]:
    """A value of the field as JSON text, where sets come as lists in vocabulary order already."""
    if spec.kind is Kind.ENUM_SET:
        text = choices_text(spec).__getitem__
        return lambda values: "[" + ",".join(map(text, values)) + "]"
    return fact_encoder(spec)
