"""Generated functions that decide and explain every rule at once: the hot path of evaluation.

For each rule, a decider's answer is a 1-tuple holding the text of its `matched` items when the
rule fires; else its near miss, the `not_applicable` entry naming its first failing test, as JSON
text (or just True when no explanation is asked for). Every rule tree is inlined as expressions
over local variables, using the operators' own test expressions, so deciding fifty rules costs one
call instead of a closure call per test.

Which tests are reported follows one reading of the tree. The outcome that needs every child
(`all` true, `any` false) fails at the first child that goes the other way and is matched by every
child; the other outcome is matched by the first child that goes the wanted way and, when none
does, fails at the first child.

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
    """A value known while generating: an entry or a matched text, or True."""

    value: str | bool


Code = _Fixed | str  # a value known while generating, or Python source that computes it


@dataclass(frozen=True)
class Decider:
    """`decide(facts)` gives one part per slot: a 1-tuple (the matched text) where a rule fires.

    A slot holds a rule's index, or None for a constant text of entries of rules that cannot fire.
    """

    decide: Callable[[Facts], tuple[Any, ...]]
    slots: tuple[int | None, ...]


def compile_decider(
    trees: Sequence[Compiled],
    heads: Sequence[str] | None,
    fixed: Mapping[str, Any],
    *,
    matched: bool = True,
) -> Decider:
    """The decider for these rule trees, in order, where the `fixed` facts are known.

    `heads` are the rules' entry texts up to their failed test (`{"id":…,"failed":[`), or None
    to leave out near misses; without `matched`, a rule that fires answers `("",)`.
    """
    return _Generator(heads, fixed, matched).decider(trees)


class _Generator:
    """Writes one decider's source: the facts it reads, their JSON text, one answer per rule."""

    def __init__(
        self, heads: Sequence[str] | None, fixed: Mapping[str, Any], matched: bool
    ) -> None:
        self.heads = heads
        self.fixed = fixed
        self.matched = matched
        self.namespace: dict[str, Any] = dict(RUNTIME)
        self.variables: dict[str, str] = {}  # fact path -> local variable holding it
        self.texts: dict[str, str] = {}  # fact path -> local variable holding its JSON text
        self.inserters: dict[str, str] = {}  # set fact path -> local: its insertion writer
        self.specs: dict[str, FieldSpec] = {}

    def bind(self, value: object) -> str:
        name = f"k{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def source(self, code: Code) -> str:
        return self.bind(code.value) if isinstance(code, _Fixed) else code

    def variable(self, leaf: Leaf) -> str:
        self.specs[leaf.path] = leaf.spec
        return self.variables.setdefault(leaf.path, f"v{len(self.variables)}")

    def text(self, leaf: Leaf) -> str:
        self.variable(leaf)
        return self.texts.setdefault(leaf.path, f"j{len(self.texts)}")

    def inserter(self, leaf: Leaf) -> str:
        self.text(leaf)
        return self.inserters.setdefault(leaf.path, f"w{len(self.inserters)}")

    def test(self, node: Node) -> str | bool:
        """The node's outcome: known, or source that computes it."""
        if isinstance(node, Leaf):
            operator = OPERATORS[node.op]
            if node.path in self.fixed:
                return bool(operator.build(node.path, node.expected)(self.fixed))
            expected = self.bind(operator.prepare(node.expected))
            return operator.source(self.variable(node), expected)
        if isinstance(node, Not):
            inner = self.test(node.child)
            return (not inner) if isinstance(inner, bool) else f"(not {inner})"
        decisive = not isinstance(node, All)  # the child outcome that settles the node
        parts = []
        for child in node.children:
            outcome = self.test(child)
            if outcome is decisive:
                return decisive
            if not isinstance(outcome, bool):
                parts.append(outcome)
        if not parts:
            return not decisive
        return "(" + (" or " if decisive else " and ").join(parts) + ")"

    def around_fact(self, leaf: Leaf, before: str, after: str) -> Code:
        """`before`, the fact's JSON text, `after`: known when the fact is fixed."""
        if leaf.path in self.fixed:
            return _Fixed(before + fact_encoder(leaf.spec)(self.fixed[leaf.path]) + after)
        return f"({self.bind(before)} + {self.text(leaf)} + {self.bind(after)})"

    def entry(self, index: int, explainer: Explainer) -> Code:
        """The rule's `not_applicable` entry for this failed test."""
        if self.heads is None:
            return _Fixed(True)
        head, leaf = self.heads[index], explainer.leaf
        if leaf.path in self.fixed:
            actual = self.fixed[leaf.path]
            failed = explainer.failure_text(actual, fact_encoder(leaf.spec)(actual))
            return _Fixed(head + failed + "]}")
        if explainer.plain:
            before, after = explainer.failure_parts
            return self.around_fact(leaf, head + before, after + "]}")
        if explainer.adds is not None:
            before, middle, after = explainer.failure_parts
            rank, choice = (self.bind(value) for value in explainer.adds)
            return (
                f"({self.bind(head + before)} + {self.text(leaf)} + {self.bind(middle)}"
                f" + {self.inserter(leaf)}({rank}, {choice}) + {self.bind(after + ']}')})"
            )

        def write_entry(actual: Any, actual_text: str) -> str:
            return head + explainer.failure_text(actual, actual_text) + "]}"

        return f"{self.bind(write_entry)}({self.variable(leaf)}, {self.text(leaf)})"

    def fails(self, index: int, tree: Compiled, want: bool) -> Code | None:
        """The entry when the node does not come out as `want`, else None (None: never fails)."""
        node = tree.node
        if isinstance(node, Leaf):
            outcome = self.test(node)
            if isinstance(outcome, bool):
                return None if outcome == want else self.entry(index, tree.explainer(want))
            answer = self.source(self.entry(index, tree.explainer(want)))
            if want:
                return f"(None if {outcome} else {answer})"
            return f"({answer} if {outcome} else None)"
        if isinstance(node, Not):
            return self.fails(index, tree.children[0], not want)
        if isinstance(node, All) == want:  # needs every child: fails at the first that does not
            chain: list[Code] = []
            for child in tree.children:
                answer = self.fails(index, child, want)
                if answer is not None:
                    chain.append(answer)
                    if isinstance(answer, _Fixed):
                        break
            if len(chain) <= 1:
                return chain[0] if chain else None
            return "(" + " or ".join(map(self.source, chain)) + ")"
        # Fails only if every child does, and then names the first child's failure.
        outcome = self.test(node)
        if isinstance(outcome, bool):
            return None if outcome == want else self.fails(index, tree.children[0], want)
        first = self.fails(index, tree.children[0], want)
        if first is None:
            raise AssertionError("a node that can fail has a first child that cannot")
        if want:
            return f"(None if {outcome} else {self.source(first)})"
        return f"({self.source(first)} if {outcome} else None)"

    def matches(self, tree: Compiled, want: bool) -> Code:
        """The `matched` items' text, for a node known to have come out as `want`."""
        node = tree.node
        if isinstance(node, Leaf):
            before, after = tree.explainer(want).item_parts
            return self.around_fact(node, before, after)
        if isinstance(node, Not):
            return self.matches(tree.children[0], not want)
        if isinstance(node, All) == want:  # matched by every child, in order
            return self.concat([self.matches(child, want) for child in tree.children])
        # Matched by the first child that came out as wanted.
        candidates: list[tuple[str, Code]] = []
        for child in tree.children:
            outcome = self.test(child.node)
            if isinstance(outcome, bool):
                if outcome == want:
                    candidates.append(("", self.matches(child, want)))
                    break
                continue
            candidates.append((outcome if want else f"(not {outcome})", self.matches(child, want)))
        # The node came out as wanted, so when all before it did not, the last candidate did.
        *tried, (_, last) = candidates
        code = self.source(last)
        for condition, answer in reversed(tried):
            code = f"({self.source(answer)} if {condition} else {code})"
        return code if tried else last

    def concat(self, parts: list[Code]) -> Code:
        """The parts' texts joined with commas; known parts side by side are joined now."""
        merged: list[Code] = []
        for index, part in enumerate(parts):
            for piece in (_Fixed(","), part) if index else (part,):
                if isinstance(piece, _Fixed) and merged and isinstance(merged[-1], _Fixed):
                    merged[-1] = _Fixed(f"{merged[-1].value}{piece.value}")
                else:
                    merged.append(piece)
        if len(merged) == 1:
            return merged[0]
        return "(" + " + ".join(map(self.source, merged)) + ")"

    def answer(self, index: int, tree: Compiled) -> Code | None:
        """The rule's part: its entry when it fails, else a 1-tuple of its matched text."""
        failure = self.fails(index, tree, True)
        if isinstance(failure, _Fixed) or self.test(tree.node) is False:
            return failure  # the rule cannot fire here
        fired = self.bind(("",))
        if self.matched:
            fired = f"({self.source(self.matches(tree, True))},)"
        return fired if failure is None else f"({failure} or {fired})"

    def decider(self, trees: Sequence[Compiled]) -> Decider:
        parts: list[str] = []
        slots: list[int | None] = []
        run: list[str] = []  # consecutive fixed entries, joined into one constant
        for index, tree in enumerate(trees):
            answer = self.answer(index, tree)
            if isinstance(answer, _Fixed):
                if self.heads is not None:
                    run.append(answer.value)  # type: ignore[arg-type]
                continue
            if run:
                parts.append(self.bind(",".join(run)))
                slots.append(None)
                run.clear()
            parts.append(answer)  # type: ignore[arg-type]
            slots.append(index)
        if run:
            parts.append(self.bind(",".join(run)))
            slots.append(None)
        return Decider(self.compile(parts), tuple(slots))

    def compile(self, parts: list[str]) -> Callable[[Facts], tuple[Any, ...]]:
        variables, texts, specs = self.variables, self.texts, self.specs
        reads = "".join(
            f"    {name} = facts[{self.bind(path)}]\n" for path, name in variables.items()
        )
        writes = "".join(
            f"    {texts[path]}, {name} = "
            f"{self.bind(insertion_encoder(specs[path]))}({variables[path]})\n"
            for path, name in self.inserters.items()
        )
        writes += "".join(
            f"    {name} = {self.encode(specs[path], variables[path])}\n"
            for path, name in texts.items()
            if path not in self.inserters
        )
        body = "".join(f"        {part},\n" for part in parts)
        code = f"def decide(facts):\n{reads}{writes}    return (\n{body}    )\n"
        filename = f"<compiled rules {next(_serial)}>"
        # Registered so that a traceback through the generated code shows its lines.
        linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
        exec(compile(code, filename, "exec"), self.namespace)
        return self.namespace["decide"]

    def encode(self, spec: FieldSpec, variable: str) -> str:
        """Source for the JSON text of a fact (jsontext.fact_encoder, inlined where it can be)."""
        if spec.kind is Kind.ENUM:
            return f"{self.bind(choices_text(spec))}[{variable}]"
        if spec.kind is Kind.NUMBER:
            return f"('null' if {variable} is None else repr({variable}))"
        return f"{self.bind(set_encoder(spec))}({variable})"
