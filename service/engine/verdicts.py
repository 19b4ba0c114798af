"""One generated function that decides every rule at once: the hot path of every evaluation.

For each rule it answers what the rule tree's `fails_true` answers (compiler.py): None when the
rule fires, else the explainer of its first failing test. Every tree is inlined as one expression
over local variables, using the operators' own test expressions, so deciding fifty rules costs one
call instead of a closure call per test, several times faster. Explainers are always truthy, so
"the first child that fails" is an `or` chain. Every value the source uses is bound in its
namespace under a generated name: no YAML value is ever spelt into the source.
"""

from __future__ import annotations

import itertools
import linecache
from collections.abc import Callable
from typing import Any

from service.engine.compiler import Compiled
from service.engine.explain import Explainer
from service.engine.model import All, Leaf, Node, Not
from service.engine.operators import OPERATORS, RUNTIME, Facts

Verdicts = Callable[[Facts], tuple[Explainer | None, ...]]

_serial = itertools.count(1)


def compile_verdicts(trees: tuple[Compiled, ...]) -> Verdicts:
    """The generated function for these rule trees, in their order."""
    namespace: dict[str, Any] = dict(RUNTIME)
    variables: dict[str, str] = {}  # fact path -> local variable holding it

    def bind(value: object) -> str:
        name = f"k{len(namespace)}"
        namespace[name] = value
        return name

    def test(node: Node) -> str:
        if isinstance(node, Leaf):
            operator = OPERATORS[node.op]
            variable = variables.setdefault(node.path, f"v{len(variables)}")
            return operator.source(variable, bind(operator.prepare(node.expected)))
        if isinstance(node, Not):
            return f"(not {test(node.child)})"
        joiner = " and " if isinstance(node, All) else " or "
        return "(" + joiner.join(test(child) for child in node.children) + ")"

    def fails(tree: Compiled, want: bool) -> str:
        node = tree.node
        if isinstance(node, Leaf):
            explainer = bind(tree.static(want)[0])  # type: ignore[index]
            if want:
                return f"(None if {test(node)} else {explainer})"
            return f"({explainer} if {test(node)} else None)"
        if isinstance(node, Not):
            return fails(tree.children[0], not want)
        if isinstance(node, All) == want:  # needs every child: fails at the first that does not
            return "(" + " or ".join(fails(child, want) for child in tree.children) + ")"
        first = fails(tree.children[0], want)  # fails only if every child does: name the first
        if want:
            return f"(None if {test(node)} else {first})"
        return f"({first} if {test(node)} else None)"

    answers = [fails(tree, True) for tree in trees]
    reads = "".join(f"    {name} = facts[{bind(path)}]\n" for path, name in variables.items())
    body = "".join(f"        {answer},\n" for answer in answers)
    source = f"def verdicts(facts):\n{reads}    return (\n{body}    )\n"
    filename = f"<compiled rules {next(_serial)}>"
    # Registered so that a traceback through the generated code shows its lines.
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace["verdicts"]
