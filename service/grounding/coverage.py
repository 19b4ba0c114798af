"""How the rules use each article: which sections they cite, and which quotes are too thin to carry a claim.

A quote carries a claim on its own when it is a whole sentence (a list item's bold label before it
does not count) or a clause of at least `MIN_CLAUSE_WORDS` words; anything shorter is a fragment,
the kind of filler ("must tread carefully") that cites the article without saying anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from service.grounding.article import Article
from service.grounding.quotes import Citation
from service.grounding.segment import Level

MIN_CLAUSE_WORDS = 8
_LIST_LABEL = re.compile(r"(?:\d+\.\s+)?(?:\*\*[^*]*\*\*:?\s*)?")


@dataclass(frozen=True)
class Coverage:
    article_id: str
    cited_sections: tuple[str, ...]
    uncited_sections: tuple[str, ...]


def coverage(articles: Mapping[str, Article], citations: Iterable[Citation]) -> list[Coverage]:
    """Per article, the sections some citation falls in and those none does, in article order."""
    cited: dict[str, set[str]] = {aid: set() for aid in articles}
    for citation in citations:
        passage = articles[citation.article_id].passage(citation.passage_id)
        cited[citation.article_id].add(passage.section_id)
    return [
        Coverage(
            article_id=aid,
            cited_sections=tuple(s.id for s in article.sections() if s.id in cited[aid]),
            uncited_sections=tuple(s.id for s in article.sections() if s.id not in cited[aid]),
        )
        for aid, article in articles.items()
    ]


def is_whole_sentence(article: Article, citation: Citation) -> bool:
    """The quote spans a sentence of the article, give or take a list item's label before it."""
    for sentence in article.passages:
        if sentence.level is not Level.SENTENCE:
            continue
        if sentence.start <= citation.start and citation.end == sentence.end:
            lead = article.body[sentence.start : citation.start]
            return _LIST_LABEL.fullmatch(lead) is not None
    return False


def is_fragment(article: Article, citation: Citation) -> bool:
    """Neither a whole sentence nor a clause long enough to state the fact a rule relies on."""
    if len(citation.quote.split()) >= MIN_CLAUSE_WORDS:
        return False
    return not is_whole_sentence(article, citation)
