"""The parsed, validated form of rules: immutable trees that the compiler turns into callables."""

from __future__ import annotations

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
