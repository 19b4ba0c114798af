"""Which sentences of each article no rule cites: a guide to gaps in the rule sets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from service.grounding.article import Article
from service.grounding.quotes import Citation
from service.grounding.segment import Level


@dataclass(frozen=True)
class Coverage:
    article_id: str
    sentences: int
    cited_sentences: int
    uncited: tuple[str, ...]
    uncited_sections: tuple[str, ...]


def coverage(articles: Mapping[str, Article], citations: Iterable[Citation]) -> list[Coverage]:
    """A sentence counts as cited when any citation overlaps it."""
    spans: dict[str, list[tuple[int, int]]] = {aid: [] for aid in articles}
    for citation in citations:
        spans[citation.article_id].append((citation.start, citation.end))
    report = []
    for aid, article in articles.items():
        sentences = [p for p in article.passages if p.level is Level.SENTENCE]
        cited_ids = {
            s.id for s in sentences if any(a < s.end and s.start < b for a, b in spans[aid])
        }
        cited_sections = {s.section_id for s in sentences if s.id in cited_ids}
        report.append(
            Coverage(
                article_id=aid,
                sentences=len(sentences),
                cited_sentences=len(cited_ids),
                uncited=tuple(s.id for s in sentences if s.id not in cited_ids),
                uncited_sections=tuple(
                    s.id for s in article.sections() if s.id not in cited_sections
                ),
            )
        )
    return report
