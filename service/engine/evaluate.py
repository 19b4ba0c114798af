"""Evaluate every compiled rule on one normalised profile: fire, score, rank, explain, relate.

Evaluation runs on every request, with explanations for nearly every rule, and its result goes out
as JSON; so the result is written as JSON text from fragments each rule prepares once (`_Plan`,
verdicts.py), and only the profile's own values are encoded per call. The same evaluation also
runs in C (fastpath.py), tested byte for byte against this one, which stays the reference and the
fallback. `make bench-engine` measures both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from service.engine.compiler import CompiledRule, compile_rule
from service.engine.fastpath import build_program
from service.engine.jsontext import dumps
from service.engine.model import leaves, rule_text
from service.engine.operators import Facts, Predicate
from service.engine.rulesets import RuleSet
from service.engine.scoring import Scoring, score_values
from service.engine.verdicts import Decider, compile_decider
from service.vocabulary import FieldSpec, Kind, Vocabulary


@dataclass(frozen=True, slots=True)
class Evaluation:
    """An evaluation's JSON text and the few facts about it that callers act on.

    `text` holds the members of the result object (`"summary":…,"recommendations":…,…`), so an
    assessment can wrap it in its own fields without parsing it again.
    """

    text: str
    fired: tuple[str, ...]  # rule ids, in rank order
    areas: tuple[str, ...]  # each recommendation's area, in rank order
    top_area: str | None

    def as_dict(self) -> dict[str, Any]:
        return json.loads("{" + self.text + "}")


_EXPLAIN, _RECOMMEND, _FIRE = "explain", "recommend", "fire"  # what a decider is generated for
_RANK_HEADS = ('{"rank":', ',{"rank":')  # the first recommendation's, and every other's


class _Plan:
    """One compiled rule with everything its evaluation needs, prepared once instead of per call."""

    __slots__ = (
        "area",
        "area_rank",
        "boosts",
        "factors",
        "head",
        "id",
        "tail",
        "tensions",
        "text",
    )

    def __init__(self, compiled: CompiledRule, scoring: Scoring, area_rank: int) -> None:
        rule = compiled.rule
        self.id, self.area, self.area_rank = rule.id, rule.area, area_rank
        self.boosts: tuple[tuple[Predicate, float, str], ...] = tuple(
            (tree.test, boost.by, dumps({"by": boost.by, "reason": boost.reason}))
            for tree, boost in compiled.boosts
        )
        # Per profile horizon: the factors scoring needs and, around the area's own terms, the
        # text of the priority's breakdown.
        self.factors = {
            horizon: (
                scaled_severity,
                horizon_factor,
                f',"breakdown":{{"severity_weight":{severity_weight!r},"area_weight":',
                f'{horizon_factor_r4!r},"fit":',
            )
            for horizon, (severity_weight, scaled_severity, horizon_factor, horizon_factor_r4) in (
                scoring.rule_factors(rule.severity, rule.horizon).items()
            )
        }
        self.tensions = tuple((t.with_id, dumps(t.note)) for t in rule.tensions)
        # The recommendation around its rank, priority and matched tests: concatenated, since
        # %-formatting would scan the long evidence quotes on every call.
        self.text = "," + _members(rule_text(rule)) + ',"priority":'
        rest = _members({"cautions": list(rule.cautions), "evidence": list(compiled.evidence)})
        self.tail = "]," + rest + "}"
        # The rule's `not_applicable` entry up to its failed test.
        self.head = "{" + _members({"id": rule.id, "area": rule.area, "title": rule.title})
        self.head += ',"failed":['


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
        area_order = {area: index for index, area in enumerate(self.areas)}
        fields = tuple(vocabulary.fields().values())
        self._layout = tuple(
            (spec.path, *_split(spec.path), spec.kind is Kind.ENUM_SET) for spec in fields
        )
        self._plans = tuple(
            _Plan(compiled, scoring, area_order[compiled.rule.area]) for compiled in self.rules
        )
        self._texts = {
            **{area: dumps(area) for area in self.areas},
            **{plan.id: dumps(plan.id) for plan in self._plans},
        }
        # Scores take a thousand-odd values, so each one's text (and its tier's) is written here
        # once: formatting a float costs more than the rest of a recommendation's priority.
        tiers = {tier.name: dumps(tier.name) for tier in scoring.tiers}
        self._scores = {
            score: (repr(score), f'{{"score":{score!r},"tier":{tiers[scoring.tier(score)]}')
            for score in score_values()
        }
        # Per area: its summary entry up to its score, and its entry when no rule fired there.
        self._area_summaries = tuple(
            (
                area,
                (
                    '{"area":' + dumps(area) + ',"score":',
                    dumps({"area": area, "score": 0.0, "count": 0, "top_recommendation": None}),
                ),
            )
            for area in self.areas
        )
        # The same evaluation in C (fastpath.py) when the extension is built; the Python below
        # stays the reference it is tested against.
        self.program = build_program(
            self.rules,
            self._plans,
            fields,
            scoring,
            self._area_summaries,
            self._scores,
            _RANK_HEADS,
        )
        trees = tuple(compiled.tree for compiled in self.rules)
        heads = tuple(plan.head for plan in self._plans)
        dispatch = _most_tested_enum(fields, self.rules)
        self._dispatch = dispatch.path if dispatch else None
        # Per use (near misses and matched tests, matched tests only, firing only): a decider for
        # each value of the dispatch field, and one for any value.
        self._deciders: dict[str, dict[Any, Decider]] = {}
        self._general: dict[str, Decider] = {}
        for use, labels, matched in (
            (_EXPLAIN, heads, True),
            (_RECOMMEND, None, True),
            (_FIRE, None, False),
        ):
            self._general[use] = compile_decider(trees, labels, {}, matched=matched)
            self._deciders[use] = {
                value: compile_decider(trees, labels, {dispatch.path: value}, matched=matched)
                for value in ((*dispatch.choices, None) if dispatch else ())
            }

    def facts(self, profile: dict[str, Any]) -> Facts:
        """Flatten a normalised profile to the dotted paths rules test; lists become sets."""
        facts: Facts = {}
        for path, head, tail, is_set in self._layout:
            value = profile.get(head)
            if tail is not None:
                value = value.get(tail) if isinstance(value, dict) else None
            facts[path] = frozenset(value or ()) if is_set else value
        return facts

    def _decide(self, facts: Facts, use: str) -> tuple[Decider, tuple[Any, ...]]:
        decider = None
        if self._dispatch is not None:
            decider = self._deciders[use].get(facts[self._dispatch])
        if decider is None:
            decider = self._general[use]
        return decider, decider.decide(facts)

    def fired(self, profile: dict[str, Any]) -> list[str]:
        """The ids of the rules that fire on a normalised profile, in rule order; nothing else."""
        if self.program is not None:
            ids = self.program.fired(profile)
            if ids is not None:
                return ids
        return self.fired_in_python(profile)

    def fired_in_python(self, profile: dict[str, Any]) -> list[str]:
        """`fired` without the C program: the reference it is tested against."""
        decider, parts = self._decide(self.facts(profile), _FIRE)
        plans = self._plans
        return [
            plans[slot].id  # type: ignore[index]
            for slot, part in zip(decider.slots, parts, strict=True)
            if part.__class__ is tuple
        ]

    def evaluate(self, profile: dict[str, Any], explain: bool = False) -> dict[str, Any]:
        """`run` as plain data, for callers that read the result rather than send it."""
        return self.run(profile, explain).as_dict()

    def run(self, profile: dict[str, Any], explain: bool = False) -> Evaluation:
        """Recommendations, summary and tensions for a profile that ProfileSchema has normalised.

        The C program answers unless the profile holds something it does not expect; then the
        Python evaluation answers (or raises) as the reference does.
        """
        if self.program is not None:
            answer = self.program.run(profile, explain)
            if answer is not None:
                return Evaluation(*answer)
        return self.run_in_python(profile, explain)

    def run_in_python(self, profile: dict[str, Any], explain: bool = False) -> Evaluation:
        """`run` without the C program: the reference it is tested against, byte for byte."""
        facts = self.facts(profile)
        decider, parts = self._decide(facts, _EXPLAIN if explain else _RECOMMEND)
        plans, scores, scoring = self._plans, self._scores, self.scoring
        weights, top = scoring.weights(profile["stakeholder_type"], profile["area_weights"])
        capacities = profile["capacities"]
        horizon = profile["time_horizon"]
        areas: dict[str, tuple[float, float, str, str]] = {}  # written once per area with a rule
        ranked = []
        for slot, part in zip(decider.slots, parts, strict=True):
            if part.__class__ is not tuple:
                continue
            plan = plans[slot]  # type: ignore[index]
            boost, boost_text, boosts = 0.0, "0.0", ""  # most fired rules have no boost that holds
            if plan.boosts:
                held = []
                for test, by, text in plan.boosts:
                    if test(facts):
                        held.append(text)
                        boost += by
                if held:
                    boost = round(boost, 4)
                    boost_text, boosts = repr(boost), ",".join(held)
            area = areas.get(plan.area)
            if area is None:
                area = areas[plan.area] = _area_terms(
                    scoring.area_factors(plan.area, weights, top, capacities)
                )
            scaled_severity, horizon_factor, severity_text, horizon_text = plan.factors[horizon]
            fit, score = scoring.fit_and_score(
                scaled_severity, area[0], area[1], horizon_factor, boost
            )
            priority = (
                f"{scores[score][1]}{severity_text}"
                f"{area[2]}{boost_text}{area[3]}{horizon_text}{fit!r},"
                f'"boosts":[{boosts}]}}}}'
            )
            ranked.append((-score, plan.area_rank, plan.id, plan, priority, part[0]))
        # Ids are unique, so the sort never reaches the plans: score, then area order, then id.
        ranked.sort()
        order = [entry[3] for entry in ranked]
        # One join at the end: the rules' long texts are copied once, not once per nesting level.
        out = ['"summary":', self._summary(ranked), ',"recommendations":[']
        for rank, (_, _, _, plan, priority, matched) in enumerate(ranked, start=1):
            out += (_RANK_HEADS[rank > 1], str(rank), plan.text, priority, ',"matched":[')
            out += (matched, plan.tail)
        out += ('],"tensions":[', self._tensions(order), "]")
        if explain:
            entries = ",".join([part for part in parts if part.__class__ is str])
            out += (',"not_applicable":[', entries, "]")
        return Evaluation(
            "".join(out),
            tuple(plan.id for plan in order),
            tuple(plan.area for plan in order),
            order[0].area if order else None,
        )

    def _summary(self, ranked: list[tuple[Any, ...]]) -> str:
        """Per area: the best score, how many recommendations, and the top one; then the top area."""
        counts: dict[str, int] = {}
        best: dict[str, tuple[Any, ...]] = {}
        for entry in ranked:
            area = entry[3].area
            counts[area] = counts.get(area, 0) + 1
            best.setdefault(area, entry)
        texts, scores = self._texts, self._scores
        areas = []
        for area, (head, empty) in self._area_summaries:
            top = best.get(area)
            if top is None:
                areas.append(empty)
            else:
                areas.append(
                    f'{head}{scores[-top[0]][0]},"count":{counts[area]},'
                    f'"top_recommendation":{texts[top[2]]}}}'
                )
        top_area = texts[ranked[0][3].area] if ranked else "null"
        return '{"areas":[' + ",".join(areas) + '],"top_area":' + top_area + "}"

    def _tensions(self, order: list[_Plan]) -> str:
        """Each pair of fired rules where one names the other, once, higher-ranked first."""
        if not any(plan.tensions for plan in order):
            return ""
        rank = {plan.id: index for index, plan in enumerate(order)}
        pairs: dict[tuple[str, str], str] = {}
        for plan in order:
            for with_id, note in plan.tensions:
                if with_id in rank:
                    pair = tuple(sorted((plan.id, with_id), key=rank.__getitem__))
                    pairs.setdefault(pair, note)  # type: ignore[arg-type]
        texts = self._texts
        return ",".join(
            f'{{"between":[{texts[first]},{texts[second]}],"note":{note}}}'
            for (first, second), note in pairs.items()
        )


def _area_terms(factors: tuple[float, float, float]) -> tuple[float, float, str, str]:
    """An area's weight and capacity factor, and their text as a priority's breakdown shows it."""
    weight, capacity, capacity_factor = factors
    return (
        weight,
        capacity_factor,
        f'{weight!r},"boost":',
        f',"capacity":{capacity!r},"capacity_factor":{capacity_factor!r},"horizon_factor":',
    )


def _members(data: dict[str, Any]) -> str:
    """A mapping's JSON text without its braces, to splice into a larger object."""
    return dumps(data)[1:-1]


def _most_tested_enum(
    fields: Iterable[FieldSpec], rules: Iterable[CompiledRule]
) -> FieldSpec | None:
    """The single-valued field that the most rules test: deciders are specialised on its values."""
    counts: dict[str, int] = {}
    for compiled in rules:
        for path in {leaf.path for leaf in leaves(compiled.rule.when)}:
            counts[path] = counts.get(path, 0) + 1
    enums = [spec for spec in fields if spec.kind is Kind.ENUM and spec.path in counts]
    return max(enums, key=lambda spec: counts[spec.path], default=None)


def _split(path: str) -> tuple[str, str | None]:
    """A field path's profile key and, for `exposure.x` style paths, the key inside it."""
    head, _, tail = path.partition(".")
    if "." in tail:
        raise ValueError(f"field paths nest one level at most: {path!r}")
    return head, tail or None
