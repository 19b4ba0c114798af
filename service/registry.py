"""Load and verify vocabulary, scoring, articles and rule sets once, at start; refuse on any error."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from marshmallow import Schema

from service import __version__
from service.engine.confidence import (
    Confidence,
    ConfidencePolicy,
    check_level_labels,
    load_confidence_policy,
)
from service.engine.evaluate import Engine
from service.engine.reachability import Reachability, reachability
from service.engine.rulesets import RuleSet, load_rulesets
from service.engine.scoring import Scoring, load_scoring
from service.errors import ConfigError
from service.grounding.article import Article, load_articles
from service.grounding.quotes import QuoteIndex
from service.profile import build_profile_schema
from service.vocabulary import Vocabulary, load_vocabulary


@dataclass(frozen=True)
class Registry:
    config_dir: Path
    vocabulary: Vocabulary
    scoring: Scoring
    articles: dict[str, Article]
    rulesets: tuple[RuleSet, ...]
    engine: Engine
    profile_schema: Schema
    versions: dict[str, object]
    caveats: tuple[str, ...]  # what every assessment's reader must know about its basis
    reachability: Reachability  # which rules some profile of each stakeholder type could fire
    confidence_policy: ConfidencePolicy
    confidence: dict[str, Confidence]  # per rule id: how well the source supports its advice

    @cached_property
    def articles_version(self) -> str:
        """The articles' versions as every stored row records them: JSON with its keys sorted."""
        return json.dumps(self.versions["articles"], sort_keys=True)

    def ruleset(self, area: str) -> RuleSet | None:
        return next((rs for rs in self.rulesets if rs.area == area), None)


def rules_version(config_dir: Path) -> str:
    """sha256 over everything that decides which rules fire, how they score and how sure they are."""
    digest = hashlib.sha256()
    files = [config_dir / name for name in ("vocabulary.yaml", "scoring.yaml", "confidence.yaml")]
    files += sorted((config_dir / "rulesets").glob("*.yaml"))
    for path in files:
        digest.update(path.relative_to(config_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def vocabulary_version(config_dir: Path) -> str:
    """sha256 of what /v1/vocabulary shows: the vocabulary, the tiers' thresholds and the
    per-type area weights (scoring.yaml), and the service's own field help texts."""
    digest = hashlib.sha256(__version__.encode() + b"\0")
    for name in ("vocabulary.yaml", "scoring.yaml"):
        digest.update((config_dir / name).read_bytes() + b"\0")
    return digest.hexdigest()


def caveats(articles: dict[str, Article]) -> tuple[str, ...]:
    """What every reader must know about the basis of the advice."""
    notes = []
    for article in articles.values():
        publisher = article.publisher or "publisher unknown"
        published = f"published {article.published}" if article.published else "date unknown"
        notes.append(
            f"This analysis rests on the article '{article.title}' ({article.id}; {publisher}; "
            f"{published}; retrieved {article.retrieved}; version {article.version[:12]}) and on "
            f"nothing else; check it against current reporting before acting."
        )
        unknown = [
            what
            for what, known in (
                ("publisher", article.publisher),
                ("publication date", article.published),
            )
            if not known
        ]
        if unknown:
            notes.append(
                f"The article's {' and '.join(unknown)} "
                f"{'are' if len(unknown) > 1 else 'is'} unknown; only the date it was retrieved "
                f"({article.retrieved}) is known, so it cannot be weighed by who wrote it or when."
            )
        if article.central_claim_by:
            notes.append(
                f"The article's central claim rests on {article.central_claim_by}; it cites no "
                f"independent confirmation."
            )
        notes.extend(article.caveats)
    notes.append(
        "Recommendations come from declarative rules matched against the profile as given; "
        "they support judgement and do not replace it. A rule's rationale restates the article; "
        "its inference, where it has one, is the rule's own reasoning, not the article's."
    )
    return tuple(notes)


def load_registry(config_dir: Path) -> Registry:
    """Everything the service needs to answer, verified; a ConfigError lists every problem found."""
    vocabulary = load_vocabulary(config_dir / "vocabulary.yaml")
    issues = check_level_labels(vocabulary.values("confidence_levels"), "vocabulary.yaml")
    scoring = articles = policy = None
    try:
        scoring = load_scoring(config_dir / "scoring.yaml", vocabulary)
    except ConfigError as exc:
        issues += exc.issues
    try:
        policy = load_confidence_policy(config_dir / "confidence.yaml")
    except ConfigError as exc:
        issues += exc.issues
    try:
        articles = load_articles(config_dir / "articles")
    except ConfigError as exc:
        issues += exc.issues
    index = QuoteIndex(articles or {})
    try:
        rulesets = load_rulesets(config_dir / "rulesets", vocabulary, index.resolve, config_dir)
    except ConfigError as exc:
        issues += exc.issues
    if issues or scoring is None or articles is None or policy is None:
        raise ConfigError(issues)
    rules = [rule for ruleset in rulesets for rule in ruleset.rules]
    reached = reachability(
        rules, vocabulary.values("stakeholder_types"), vocabulary.values("areas")
    )
    confidence = {rule.id: policy.judge(rule.evidence, articles, rule.inference) for rule in rules}
    return Registry(
        config_dir=config_dir,
        vocabulary=vocabulary,
        scoring=scoring,
        articles=articles,
        rulesets=rulesets,
        engine=Engine(rulesets, scoring, vocabulary, confidence, reached),
        profile_schema=build_profile_schema(vocabulary)(),
        versions={
            "rules": rules_version(config_dir),
            "articles": {aid: article.version for aid, article in articles.items()},
            "service": __version__,
            "vocabulary": vocabulary_version(config_dir),
        },
        caveats=caveats(articles),
        reachability=reached,
        confidence_policy=policy,
        confidence=confidence,
    )
