"""Evaluate every compiled rule on one normalised profile: fire, score, rank, explain, relate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.engine.bottom_line import BottomLine
from service.engine.compiler import CompiledRule, compile_node, compile_rule
from service.engine.confidence import Confidence
from service.engine.empty_areas import EmptyAreas
from service.engine.explain import first_failure, matched
from service.engine.operators import Facts, Predicate
from service.engine.reachability import Reachability, residue
from service.engine.results import (
    AreaSummary,
    Evaluation,
    NearMiss,
    Priority,
    Recommendation,
    TensionPair,
)
from service.engine.rulesets import RuleSet
from service.engine.scoring import ProfileTerms, Scoring
from service.vocabulary import Kind, Vocabulary

FIELD_TYPE = (
    "stakeholder_type"  # the fact that decides most rules, so they are sorted by it at load
)


class Engine:
    """Compiled rules plus the scoring they are ranked by; built once, evaluated many times."""

    def __init__(
        self,
        rulesets: Sequence[RuleSet],
        scoring: Scoring,
        vocabulary: Vocabulary,
        confidence: Mapping[str, Confidence],
        reachability: Reachability,
    ) -> None:
        """`confidence` holds each rule's, worked out once at load (registry.py)."""
        self.rules: tuple[CompiledRule, ...] = tuple(
            compile_rule(rule) for ruleset in rulesets for rule in ruleset.rules
        )
        self.by_id = {compiled.rule.id: compiled for compiled in self.rules}
        self.scoring = scoring
        self.vocabulary = vocabulary
        self.confidence = {
            compiled.rule.id: confidence[compiled.rule.id] for compiled in self.rules
        }
        self.empty_areas = EmptyAreas(self.rules, rulesets, reachability, scoring, vocabulary)
        self.areas = vocabulary.values("areas")
        self.bottom_line = BottomLine(vocabulary)
        self._area_rank = {area: index for index, area in enumerate(self.areas)}
        kinds = vocabulary.values("stakeholder_types")
        # Per stakeholder type, the rules some profile of that type could fire (reachability.py),
        # each beside the test left once the type is known...
        self._reachable = {kind: _fired_by(self.rules, kind) for kind in kinds}
        self._untyped = tuple((compiled, compiled.tree.test) for compiled in self.rules)
        # ... and each rule beside the near miss the type alone decides, if it does.
        self._explained = {
            kind: tuple((compiled, _type_decides(compiled, kind)) for compiled in self.rules)
            for kind in kinds
        }
        self._undecided = tuple((compiled, None) for compiled in self.rules)
        # Per field the rules may test: its path, where it sits in a profile, whether it is a set.
        self._layout = tuple(
            (spec.path, *_split(spec.path), spec.kind is Kind.ENUM_SET)
            for spec in vocabulary.fields().values()
        )

    def facts(self, profile: dict[str, Any]) -> Facts:
        """Flatten a normalised profile to the dotted paths rules test; lists become sets."""
        facts: Facts = {}
        for path, head, tail, is_set in self._layout:
            value = profile.get(head)
            if tail is not None:
                value = value.get(tail) if isinstance(value, dict) else None
            facts[path] = frozenset(value or ()) if is_set else value
        return facts

    def fired(self, profile: dict[str, Any]) -> list[str]:
        """The ids of the rules that fire on a normalised profile, in rule order; nothing else."""
        facts = self.facts(profile)
        return [compiled.rule.id for compiled in self.rules if compiled.tree.test(facts)]

    def evaluate(self, profile: dict[str, Any], explain: bool = False) -> Evaluation:
        """Recommendations, tensions and the area summary for a profile ProfileSchema normalised.

        With `explain`, every rule that did not fire comes back as a near miss, in rule order.
        """
        facts = self.facts(profile)
        terms = self.scoring.terms(profile)
        kind = profile["stakeholder_type"]
        near_misses: list[NearMiss] = []
        if explain:
            fired = []
            # The first failing test both decides a rule and explains it; for many rules the
            # stakeholder type alone decides, and their near misses were made at load.
            for compiled, decided in self._explained.get(kind, self._undecided):
                if decided is not None:
                    near_misses.append(decided)
                elif (failure := first_failure(compiled.tree, facts)) is not None:
                    near_misses.append(NearMiss(compiled.rule, (failure,)))
                else:
                    fired.append(compiled)
        else:
            fired = [c for c, fires in self._reachable.get(kind, self._untyped) if fires(facts)]
        scored = [(c, self.scoring.priority(c.rule, c.held(facts), terms)) for c in fired]
        ranked = self._ranked(scored, facts)
        return Evaluation(
            recommendations=ranked,
            tensions=_tensions(ranked),
            areas=self._summary(ranked, profile, facts, terms),
            not_applicable=tuple(near_misses) if explain else None,
            bottom_line=self.bottom_line(profile, ranked),
        )

    def _ranked(
        self, fired: list[tuple[CompiledRule, Priority]], facts: Facts
    ) -> tuple[Recommendation, ...]:
        """By score, then area order, then rule id: fully deterministic; ranks count from 1."""
        area_rank = self._area_rank
        fired.sort(key=lambda f: (-f[1].score, area_rank[f[0].rule.area], f[0].rule.id))
        confidence = self.confidence
        return tuple(
            [
                Recommendation(
                    rank,
                    compiled.rule,
                    priority,
                    tuple(matched(compiled.tree, facts)),
                    confidence[compiled.rule.id],
                )
                for rank, (compiled, priority) in enumerate(fired, start=1)
            ]
        )

    def _summary(
        self,
        ranked: tuple[Recommendation, ...],
        profile: dict[str, Any],
        facts: Facts,
        terms: ProfileTerms,
    ) -> tuple[AreaSummary, ...]:
        """Per area, in vocabulary order: the best score, how many fired, and the top one or why
        none did."""
        top: dict[str, Recommendation] = {}
        count = dict.fromkeys(self.areas, 0)
        for recommendation in ranked:  # best first, so an area's first is its top
            top.setdefault(recommendation.rule.area, recommendation)
            count[recommendation.rule.area] += 1
        summaries = []
        for area in self.areas:
            best = top.get(area)
            summaries.append(
                AreaSummary(
                    area,
                    best.priority.score if best else 0.0,
                    count[area],
                    best.rule.id if best else None,
                    None if best else self.empty_areas.why(area, profile, facts, terms),
                )
            )
        return tuple(summaries)


