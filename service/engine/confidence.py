"""Confidence (ICD 203): how well the article supports a rule's advice, stated apart from priority.

A rule's confidence depends only on its evidence, so it is worked out once per rule, at load, from
the sentences its quotes sit in: how many are firm (neither hedged nor attributed), across how many
sections; a rule that adds inference drops a level; and no level exceeds what the cited articles'
provenance can carry. The thresholds and word lists live in config/confidence.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.configfile import read_mapping
from service.engine.phrases import listed
from service.errors import ConfigError, ConfigIssue
from service.grounding.article import Article
from service.grounding.quotes import Citation
from service.grounding.reliability import Markers, Provenance, SentenceReading, sentences_under

LEVELS = ("high", "moderate", "low")  # best first
# What a reason is about: the sentences counted, those the source hedges, those it attributes to
# someone else, the rule's own step beyond them, and the ceiling the source's provenance sets.
REASON_KINDS = ("support", "hedged", "attributed", "inference", "source")


@dataclass(frozen=True)
class Reason:
    """One reason for a confidence level, and the passages it is about (none for the rule's own)."""

    kind: str  # one of REASON_KINDS
    text: str
    passages: tuple[str, ...]


@dataclass(frozen=True)
class Confidence:
    level: str
    basis: tuple[Reason, ...]
    ceiling: str | None = None  # the most the cited source can carry, when its provenance caps it


@dataclass(frozen=True)
class ConfidencePolicy:
    markers: Markers
    high_firm: int
    high_sections: int
    moderate_firm: int
    moderate_sentences: int
    moderate_sections: int
    ceilings: Mapping[str, str]

    def judge(
        self,
        evidence: Sequence[Citation],
        articles: Mapping[str, Article],
        inference: str | None = None,
    ) -> Confidence:
        """The level a rule's evidence supports, with every reason that set or lowered it."""
        readings = _readings(self.markers, evidence, articles)
        firm = [r for r in readings if r.firm]
        sections = {r.section_id for r in readings}
        firm_sections = {r.section_id for r in firm}
        everything = tuple(r.passage_id for r in readings)
        basis = [Reason("support", _support(len(readings), len(sections), len(firm)), everything)]
        if len(firm) >= self.high_firm and len(firm_sections) >= self.high_sections:
            level = "high"
        elif len(firm) >= self.moderate_firm or (
            len(readings) >= self.moderate_sentences and len(sections) >= self.moderate_sections
        ):
            level = "moderate"
        else:
            level = "low"
        basis += _qualified(readings)
        if inference:
            level = _lower(level)
            basis.append(
                Reason("inference", f"The advice goes beyond the article: {inference}", ())
            )
        cap: str | None = None
        for article_id in dict.fromkeys(c.article_id for c in evidence):
            gaps = {
                described: self.ceilings[gap]
                for gap, described in Provenance.of(articles[article_id]).gaps().items()
                if gap in self.ceilings
            }
            if not gaps:
                continue
            ceiling = max(gaps.values(), key=LEVELS.index)
            binding = [described for described, cap in gaps.items() if cap == ceiling]
            basis.append(
                Reason(
                    "source",
                    f"The source supports {ceiling} confidence at most: {listed(binding)}.",
                    tuple(r.passage_id for r in readings if r.article_id == article_id),
                )
            )
            cap = ceiling if cap is None else max(cap, ceiling, key=LEVELS.index)
            level = max(level, ceiling, key=LEVELS.index)
        return Confidence(level, tuple(basis), cap)


def _readings(
    markers: Markers, evidence: Sequence[Citation], articles: Mapping[str, Article]
) -> list[SentenceReading]:
    """Each sentence the evidence touches, once, in the order first cited."""
    readings: dict[tuple[str, str], SentenceReading] = {}
    for citation in evidence:
        article = articles[citation.article_id]
        for sentence in sentences_under(article, citation.start, citation.end):
            key = (article.id, sentence.id)
            if key not in readings:
                readings[key] = markers.read(article, sentence)
    return list(readings.values())


def _qualified(readings: Sequence[SentenceReading]) -> list[Reason]:
    """A reason for each way the source itself holds back: hedges, then attributions."""
    reasons = []
    for kind, words_of, meaning in (
        ("hedged", lambda r: r.hedges, "the source offers it as a possibility"),
        ("attributed", lambda r: r.attributions, "the source reports a claim, not a finding"),
    ):
        held_back = [r for r in readings if words_of(r)]
        if held_back:
            words = dict.fromkeys(w for r in held_back for w in words_of(r))
            reasons.append(
                Reason(
                    kind,
                    f"{kind.capitalize()} in the source ({', '.join(repr(w) for w in words)}): "
                    f"{meaning}.",
                    tuple(r.passage_id for r in held_back),
                )
            )
    return reasons


def _lower(level: str) -> str:
    return LEVELS[min(LEVELS.index(level) + 1, len(LEVELS) - 1)]


def _support(sentences: int, sections: int, firm: int) -> str:
    """How many sentences the advice rests on, across how many sections, and how many are firm."""
    if sentences == 1:
        states = "states it" if firm else "does not state it"
        return (
            f"Rests on one sentence of the article, which {states} without hedging or attribution."
        )
    stated = {0: "none of them states", 1: "one of them states"}.get(firm, f"{firm} of them state")
    where = "one section" if sections == 1 else f"{sections} sections"
    return (
        f"Rests on {sentences} sentences of the article in {where}; {stated} it without hedging "
        "or attribution."
    )


def check_level_labels(labelled: Sequence[str], vocabulary_file: str) -> list[ConfigIssue]:
    """The vocabulary's `confidence_levels` must be the levels this module computes, best first."""
    if tuple(labelled) == LEVELS:
        return []
    return [
        ConfigIssue(
            vocabulary_file, None, "confidence_levels", f"must be exactly: {', '.join(LEVELS)}"
        )
    ]


def load_confidence_policy(path: Path) -> ConfidencePolicy:
    """Read config/confidence.yaml; a ConfigError names every missing or malformed entry."""
    name = path.name
    raw = read_mapping(path)
    issues: list[ConfigIssue] = []

    def words(key: str) -> list[str]:
        value = raw.get(key)
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            issues.append(ConfigIssue(name, None, key, "must be a list of words"))
            return []
        return value

    def count(group: str, key: str) -> int:
        value = (raw.get(group) or {}).get(key) if isinstance(raw.get(group), dict) else None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            issues.append(ConfigIssue(name, None, f"{group}.{key}", "must be a whole number ≥ 0"))
            return 0
        return value

    ceilings: dict[str, Any] = raw.get("ceilings") or {}
    if not isinstance(ceilings, dict):
        issues.append(ConfigIssue(name, None, "ceilings", "must be a mapping"))
        ceilings = {}
    for gap, level in ceilings.items():
        if gap not in ("unknown_publisher", "unknown_date", "attributed_central_claim"):
            issues.append(ConfigIssue(name, None, f"ceilings.{gap}", "unknown gap"))
        if level not in LEVELS:
            issues.append(
                ConfigIssue(name, None, f"ceilings.{gap}", f"must be one of {', '.join(LEVELS)}")
            )
    policy = ConfidencePolicy(
        markers=Markers(words("hedges"), words("attributions")),
        high_firm=count("high", "firm_sentences"),
        high_sections=count("high", "sections"),
        moderate_firm=count("moderate", "firm_sentences"),
        moderate_sentences=count("moderate", "sentences"),
        moderate_sections=count("moderate", "sections"),
        ceilings=dict(ceilings),
    )
    if issues:
        raise ConfigError(issues)
    return policy
