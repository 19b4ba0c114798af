"""Articles on disk: a byte-exact body `<id>.txt` beside its metadata `<id>.yaml`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from service.errors import ConfigError, ConfigIssue
from service.grounding.segment import Level, Passage, segment

REQUIRED_METADATA = ("id", "title", "language", "retrieved")


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    language: str
    retrieved: str
    source: str | None
    caveats: tuple[str, ...]
    body: str
    version: str
    passages: tuple[Passage, ...]
    _by_id: dict[str, Passage] = field(repr=False, compare=False, default_factory=dict)
    published: str | None = None  # the publication date, when known (not the retrieval date)
    central_claim_by: str | None = (
        None  # whose claim the article's central claim is, if one party's
    )
    publisher: str | None = None  # who published it, when known

    def passage(self, passage_id: str) -> Passage:
        return self._by_id[passage_id]

    def text(self, passage: Passage) -> str:
        return self.body[passage.start : passage.end]

    def containing(self, start: int, end: int) -> Passage | None:
        """The narrowest passage that wholly contains [start, end), or None if it spans sections.

        A one-sentence paragraph has the same span as its sentence; the sentence wins.
        """
        enclosing = [p for p in self.passages if p.start <= start and end <= p.end]
        return min(enclosing, key=lambda p: (p.end - p.start, -p.id.count(".")), default=None)

    def sections(self) -> tuple[Passage, ...]:
        return tuple(p for p in self.passages if p.level is Level.SECTION)

    def metadata(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "title": self.title,
            "language": self.language,
            "retrieved": self.retrieved,
            "published": self.published,
            "publisher": self.publisher,
            "source": self.source,
            "version": self.version,
        }


def load_article(text_path: Path) -> Article:
    """Load one article; the body is read as bytes so its hash is the hash of the file."""
    meta_path = text_path.with_suffix(".yaml")
    issues: list[ConfigIssue] = []
    raw = text_path.read_bytes()
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError([ConfigIssue(text_path.name, None, "", f"not UTF-8: {exc}")]) from exc
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError([ConfigIssue(meta_path.name, None, "", f"cannot read: {exc}")]) from exc
    if not isinstance(meta, dict):
        raise ConfigError([ConfigIssue(meta_path.name, None, "", "must be a mapping")])
    for key in REQUIRED_METADATA:
        if not meta.get(key):
            issues.append(ConfigIssue(meta_path.name, None, key, "required"))
    if meta.get("id") and meta["id"] != text_path.stem:
        issues.append(
            ConfigIssue(meta_path.name, None, "id", f"must match the file name '{text_path.stem}'")
        )
    retrieved, published = (
        value.isoformat() if isinstance(value, date) else value
        for value in (meta.get("retrieved"), meta.get("published"))
    )
    if issues:
        raise ConfigError(issues)
    passages = segment(body)
    return Article(
        id=str(meta["id"]),
        title=str(meta["title"]),
        language=str(meta["language"]),
        retrieved=str(retrieved),
        source=meta.get("source"),
        caveats=tuple(str(c) for c in meta.get("caveats") or ()),
        body=body,
        version=hashlib.sha256(raw).hexdigest(),
        passages=passages,
        _by_id={p.id: p for p in passages},
        published=str(published) if published else None,
        central_claim_by=meta.get("central_claim_by"),
        publisher=_optional_text(meta.get("publisher")),
    )


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def load_articles(directory: Path) -> dict[str, Article]:
    """All articles in a directory, by id, in file-name order."""
    articles: dict[str, Article] = {}
    issues: list[ConfigIssue] = []
    for text_path in sorted(directory.glob("*.txt")):
        try:
            article = load_article(text_path)
        except ConfigError as exc:
            issues.extend(exc.issues)
            continue
        articles[article.id] = article
    if not articles and not issues:
        issues.append(ConfigIssue(directory.name, None, "", "no articles (*.txt) found"))
    if issues:
        raise ConfigError(issues)
    return articles
