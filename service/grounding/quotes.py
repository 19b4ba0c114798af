"""Find a rule's quote in the articles, tolerant of whitespace and quote styles, exact in what it returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from service.grounding.article import Article

_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "—": "-",
        "–": "-",
        "‑": "-",
        " ": " ",
    }
)


class QuoteNotFound(LookupError):
    pass


class QuoteAmbiguous(LookupError):
    pass


@dataclass(frozen=True)
class Citation:
    """A resolved quote: `quote == article.body[start:end]` always holds."""

    article_id: str
    passage_id: str
    section: str
    quote: str
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "passage_id": self.passage_id,
            "section": self.section,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }


class FoldedText:
    """An article body with whitespace runs collapsed and quote styles folded, mapped back to offsets."""

    def __init__(self, body: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        previous_space = False
        for index, char in enumerate(body):
            folded = char.translate(_FOLD)
            if folded.isspace():
                if previous_space:
                    continue
                folded, previous_space = " ", True
            else:
                previous_space = False
            chars.append(folded)
            origin.append(index)
        self.text = "".join(chars)
        self.origin = origin

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        """Every (start, end) span of the original body whose folded form equals the needle."""
        spans = []
        position = self.text.find(needle)
        while position != -1:
            last = position + len(needle) - 1
            spans.append((self.origin[position], self.origin[last] + 1))
            position = self.text.find(needle, position + 1)
        return spans


def fold(text: str) -> str:
    return " ".join(text.translate(_FOLD).split())


class QuoteIndex:
    """Resolves quotes against a set of articles; built once at load."""

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self.articles = articles
        self._folded = {aid: FoldedText(a.body) for aid, a in articles.items()}

    def resolve(self, quote: str, article_id: str | None = None) -> Citation:
        needle = fold(quote)
        if not needle:
            raise QuoteNotFound("the quote is empty")
        if article_id is not None and article_id not in self.articles:
            known = ", ".join(sorted(self.articles))
            raise QuoteNotFound(f"unknown article '{article_id}' (known: {known})")
        candidates = [article_id] if article_id else list(self.articles)
        hits = [(aid, span) for aid in candidates for span in self._folded[aid].find_all(needle)]
        if not hits:
            where = f"article '{article_id}'" if article_id else "any article"
            raise QuoteNotFound(f"quote not found in {where}: {_short(quote)}")
        if len(hits) > 1:
            places = ", ".join(f"{aid}@{start}" for aid, (start, _) in hits)
            raise QuoteAmbiguous(
                f"quote found {len(hits)} times ({places}); lengthen it or name the article: "
                f"{_short(quote)}"
            )
        aid, (start, end) = hits[0]
        article = self.articles[aid]
        passage = article.containing(start, end)
        if passage is None:
            raise QuoteAmbiguous(f"quote spans more than one section: {_short(quote)}")
        return Citation(
            article_id=aid,
            passage_id=passage.id,
            section=passage.section_title,
            quote=article.body[start:end],
            start=start,
            end=end,
        )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
