"""How firmly the source states what a quote relies on: hedged or attributed sentences, and provenance."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from service.grounding.article import Article
from service.grounding.segment import Level, Passage


@dataclass(frozen=True)
class SentenceReading:
    """One cited sentence and the words in it that make it less than a finding."""

    article_id: str
    passage_id: str
    section_id: str
    hedges: tuple[str, ...]
    attributions: tuple[str, ...]

    @property
    def firm(self) -> bool:
        return not self.hedges and not self.attributions


class Markers:
    """Hedging and attribution words, matched as whole words regardless of case."""

    def __init__(self, hedges: Iterable[str], attributions: Iterable[str]) -> None:
        self._hedges = _pattern(hedges)
        self._attributions = _pattern(attributions)

    def read(self, article: Article, sentence: Passage) -> SentenceReading:
        text = article.text(sentence)
        return SentenceReading(
            article_id=article.id,
            passage_id=sentence.id,
            section_id=sentence.section_id,
            hedges=_found(self._hedges, text),
            attributions=_found(self._attributions, text),
        )


def sentences_under(article: Article, start: int, end: int) -> tuple[Passage, ...]:
    """The sentences a quote at [start, end) touches: a clause is read with its whole sentence."""
    return tuple(
        p for p in article.passages if p.level is Level.SENTENCE and p.start < end and start < p.end
    )


@dataclass(frozen=True)
class Provenance:
    """What is not known about where an article comes from."""

    unknown_publisher: bool
    unknown_date: bool
    attributed_central_claim: str | None  # whose claim the article's central claim is

    @classmethod
    def of(cls, article: Article) -> Provenance:
        return cls(
            unknown_publisher=not (article.publisher or article.source),
            unknown_date=not article.published,
            attributed_central_claim=article.central_claim_by,
        )

    def gaps(self) -> dict[str, str]:
        """Each gap by its name in config/confidence.yaml's `ceilings`, described for a reader."""
        gaps = {}
        if self.unknown_publisher:
            gaps["unknown_publisher"] = "its publisher is unknown"
        if self.unknown_date:
            gaps["unknown_date"] = "its publication date is unknown"
        if self.attributed_central_claim:
            gaps["attributed_central_claim"] = (
                f"its central claim rests on {self.attributed_central_claim}"
            )
        return gaps


def _pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = sorted({" ".join(w.split()) for w in words if w.strip()}, key=len, reverse=True)
    if not alternatives:
        return None
    spelled = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alternatives)
    return re.compile(rf"\b(?:{spelled})\b", re.IGNORECASE)


def _found(pattern: re.Pattern[str] | None, text: str) -> tuple[str, ...]:
    if pattern is None:
        return ()
    seen: dict[str, None] = {}
    for match in pattern.finditer(text):
        seen.setdefault(" ".join(match.group().lower().split()))
    return tuple(seen)