def _tensions(ranked: tuple[Recommendation, ...]) -> tuple[TensionPair, ...]:
    """Each pair of fired rules where one names the other, once, higher-ranked first.

    The note is that of the higher-ranked rule when both name each other.
    """
    rank = {r.rule.id: r.rank for r in ranked}
    pairs: dict[tuple[str, str], str] = {}
    for recommendation in ranked:
        for tension in recommendation.rule.tensions:
            if tension.with_id in rank:
                first, second = sorted(
                    (recommendation.rule.id, tension.with_id), key=rank.__getitem__
                )
                pairs.setdefault((first, second), tension.note)
    return tuple(TensionPair(between, note) for between, note in pairs.items())


def _fired_by(
    rules: tuple[CompiledRule, ...], kind: str
) -> tuple[tuple[CompiledRule, Predicate], ...]:
    """The rules a profile of this type could fire, each with the test of what the type leaves
    undecided: most rules test the type, and that test then costs nothing per request."""
    reachable = []
    for compiled in rules:
        left = residue(compiled.rule.when, {FIELD_TYPE: kind})
        if left is True:
            reachable.append((compiled, _always))
        elif left is not False:
            reachable.append((compiled, compile_node(left).test))
    return tuple(reachable)


def _always(facts: Facts) -> bool:
    """The test left of a rule that the stakeholder type alone fires."""
    return True


def _type_decides(compiled: CompiledRule, kind: str) -> NearMiss | None:
    """The near miss of a rule that the stakeholder type alone keeps from firing, the same for
    every profile of that type; None if it may fire or deciding takes another fact."""
    try:
        failure = first_failure(compiled.tree, {FIELD_TYPE: kind})
    except KeyError:  # the walk reached a test of a fact the type does not fix
        return None
    return None if failure is None else NearMiss(compiled.rule, (failure,))


def _split(path: str) -> tuple[str, str | None]:
    """A field path's profile key and, for `exposure.x` style paths, the key inside it."""
    head, _, tail = path.partition(".")
    if "." in tail:
        raise ValueError(f"field paths nest one level at most: {path!r}")
    return head, tail or None
