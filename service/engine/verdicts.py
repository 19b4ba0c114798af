"""Generated functions that decide every rule at once: the hot path of every evaluation.

For each rule a generated function answers None when the rule fires, else its near miss: the
`not_applicable` entry naming the rule's first failing test (see compiler.py for which test that
is), as JSON text, or just True when no explanation is asked for. Every rule tree is inlined as one
expression over local variables, using the operators' own test expressions, so deciding fifty rules
costs one call instead of a closure call per test.

A decider may be specialised on known values of some fields (the engine fixes the field most rules
test, e.g. the stakeholder type): tests of those fields are decided while generating, and a rule
they rule out becomes a constant entry, joined with its constant neighbours into one text. Every
value the source uses is bound in its namespace under a generated name: no YAML value is ever
spelt into the source.
"""

from __future__ import annotations

import itertools
import linecache
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from service.engine.compiler import Compiled
from service.engine.explain import Explainer
from service.engine.jsontext import choices_text, fact_encoder, insertion_encoder, set_encoder
from service.engine.model import All, Leaf, Node, Not
from service.engine.operators import OPERATORS, RUNTIME, Facts
from service.vocabulary import FieldSpec, Kind

_serial = itertools.count(1)


class _Fixed(NamedTuple):
    """A failure known while generating: its entry text, or True when nothing is explained."""

    value: str | bool


@dataclass(frozen=True)
class Decider:
    """`decide(facts)` gives one part per slot: None where that slot's rule fires.

    A slot holds a rule's index, or None for a constant text of entries of rules that cannot fire.
    """

    decide: Callable[[Facts], tuple[Any, ...]]
    slots: tuple[int | None, ...]


