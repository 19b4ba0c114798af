"""Translate our compiled rules into one GoRules zen-engine decision table, for the benchmark.

The translation is programmatic, from the same `Rule` trees the engine compiles, so the baseline
cannot drift from the YAML. Each rule's `when` is put in disjunctive normal form (`not` pushed down
to the field tests by De Morgan); every conjunction becomes one row of a "collect" table whose only
output is the rule id, so a rule fires in zen when at least one of its rows matches. A cell holds
zen's native unary syntax when the rule has one test on that column's field, else the
conjunction of its tests there as a `$` expression.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from service.engine.model import All, AnyOf, Leaf, Node, Not, Rule
from service.vocabulary import Kind

# A conjunction of field tests; the flag says whether the test is negated.
Term = tuple[tuple[Leaf, bool], ...]

# Far beyond any rule we write; stops a pathological `when` from exploding into a huge table.
MAX_ROWS_PER_RULE = 256

INPUT_ID = "request"
TABLE_ID = "rules"
OUTPUT_ID = "response"


def dnf(node: Node, negated: bool = False) -> list[Term]:
    """The node (or its negation) as a list of alternative conjunctions of (possibly negated) tests."""
    if isinstance(node, Leaf):
        return [((node, negated),)]
    if isinstance(node, Not):
        return dnf(node.child, not negated)
    if not isinstance(node, All | AnyOf):
        raise TypeError(f"not a condition node: {node!r}")
    branches = [dnf(child, negated) for child in node.children]
    # `all`, or a negated `any` (De Morgan), needs every child: the cross product of their terms.
    if isinstance(node, All) != negated:
        return [
            tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*branches)
        ]
    return [term for branch in branches for term in branch]


def _literal(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise TypeError(f"no zen literal for {value!r}")
    return json.dumps(value)


def _list(values: Iterable[Any]) -> str:
    return "[" + ", ".join(_literal(v) for v in values) + "]"


def leaf_expression(leaf: Leaf) -> str:
    """The test as a zen expression over `$`, the value of the column's field."""
    op, expected = leaf.op, leaf.expected
    if op in ("eq", "ne", "gt", "gte", "lt", "lte"):
        symbol = {"eq": "==", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[op]
        return f"$ {symbol} {_literal(expected)}"
    if op == "in":
        return f"$ in {_list(expected)}"
    if op == "not_in":
        return f"not ($ in {_list(expected)})"
    if op == "contains":
        return f"contains($, {_literal(expected)})"
    if op == "contains_any":
        return f"some($, # in {_list(expected)})"
    if op == "contains_all":
        return " and ".join(f"contains($, {_literal(value)})" for value in expected)
    if op == "between":
        low, high = expected
        return f"$ >= {_literal(low)} and $ <= {_literal(high)}"
    if op == "exists":
        present = "len($) > 0" if leaf.spec.kind is Kind.ENUM_SET else "$ != null"
        return present if expected else f"not ({present})"
    raise ValueError(f"no zen translation for operator {op!r}")


_NEGATED_COMPARISON = {"eq": "ne", "ne": "eq", "gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt"}
_SYMBOL = {"ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def unary_expression(leaf: Leaf, negated: bool) -> str | None:
    """zen's native cell syntax for the test, where it has one; zen evaluates it fastest.

    `"a", "b"` is membership, a bare literal is equality, `> 0.5` a comparison, `[0.2..0.8]` an
    inclusive range; everything else needs a `$` expression.
    """
    op, expected = leaf.op, leaf.expected
    if op in _NEGATED_COMPARISON:
        op = _NEGATED_COMPARISON[op] if negated else op
        return _literal(expected) if op == "eq" else f"{_SYMBOL[op]} {_literal(expected)}"
    if negated:
        return None
    if op == "in":
        return ", ".join(_literal(value) for value in expected)
    if op == "between":
        low, high = expected
        return f"[{_literal(low)}..{_literal(high)}]"
    return None


def _cell(tests: list[tuple[Leaf, bool]]) -> str:
    if len(tests) == 1:
        unary = unary_expression(*tests[0])
        if unary is not None:
            return unary
    parts = []
    for leaf, negated in tests:
        expression = leaf_expression(leaf)
        parts.append(f"not ({expression})" if negated else f"({expression})")
    return " and ".join(parts)


def rule_rows(rule: Rule) -> list[dict[str, list[tuple[Leaf, bool]]]]:
    """One row per DNF term: the term's tests grouped by field path."""
    terms = dnf(rule.when)
    if len(terms) > MAX_ROWS_PER_RULE:
        raise ValueError(f"{rule.id}: {len(terms)} rows in DNF; too many for a decision table")
    rows = []
    for term in terms:
        by_path: dict[str, list[tuple[Leaf, bool]]] = {}
        for leaf, negated in term:
            by_path.setdefault(leaf.path, []).append((leaf, negated))
        rows.append(by_path)
    return rows


def to_jdm(rules: Iterable[Rule]) -> dict[str, Any]:
    """A JDM graph `input → decision table (collect) → output` firing the rules' ids."""
    rows: list[tuple[str, Mapping[str, list[tuple[Leaf, bool]]]]] = [
        (rule.id, row) for rule in rules for row in rule_rows(rule)
    ]
    paths = sorted({path for _, row in rows for path in row})
    column = {path: f"in{index}" for index, path in enumerate(paths)}
    table_rows = []
    for index, (rule_id, row) in enumerate(rows):
        cells = {column[path]: "" for path in paths}
        cells.update({column[path]: _cell(tests) for path, tests in row.items()})
        table_rows.append({"_id": f"row{index}", **cells, "out": _literal(rule_id)})
    table = {
        "hitPolicy": "collect",
        "inputs": [{"id": column[path], "name": path, "field": path} for path in paths],
        "outputs": [{"id": "out", "name": "id", "field": "id"}],
        "rules": table_rows,
    }
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {"id": INPUT_ID, "type": "inputNode", "name": "Profile", "position": {"x": 0, "y": 0}},
            {
                "id": TABLE_ID,
                "type": "decisionTableNode",
                "name": "Rules",
                "position": {"x": 300, "y": 0},
                "content": table,
            },
            {
                "id": OUTPUT_ID,
                "type": "outputNode",
                "name": "Fired",
                "position": {"x": 600, "y": 0},
            },
        ],
        "edges": [
            {"id": "e1", "type": "edge", "sourceId": INPUT_ID, "targetId": TABLE_ID},
            {"id": "e2", "type": "edge", "sourceId": TABLE_ID, "targetId": OUTPUT_ID},
        ],
    }


