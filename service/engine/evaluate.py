"""Evaluate every compiled rule on one normalised profile: fire, score, rank, explain, relate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from service.engine.compiler import CompiledRule, compile_rule
from service.engine.explain import first_failure, matched
from service.engine.operators import Facts
from service.engine.rulesets import RuleSet
from service.engine.scoring import Scoring
from service.vocabulary import FieldSpec, Kind, Vocabulary


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

    def facts(self, profile: dict[str, Any]) -> Facts:
        """Flatten a normalised profile to the dotted paths rules test; lists become sets."""
        facts: Facts = {}
        for spec in self._fields:
            value: Any = profile
            for part in spec.path.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            facts[spec.path] = frozenset(value or ()) if spec.kind is Kind.ENUM_SET else value
        return facts

    def evaluate(self, profile: dict[str, Any], explain: bool = False) -> dict[str, Any]:
        """Recommendations, summary and tensions for a profile that ProfileSchema has normalised."""
        facts = self.facts(profile)
        scoring = self.scoring
        weights = scoring.area_weights(profile["stakeholder_type"], profile["area_weights"])
        capacities = profile["capacities"]
        horizon = profile["time_horizon"]
        recommendations: list[dict[str, Any]] = []
        not_applicable: list[dict[str, Any]] = []
        for compiled in self.rules:
            rule = compiled.rule
            if not compiled.test(facts):
                if explain:
                    not_applicable.append(
                        {
                            "id": rule.id,
                            "area": rule.area,
                            "title": rule.title,
                            "failed": [first_failure(compiled.tree, facts)],
                        }
                    )
                continue
            boosts = [
                {"by": boost.by, "reason": boost.reason}
                for tree, boost in compiled.boosts
                if tree.test(facts)
            ]
            priority = scoring.priority(
                severity=rule.severity,
                area_weight=weights[rule.area],
                boosts=boosts,
                capacity=capacities[scoring.area_capacities[rule.area]],
                horizon_factor=scoring.horizon_factor(rule.horizon, horizon),
            )
            recommendations.append(
                {
                    "rank": 0,
                    "id": rule.id,
                    "area": rule.area,
                    "title": rule.title,
                    "action": rule.action,
                    "rationale": rule.rationale,
                    "severity": rule.severity,
                    "horizon": rule.horizon,
                    "priority": priority,
                    "matched": matched(compiled.tree, facts),
                    "cautions": list(rule.cautions),
                    "evidence": [dict(citation) for citation in compiled.evidence],
                }
            )
        order = self._area_order
        recommendations.sort(key=lambda r: (-r["priority"]["score"], order[r["area"]], r["id"]))
        for rank, recommendation in enumerate(recommendations, start=1):
            recommendation["rank"] = rank
        result: dict[str, Any] = {
            "summary": self._summary(recommendations),
            "recommendations": recommendations,
            "tensions": self._tensions(recommendations),
        }
        if explain:
            result["not_applicable"] = not_applicable
        return result

    def _summary(self, recommendations: list[dict[str, Any]]) -> dict[str, Any]:
        areas = []
        for area in self.areas:
            in_area = [r for r in recommendations if r["area"] == area]
            areas.append(
                {
                    "area": area,
                    "score": in_area[0]["priority"]["score"] if in_area else 0.0,
                    "count": len(in_area),
                    "top_recommendation": in_area[0]["id"] if in_area else None,
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
