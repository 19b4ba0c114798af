"""The parsed, validated form of rules: immutable trees that the compiler turns into callables."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from service.grounding.quotes import Citation
from service.vocabulary import FieldSpec


@dataclass(frozen=True)
class Leaf:
    """One field test, e.g. `exposure.korean_peninsula: {in: [frontline, bordering]}`."""

    spec: FieldSpec
    op: str
    expected: Any

    @property
    def path(self) -> str:
        return self.spec.path


@dataclass(frozen=True)
class All:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Leaf | All | AnyOf | Not


@dataclass(frozen=True)
class Boost:
    when: Node
    by: float
    reason: str


@dataclass(frozen=True)
class Tension:
    with_id: str
    note: str


@dataclass(frozen=True)
class Indicator:
    """Something to watch that would raise or lower the advice's priority (ICD 203 indicators).

    `evidence` holds the article's words where it speaks to the development; an indicator with
    none is the rule author's own (`inference: true` in the YAML).
    """

    text: str
    direction: str  # one of DIRECTIONS
    evidence: tuple[Citation, ...]

    @property
    def inference(self) -> bool:
        return not self.evidence


DIRECTIONS = ("raises", "lowers")


@dataclass(frozen=True)
class Rule:
    id: str
    area: str
    title: str
    action: str
    rationale: str
    severity: str
    horizon: str
    when: Node
    boosts: tuple[Boost, ...]
    cautions: tuple[str, ...]
    tensions: tuple[Tension, ...]
    evidence: tuple[Citation, ...]
    file: str
    inference: str | None = None  # our step from the quoted fact to the advice, not the source's
    presumes_adversary: tuple[str, ...] = ()  # states the advice treats as the threat
    operational_military: bool = False  # force posture or combat advice
    # Premises about the world or the stakeholder the advice takes for granted and the article
    # does not establish; unlike `inference`, they are not a step of reasoning but its footing.
    assumptions: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()


def leaves(node: Node) -> Iterator[Leaf]:
    """Every field test of a condition, in the order written."""
    if isinstance(node, Leaf):
        yield node
    elif isinstance(node, Not):
        yield from leaves(node.child)
    else:
        for child in node.children:
            yield from leaves(child)


def node_as_data(node: Node) -> dict[str, Any]:
    """A condition in the YAML shape it was written in, for clients that display rules."""
    if isinstance(node, Leaf):
        expected = list(node.expected) if isinstance(node.expected, tuple) else node.expected
        return {node.path: {node.op: expected}}
    if isinstance(node, Not):
        return {"not": node_as_data(node.child)}
    key = "all" if isinstance(node, All) else "any"
    return {key: [node_as_data(child) for child in node.children]}


def rule_text(rule: Rule) -> dict[str, str | None]:
    """What a rule says, as both its published form and its recommendations show it.

    `rationale` restates the article; `inference` (null when the rule takes no step of its own) is
    the rule's reasoning from the quoted fact to the advice, kept apart so no reader mistakes it
    for the source's.
    """
    return {
        "id": rule.id,
        "area": rule.area,
        "title": rule.title,
        "action": rule.action,
        "rationale": rule.rationale,
        "inference": rule.inference,
        "severity": rule.severity,
        "horizon": rule.horizon,
    }


def rule_as_data(rule: Rule) -> dict[str, Any]:
    return {
        **rule_text(rule),
        "presumes_adversary": list(rule.presumes_adversary),
        "operational_military": rule.operational_military,
        "when": node_as_data(rule.when),
        "boosts": [
            {"when": node_as_data(b.when), "by": b.by, "reason": b.reason} for b in rule.boosts
        ],
        "cautions": list(rule.cautions),
        "tensions": [{"with": t.with_id, "note": t.note} for t in rule.tensions],
        "evidence": [citation.as_dict() for citation in rule.evidence],
        "assumptions": list(rule.assumptions),
        "indicators": [indicator_as_data(indicator) for indicator in rule.indicators],
    }


def indicator_as_data(indicator: Indicator) -> dict[str, Any]:
    """An indicator as clients see it: grounded ones carry `evidence`, our own `inference: true`."""
    item: dict[str, Any] = {"text": indicator.text, "direction": indicator.direction}
    if indicator.inference:
        item["inference"] = True
    else:
        item["evidence"] = [citation.as_dict() for citation in indicator.evidence]
    return item
