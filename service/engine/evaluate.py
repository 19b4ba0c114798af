"""Evaluate every compiled rule on one normalised profile: fire, score, rank, explain, relate.

Evaluation runs on every request, with explanations for nearly every rule, so whatever does not
depend on the profile is prepared once per rule in `_Plan`; `make bench-engine` measures the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from service.engine.compiler import CompiledRule, Matcher, compile_rule
from service.engine.explain import Shown
from service.engine.model import rule_text
from service.engine.operators import Facts, Predicate
from service.engine.rulesets import RuleSet
from service.engine.scoring import RuleFactors, Scoring
from service.engine.verdicts import compile_verdicts
from service.vocabulary import FieldSpec, Kind, Vocabulary


class _Plan:
    """One compiled rule with everything its evaluation needs, looked up once instead of per call."""

    __slots__ = (
        "area",
        "area_rank",
        "boosts",
        "cautions",
        "evidence",
        "factors",
        "id",
        "matches",
        "recommendation",
        "skipped",
    )

    def __init__(self, compiled: CompiledRule, scoring: Scoring, area_rank: int) -> None:
        rule = compiled.rule
        self.id, self.area, self.area_rank = rule.id, rule.area, area_rank
        self.cautions = rule.cautions
        self.evidence = compiled.evidence
        self.matches: Matcher = compiled.tree.matches_true
        self.boosts: tuple[tuple[Predicate, float, str], ...] = tuple(
            (tree.test, boost.by, boost.reason) for tree, boost in compiled.boosts
        )
        self.factors: dict[str, RuleFactors] = scoring.rule_factors(rule.severity, rule.horizon)
        # The rule's recommendation and `not_applicable` entry but for what depends on the
        # profile: copied on each request, which is much cheaper than building them anew.
        self.recommendation = {
            "rank": 0,
            **rule_text(rule),
            "priority": None,
            "matched": None,
            "cautions": None,
            "evidence": None,
        }
        self.skipped = {"id": rule.id, "area": rule.area, "title": rule.title, "failed": None}


class Engine:
    """Compiled rules plus the scoring they are ranked by; built once, evaluated many times."""

    def __init__(
        self, rulesets: Iterable[RuleSet], scoring: Scoring, vocabulary: Vocabulary
    ) -> None:
        self.rules: tuple[CompiledRule, ...] = tuple(
            compile_rule(rule) for ruleset in rulesets for rule in ruleset.rules
        )
        self.by_id = {compiled.rule.id: compiled for compiled in self.rules}
        self.scoring = scoring
        self.areas = vocabulary.values("areas")
        self._area_order = {area: index for index, area in enumerate(self.areas)}
        self._fields: tuple[FieldSpec, ...] = tuple(vocabulary.fields().values())
        self._layout = tuple(
            (spec.path, *_split(spec.path), spec.kind is Kind.ENUM_SET) for spec in self._fields
        )
        self._sets = tuple(
            (spec.path, {choice: i for i, choice in enumerate(spec.choices)})
            for spec in self._fields
            if spec.kind is Kind.ENUM_SET
        )
        self._plans = tuple(
            _Plan(compiled, scoring, self._area_order[compiled.rule.area])
            for compiled in self.rules
        )
        self._verdicts = compile_verdicts(tuple(compiled.tree for compiled in self.rules))

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
        verdicts = self._verdicts(self.facts(profile))
        return [
            plan.id for plan, failure in zip(self._plans, verdicts, strict=True) if failure is None
        ]

    def _shown(self, facts: Facts) -> Shown:
        """Each set-valued fact as JSON shows it (see `display`), worked out once per evaluation.

        Sorting the few values a profile has by their rank beats scanning every choice.
        """
        shown: Shown = {}
        for path, rank in self._sets:
            known = [item for item in facts[path] if item in rank]
            shown[path] = tuple(sorted(known, key=rank.__getitem__))
        return shown

    def evaluate(self, profile: dict[str, Any], explain: bool = False) -> dict[str, Any]:
        """Recommendations, summary and tensions for a profile that ProfileSchema has normalised."""
        facts = self.facts(profile)
        shown = self._shown(facts)
        scoring = self.scoring
        areas = scoring.area_factors(
            profile["stakeholder_type"], profile["area_weights"], profile["capacities"]
        )
        horizon = profile["time_horizon"]
        combine = scoring.combine
        fired: list[_Plan] = []
        not_applicable: list[dict[str, Any]] = []
        for plan, failure in zip(self._plans, self._verdicts(facts), strict=True):
            if failure is None:
                fired.append(plan)
            elif explain:
                skipped = plan.skipped.copy()
                skipped["failed"] = [failure.failure(facts, shown)]
                not_applicable.append(skipped)
        ranked: list[tuple[float, int, str, dict[str, Any]]] = []
        for plan in fired:
            boosts = []
            boost_sum = 0.0
            for test, by, reason in plan.boosts:
                if test(facts):
                    boosts.append({"by": by, "reason": reason})
                    boost_sum += by
            priority = combine(plan.factors[horizon], areas[plan.area], boosts, boost_sum)
            recommendation = plan.recommendation.copy()
            recommendation["priority"] = priority
            recommendation["matched"] = [test.item(facts, shown) for test in plan.matches(facts)]
            recommendation["cautions"] = list(plan.cautions)
            recommendation["evidence"] = [citation.copy() for citation in plan.evidence]
            ranked.append((-priority["score"], plan.area_rank, plan.id, recommendation))
        # Ids are unique, so the sort never reaches the dicts: score, then area order, then id.
        ranked.sort()
        recommendations = []
        for rank, entry in enumerate(ranked, start=1):
            recommendation = entry[3]
            recommendation["rank"] = rank
            recommendations.append(recommendation)
        result: dict[str, Any] = {
            "summary": self._summary(recommendations),
            "recommendations": recommendations,
            "tensions": self._tensions(recommendations),
        }
        if explain:
            result["not_applicable"] = not_applicable
        return result

    def _summary(self, recommendations: list[dict[str, Any]]) -> dict[str, Any]:
        counts = dict.fromkeys(self.areas, 0)
        top: dict[str, dict[str, Any]] = {}
        for recommendation in recommendations:
            area = recommendation["area"]
            counts[area] += 1
            top.setdefault(area, recommendation)
        areas = []
        for area in self.areas:
            best = top.get(area)
            areas.append(
                {
                    "area": area,
                    "score": best["priority"]["score"] if best else 0.0,
                    "count": counts[area],
                    "top_recommendation": best["id"] if best else None,
                }
            )
        top_area = recommendations[0]["area"] if recommendations else None
        return {"areas": areas, "top_area": top_area}

    def _tensions(self, recommendations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each pair of fired rules where one names the other, once, higher-ranked first."""
        rank = {r["id"]: r["rank"] for r in recommendations}
        pairs: dict[tuple[str, str], str] = {}
        for recommendation in recommendations:
            for tension in self.by_id[recommendation["id"]].rule.tensions:
                if tension.with_id in rank:
                    pair = tuple(sorted((recommendation["id"], tension.with_id), key=rank.get))
                    pairs.setdefault(pair, tension.note)
        return [{"between": list(pair), "note": note} for pair, note in pairs.items()]


def _split(path: str) -> tuple[str, str | None]:
    """A field path's profile key and, for `exposure.x` style paths, the key inside it."""
    head, _, tail = path.partition(".")
    if "." in tail:
        raise ValueError(f"field paths nest one level at most: {path!r}")
    return head, tail or None
