"""Why a rule fired (the facts it matched) and why one did not (its first failing test, and a fix).

Which tests to report is decided by the compiled tree (compiler.py); an `Explainer` turns one of
those tests into the item the response shows. Everything about a test that does not depend on the
profile is worked out once, when the rules are compiled, because evaluation with explanations
builds one of these items for nearly every rule on every request.
"""

from __future__ import annotations

from typing import Any

from service.engine.model import Leaf
from service.engine.operators import OPERATORS, Facts
from service.vocabulary import FieldSpec, Kind

# Per evaluation: each set-valued fact as JSON shows it, as a tuple in vocabulary order.
Shown = dict[str, tuple[str, ...]]


def display(spec: FieldSpec, value: Any) -> Any:
    """A fact as JSON shows it: sets become lists in vocabulary order."""
    if spec.kind is Kind.ENUM_SET and value is not None:
        return [choice for choice in spec.choices if choice in value]
    return value


class Explainer:
    """One field test, wanted to come out true (`want`) or false: the items that report it.

    An item is `{path, op, expected, actual, negated}`, plus `would_pass` for a failure. Each call
    returns new lists and dicts, so no two responses share a mutable object. They are copied from
    templates made here, once: copying a dict costs a fraction of building one key by key.
    """

    __slots__ = (
        "_expected",
        "_failure",
        "_item",
        "_listed",
        "_plain",
        "_witness",
        "leaf",
        "negated",
        "path",
        "set_valued",
        "spec",
        "want",
    )

    def __init__(self, leaf: Leaf, want: bool) -> None:
        self.leaf = leaf
        self.spec = leaf.spec
        self.path = leaf.path
        self.want = want
        self.negated = not want
        self.set_valued = leaf.spec.kind is Kind.ENUM_SET
        self._expected = leaf.expected
        self._listed = isinstance(leaf.expected, tuple)
        operator = OPERATORS[leaf.op]
        self._witness = operator.witness
        self._item = {
            "path": leaf.path,
            "op": leaf.op,
            "expected": leaf.expected,
            "actual": None,
            "negated": not want,
        }
        # A witness that depends on the literal alone (and is not a list) goes in the template.
        self._plain = not operator.witness_reads_actual and not self.set_valued
        witness = None
        if self._plain:
            witness = display(self.spec, operator.witness(self.spec, leaf.expected, None, want))
        self._failure = {**self._item, "would_pass": witness}

    def item(self, facts: Facts, shown: Shown) -> dict[str, Any]:
        """The test as `matched` lists it."""
        item = self._item.copy()
        if self._listed:
            item["expected"] = list(self._expected)
        path = self.path
        item["actual"] = list(shown[path]) if self.set_valued else facts[path]
        return item

    def failure(self, facts: Facts, shown: Shown) -> dict[str, Any]:
        """The test as `not_applicable[].failed` lists it: the item and a value that would pass."""
        item = self._failure.copy()
        if self._listed:
            item["expected"] = list(self._expected)
        if self._plain:  # nearly always: the template holds everything but the fact
            item["actual"] = facts[self.path]
            return item
        spec, actual = self.spec, facts[self.path]
        witness = self._witness(spec, self._expected, actual, self.want)
        if self.set_valued:  # set witnesses come as display lists already (operators.py)
            item["actual"] = list(shown[self.path])
            item["would_pass"] = witness
        else:
            item["actual"] = actual
            item["would_pass"] = display(spec, witness)
        return item