def compile_decider(
    trees: Sequence[Compiled],
    heads: Sequence[str] | None,
    fixed: Mapping[str, Any],
) -> Decider:
    """The decider for these rule trees, in order, where the `fixed` facts are known.

    `heads` are the rules' entry texts up to their failed test (`{"id":…,"failed":[`), or None
    to decide firing only.
    """
    namespace: dict[str, Any] = dict(RUNTIME)
    variables: dict[str, str] = {}  # fact path -> local variable holding it
    texts: dict[str, str] = {}  # fact path -> local variable holding its JSON text
    inserters: dict[str, str] = {}  # set fact path -> local variable: its insertion writer
    specs: dict[str, FieldSpec] = {}

    def bind(value: object) -> str:
        name = f"k{len(namespace)}"
        namespace[name] = value
        return name

    def variable(leaf: Leaf) -> str:
        specs[leaf.path] = leaf.spec
        return variables.setdefault(leaf.path, f"v{len(variables)}")

    def text(leaf: Leaf) -> str:
        variable(leaf)
        return texts.setdefault(leaf.path, f"j{len(texts)}")

    def inserter(leaf: Leaf) -> str:
        text(leaf)
        return inserters.setdefault(leaf.path, f"w{len(inserters)}")

    def test(node: Node) -> str | bool:
        if isinstance(node, Leaf):
            operator = OPERATORS[node.op]
            if node.path in fixed:
                return bool(operator.build(node.path, node.expected)(fixed))
            return operator.source(variable(node), bind(operator.prepare(node.expected)))
        if isinstance(node, Not):
            inner = test(node.child)
            return (not inner) if isinstance(inner, bool) else f"(not {inner})"
        decisive = not isinstance(node, All)  # the child value that settles the node
        parts = []
        for child in node.children:
            result = test(child)
            if result is decisive:
                return decisive
            if not isinstance(result, bool):
                parts.append(result)
        if not parts:
            return not decisive
        return "(" + (" or " if decisive else " and ").join(parts) + ")"

    def entry(index: int, explainer: Explainer) -> _Fixed | str:
        """The rule's entry for this failed test: fixed text, or source that writes it."""
        if heads is None:
            return _Fixed(True)
        head, path = heads[index], explainer.path
        if path in fixed:
            actual = fixed[path]
            failed = explainer.failure_text(actual, fact_encoder(explainer.spec)(actual))
            return _Fixed(head + failed + "]}")
        if explainer.plain:
            before, after = explainer.failure_parts
            return f"({bind(head + before)} + {text(explainer.leaf)} + {bind(after + ']}')})"
        if explainer.adds is not None:
            before, middle, after = explainer.failure_parts
            added = (
                f"{inserter(explainer.leaf)}({bind(explainer.adds[0])}, {bind(explainer.adds[1])})"
            )
            return (
                f"({bind(head + before)} + {text(explainer.leaf)} + {bind(middle)} + {added}"
                f" + {bind(after + ']}')})"
            )

        def write_entry(actual: Any, actual_text: str) -> str:
            return head + explainer.failure_text(actual, actual_text) + "]}"

        write = bind(write_entry)
        return f"{write}({variable(explainer.leaf)}, {text(explainer.leaf)})"

    def source(answer: _Fixed | str) -> str:
        return bind(answer.value) if isinstance(answer, _Fixed) else answer

    def fails(index: int, tree: Compiled, want: bool) -> _Fixed | str | None:
        node = tree.node
        if isinstance(node, Leaf):
            outcome = test(node)
            explainer = tree.static(want)[0]  # type: ignore[index]
            if isinstance(outcome, bool):
                return None if outcome == want else entry(index, explainer)
            answer = entry(index, explainer)
            if want:
                return f"(None if {outcome} else {source(answer)})"
            return f"({source(answer)} if {outcome} else None)"
        if isinstance(node, Not):
            return fails(index, tree.children[0], not want)
        if isinstance(node, All) == want:  # needs every child: fails at the first that does not
            chain: list[_Fixed | str] = []
            for child in tree.children:
                answer = fails(index, child, want)
                if answer is not None:
                    chain.append(answer)
                    if isinstance(answer, _Fixed):
                        break
            if len(chain) <= 1:
                return chain[0] if chain else None
            return "(" + " or ".join(map(source, chain)) + ")"
        # Fails only if every child does, and then names the first child's failure.
        outcome = test(node)
        if isinstance(outcome, bool):
            return None if outcome == want else fails(index, tree.children[0], want)
        first = fails(index, tree.children[0], want)
        if first is None:
            raise AssertionError("a node that can fail has a first child that cannot")
        if want:
            return f"(None if {outcome} else {source(first)})"
        return f"({source(first)} if {outcome} else None)"

    parts: list[str] = []
    slots: list[int | None] = []
    run: list[str] = []  # consecutive fixed entries, joined into one constant
    for index, tree in enumerate(trees):
        answer = fails(index, tree, True)
        if isinstance(answer, _Fixed):
            if heads is not None:
                run.append(answer.value)  # type: ignore[arg-type]
            continue
        if run:
            parts.append(bind(",".join(run)))
            slots.append(None)
            run.clear()
        parts.append("None" if answer is None else answer)
        slots.append(index)
    if run:
        parts.append(bind(",".join(run)))
        slots.append(None)
    reads = "".join(f"    {name} = facts[{bind(path)}]\n" for path, name in variables.items())
    writes = "".join(
        f"    {texts[path]}, {name} = {bind(insertion_encoder(specs[path]))}({variables[path]})\n"
        for path, name in inserters.items()
    )
    writes += "".join(
        f"    {name} = {_encode(specs[path], variables[path], bind)}\n"
        for path, name in texts.items()
        if path not in inserters
    )
    body = "".join(f"        {part},\n" for part in parts)
    code = f"def decide(facts):\n{reads}{writes}    return (\n{body}    )\n"
    filename = f"<compiled rules {next(_serial)}>"
    # Registered so that a traceback through the generated code shows its lines.
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
    exec(compile(code, filename, "exec"), namespace)
    return Decider(namespace["decide"], tuple(slots))


def _encode(spec: FieldSpec, variable: str, bind: Callable[[object], str]) -> str:
    """Source for the JSON text of a fact, as `actual` shows it (jsontext.fact_encoder, inlined)."""
    if spec.kind is Kind.ENUM:
        return f"{bind(choices_text(spec))}[{variable}]"
    if spec.kind is Kind.NUMBER:
        return f"('null' if {variable} is None else repr({variable}))"
    return f"{bind(set_encoder(spec))}({variable})"