def fired_ids(response: Mapping[str, Any]) -> set[str]:
    """The rule ids a zen response fired; a rule with several matching rows counts once."""
    result = response["result"]
    # A collect table answers a list of rows; zen may unwrap a single row, so accept both.
    hits = result if isinstance(result, list) else [result] if result else []
    return {hit["id"] for hit in hits}


KEY = "rules"


def zen_paths(
    jdm: dict[str, Any], *, trace: bool = False
) -> dict[str, Callable[[Any], dict[str, Any]]]:
    """The ways zen-engine 2.x can evaluate a decision from Python, each as `context -> response`.

    With `trace`, zen also answers how each node decided (its own explanation); without it, only
    the result. `ZenEngine.evaluate` is synchronous (it returns the response, not a
    future). A loader that returns the JSON text makes zen parse the graph on every call, so the
    loaders here hand back pre-parsed content; `ZenDecision.evaluate` (from `create_decision`) is
    listed because it is the documented one-decision API, though it is the slowest here.
    """
    import zen

    text = json.dumps(jdm)
    content = zen.ZenDecisionContent(text)
    static = zen.ZenEngine({"loader": {"type": "static", "content": {KEY: jdm}}})
    callback = zen.ZenEngine({"loader": lambda key: content})
    text_callback = zen.ZenEngine({"loader": lambda key: text})
    decision = callback.create_decision(content)
    options = {"trace": trace}
    return {
        "static loader": lambda context: static.evaluate(KEY, context, options),
        "loader -> ZenDecisionContent": lambda context: callback.evaluate(KEY, context, options),
        "loader -> JSON text": lambda context: text_callback.evaluate(KEY, context, options),
        "create_decision().evaluate": lambda context: decision.evaluate(context, options),
    }
