"""What an evaluation returns: plain frozen data, written to the wire at the edge (service/wire.py).

The classes made for every fired rule, every area and every answer write their fields into the
instance dict in one update: a frozen dataclass's own __init__ goes through object.__setattr__ once
per field, which costs twice as much. They are as frozen as the rest (FrozenInstanceError).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.engine.confidence import Confidence
from service.engine.model import Boost, Rule


@dataclass(frozen=True, slots=True)
class FieldTest:
    """One field test as an explanation reports it.

    `expected` is the literal as written (a list literal as a tuple); `actual` is the profile's
    fact, a set of choices as a tuple in vocabulary order; `negated` says the test counted as
    wanted false (it sits under a `not`).
    """

    path: str
    op: str
    expected: Any
    actual: Any
    negated: bool


@dataclass(frozen=True, slots=True)
class FailedTest(FieldTest):
    """A test that went the wrong way, and a value of the field that would have passed it."""

    would_pass: Any


@dataclass(frozen=True, init=False)
class Breakdown:
    """Every factor of a score, rounded as shown, so a reader can multiply it out again."""

    severity_weight: float
    area_weight: float
    boost: float
    capacity: float
    capacity_factor: float
    horizon_factor: float
    fit: float
    boosts: tuple[Boost, ...]  # the boosts that held, in the rule's order

    def __init__(
        self,
        severity_weight: float,
        area_weight: float,
        boost: float,
        capacity: float,
        capacity_factor: float,
        horizon_factor: float,
        fit: float,
        boosts: tuple[Boost, ...],
    ) -> None:
        self.__dict__.update(
            severity_weight=severity_weight,
            area_weight=area_weight,
            boost=boost,
            capacity=capacity,
            capacity_factor=capacity_factor,
            horizon_factor=horizon_factor,
            fit=fit,
            boosts=boosts,
        )


@dataclass(frozen=True, init=False)
class Priority:
    score: float
    tier: str
    breakdown: Breakdown

    def __init__(self, score: float, tier: str, breakdown: Breakdown) -> None:
        self.__dict__.update(score=score, tier=tier, breakdown=breakdown)


@dataclass(frozen=True, init=False)
class Recommendation:
    """A rule that fired: its place in the ranking, its priority and the facts it matched."""

    rank: int
    rule: Rule
    priority: Priority
    matched: tuple[FieldTest, ...]
    confidence: Confidence  # how well the source supports it: the rule's, worked out at load

    def __init__(
        self,
        rank: int,
        rule: Rule,
        priority: Priority,
        matched: tuple[FieldTest, ...],
        confidence: Confidence,
    ) -> None:
        self.__dict__.update(
            rank=rank, rule=rule, priority=priority, matched=matched, confidence=confidence
        )

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def area(self) -> str:
        return self.rule.area


@dataclass(frozen=True, init=False)
class NearMiss:
    """A rule that did not fire, and the first test that stopped it (explain=full)."""

    rule: Rule
    failed: tuple[FailedTest, ...]

    def __init__(self, rule: Rule, failed: tuple[FailedTest, ...]) -> None:
        self.__dict__.update(rule=rule, failed=failed)


@dataclass(frozen=True, slots=True)
class TensionPair:
    """Two fired rules that name each other, the higher-ranked first."""

    between: tuple[str, str]
    note: str


WHY_EMPTY = ("unreachable", "withheld", "missed")


@dataclass(frozen=True, init=False)
class WhyEmpty:
    """Why an area has no recommendation for a profile (service/engine/empty_areas.py).

    `unreachable`: no rule of the area can apply to the stakeholder type; `withheld`: the side
    policy withholds every rule that could; `missed`: the nearest rule (fewest failing tests, then
    the highest score it would have had) failed on `failed`, and would have scored `score`.
    """

    reason: str  # one of WHY_EMPTY
    text: str
    nearest: Rule | None = None
    failed: tuple[FailedTest, ...] = ()
    score: float | None = None

    def __init__(
        self,
        reason: str,
        text: str,
        nearest: Rule | None = None,
        failed: tuple[FailedTest, ...] = (),
        score: float | None = None,
    ) -> None:
        self.__dict__.update(reason=reason, text=text, nearest=nearest, failed=failed, score=score)


@dataclass(frozen=True, init=False)
class AreaSummary:
    area: str
    score: float  # the best score in the area, 0.0 when nothing fired there
    count: int
    top_recommendation: str | None
    why_empty: WhyEmpty | None = None  # set exactly when nothing fired in the area

    def __init__(
        self,
        area: str,
        score: float,
        count: int,
        top_recommendation: str | None,
        why_empty: WhyEmpty | None = None,
    ) -> None:
        self.__dict__.update(
            area=area,
            score=score,
            count=count,
            top_recommendation=top_recommendation,
            why_empty=why_empty,
        )


@dataclass(frozen=True, init=False)
class Evaluation:
    """The rules' answer for one profile; `not_applicable` is None unless explanations were asked."""

    recommendations: tuple[Recommendation, ...]
    tensions: tuple[TensionPair, ...]
    areas: tuple[AreaSummary, ...]
    not_applicable: tuple[NearMiss, ...] | None
    bottom_line: str  # what matters most for this stakeholder, and how sure we are

    def __init__(
        self,
        recommendations: tuple[Recommendation, ...],
        tensions: tuple[TensionPair, ...],
        areas: tuple[AreaSummary, ...],
        not_applicable: tuple[NearMiss, ...] | None,
        bottom_line: str,
    ) -> None:
        self.__dict__.update(
            recommendations=recommendations,
            tensions=tensions,
            areas=areas,
            not_applicable=not_applicable,
            bottom_line=bottom_line,
        )

    @property
    def top_area(self) -> str | None:
        return self.recommendations[0].area if self.recommendations else None
