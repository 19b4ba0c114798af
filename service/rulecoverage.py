"""`rules coverage`: what the rule sets cite, whom they reach, which values they read, whom they confuse.

Findings (the command exits 1 on any) are quotes too thin to carry a claim, a stakeholder type no
rule of an area can reach without a documented gap, and a vocabulary value no rule reads.
Example profiles whose top three recommendations are the same set are listed for review.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from service.engine.model import Leaf, Rule, leaves
from service.engine.reachability import Reachability
from service.grounding.coverage import Coverage, coverage, is_fragment
from service.grounding.quotes import Citation
from service.profile import normalise
from service.registry import Registry

# The vocabulary groups every value of which some rule must read, by the field that holds them.
READ_GROUPS = {
    "stakeholder_type": "stakeholder_types",
    "alignment": "alignments",
    "alliances": "alliances",
    "circumstances": "circumstances",
}
TOP = 3


@dataclass(frozen=True)
class Fragment:
    rule_id: str
    quote: str


@dataclass(frozen=True)
class Reach:
    """One stakeholder type in one area: the rules it could get, or the gap that explains none."""

    stakeholder_type: str
    area: str
    rules: tuple[str, ...]
    gap: str | None  # the documented reason, when the rule set declares one

    @property
    def unexplained(self) -> bool:
        return not self.rules and self.gap is None


@dataclass(frozen=True)
class Report:
    articles: tuple[Coverage, ...]
    fragments: tuple[Fragment, ...]
    reach: tuple[Reach, ...]
    stale_gaps: tuple[tuple[str, str], ...]  # (type, area) declared a gap yet reachable
    unread: dict[str, tuple[str, ...]]
    same_top: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (example names, top ids)

    @property
    def findings(self) -> int:
        return (
            len(self.fragments)
            + sum(r.unexplained for r in self.reach)
            + len(self.stale_gaps)
            + sum(len(values) for values in self.unread.values())
        )


def build_report(registry: Registry) -> Report:
    rules = [compiled.rule for compiled in registry.engine.rules]
    reach, stale = _reach(registry, registry.reachability)
    return Report(
        articles=tuple(coverage(registry.articles, (c for r in rules for c in r.evidence))),
        fragments=tuple(
            Fragment(rule.id, citation.quote)
            for rule in rules
            for citation in _quotes(rule)
            if is_fragment(registry.articles[citation.article_id], citation)
        ),
        reach=reach,
        stale_gaps=stale,
        unread=_unread(registry, rules),
        same_top=_same_top(registry),
    )


def _quotes(rule: Rule) -> Iterator[Citation]:
    """Every quote a rule cites, its indicators' included: they meet the same standard."""
    yield from rule.evidence
    for indicator in rule.indicators:
        yield from indicator.evidence


def _reach(
    registry: Registry, reached: Reachability
) -> tuple[tuple[Reach, ...], tuple[tuple[str, str], ...]]:
    gaps = {
        (gap.stakeholder_type, ruleset.area): gap.reason
        for ruleset in registry.rulesets
        for gap in ruleset.gaps
    }
    reach = tuple(
        Reach(kind, area, reached.rules(kind, area), gaps.get((kind, area)))
        for kind in registry.vocabulary.values("stakeholder_types")
        for area in registry.vocabulary.values("areas")
    )
    stale = tuple((r.stakeholder_type, r.area) for r in reach if r.rules and r.gap is not None)
    return reach, stale


def _read_values(rule: Rule) -> set[tuple[str, str]]:
    """(field path, value) for every value a rule's condition or boosts test."""
    read: set[tuple[str, str]] = set()
    nodes = [rule.when, *(boost.when for boost in rule.boosts)]
    for node in nodes:
        for leaf in leaves(node):
            for value in _values(leaf):
                read.add((leaf.path, value))
    return read


def _values(leaf: Leaf) -> tuple[str, ...]:
    if isinstance(leaf.expected, tuple):
        return tuple(v for v in leaf.expected if isinstance(v, str))
    return (leaf.expected,) if isinstance(leaf.expected, str) else ()


def _group(path: str) -> str | None:
    return "exposure_levels" if path.startswith("exposure.") else READ_GROUPS.get(path)


def _unread(registry: Registry, rules: list[Rule]) -> dict[str, tuple[str, ...]]:
    read: dict[str, set[str]] = {}
    for rule in rules:
        for path, value in _read_values(rule):
            group = _group(path)
            if group is not None:
                read.setdefault(group, set()).add(value)
    unread: dict[str, tuple[str, ...]] = {}
    for group in (*READ_GROUPS.values(), "exposure_levels"):
        missing = tuple(
            v for v in registry.vocabulary.values(group) if v not in read.get(group, ())
        )
        if missing:
            unread[group] = missing
    return unread


def top_ids(registry: Registry, profile: dict[str, Any], count: int = TOP) -> tuple[str, ...]:
    """The ids of a normalised profile's first `count` recommendations, in rank order."""
    ranked = registry.engine.evaluate(profile).recommendations
    return tuple(r.id for r in ranked[:count])


def _same_top(registry: Registry) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    groups: dict[frozenset[str], list[str]] = {}
    tops: dict[frozenset[str], tuple[str, ...]] = {}
    for path in sorted((registry.config_dir / "examples").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        top = top_ids(registry, normalise(registry.profile_schema, raw))
        groups.setdefault(frozenset(top), []).append(path.stem)
        tops.setdefault(frozenset(top), top)
    return tuple((tuple(names), tops[key]) for key, names in groups.items() if len(names) > 1)
