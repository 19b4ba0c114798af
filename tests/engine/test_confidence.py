"""Confidence is computed from the evidence (ICD 203), apart from priority, and capped by the source."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service.engine.confidence import LEVELS, load_confidence_policy
from service.errors import ConfigError
from service.grounding.article import load_article
from service.grounding.quotes import QuoteIndex
from tests.conftest import CONFIG_DIR

POLICY = load_confidence_policy(CONFIG_DIR / "confidence.yaml")
# A fixture article that is dated, attributed to a publisher and corroborates itself across
# sections: the one kind of source that can carry high confidence.
BODY = (
    "The ministry confirmed that the bridge at Northfield was closed on Monday.\n"
    "### Transport\n"
    "Engineers inspected the bridge at Northfield and found cracks in two piers.\n"
    "Officials say repairs may take several months.\n"
    "### Trade\n"
    "Freight volumes through Northfield fell by a third in the week after the closure.\n"
    "According to a union spokesperson, drivers reportedly lost a week of work."
)
FIRM = [
    "the bridge at Northfield was closed on Monday",
    "Engineers inspected the bridge at Northfield and found cracks in two piers.",
    "Freight volumes through Northfield fell by a third in the week after the closure.",
]
HEDGED = "Officials say repairs may take several months."
ATTRIBUTED = "drivers reportedly lost a week of work"


def _article(tmp_path: Path, **meta):
    (tmp_path / "fixture.txt").write_text(BODY, encoding="utf-8")
    metadata = {"id": "fixture", "title": "Fixture", "language": "en", "retrieved": "2026-11-01"}
    (tmp_path / "fixture.yaml").write_text(yaml.safe_dump({**metadata, **meta}), encoding="utf-8")
    article = load_article(tmp_path / "fixture.txt")
    return {article.id: article}


@pytest.fixture
def provenanced(tmp_path):
    return _article(tmp_path, source="Northfield Gazette", published="2026-10-30")


def _judge(articles, quotes, inference=None):
    index = QuoteIndex(articles)
    return POLICY.judge([index.resolve(q) for q in quotes], articles, inference)


def test_firm_corroborated_evidence_from_a_known_source_is_high(provenanced):
    confidence = _judge(provenanced, FIRM)
    assert confidence.level == "high" and confidence.ceiling is None
    assert [r.kind for r in confidence.basis] == ["support"]
    assert confidence.basis[0].passages == ("s0.p1.x1", "s1.p1.x1", "s2.p1.x1")


def test_a_hedged_claim_lowers_confidence(provenanced):
    firm = _judge(provenanced, FIRM[1:2])
    hedged = _judge(provenanced, [HEDGED])
    assert LEVELS.index(hedged.level) > LEVELS.index(firm.level)
    assert hedged.level == "low"
    reason = next(r for r in hedged.basis if r.kind == "hedged")
    assert reason.text.startswith("Hedged in the source")
    assert "'may'" in reason.text and reason.passages == ("s1.p2.x1",)


def test_an_attributed_claim_lowers_confidence_even_when_quoted_as_a_clause(provenanced):
    # The clause has no marker of its own; its sentence opens with "According to".
    confidence = _judge(provenanced, [ATTRIBUTED])
    assert confidence.level == "low"
    reason = next(r for r in confidence.basis if r.kind == "attributed")
    assert "'according to'" in reason.text and "'reportedly'" in reason.text


def test_inference_drops_a_level_and_says_why(provenanced):
    confidence = _judge(provenanced, FIRM, inference="Closure implies rerouting freight by rail.")
    assert confidence.level == "moderate"
    assert confidence.basis[-1].text.endswith("Closure implies rerouting freight by rail.")
    assert confidence.basis[-1].kind == "inference" and confidence.basis[-1].passages == ()
    assert confidence.ceiling is None


@pytest.mark.parametrize(
    ("meta", "gap"),
    [
        ({"published": "2026-10-30"}, "publisher is unknown"),
        ({"source": "Northfield Gazette"}, "publication date is unknown"),
        (
            {"source": "G", "published": "2026-10-30", "central_claim_by": "the mayor's assertion"},
            "central claim rests on the mayor's assertion",
        ),
    ],
)
def test_the_source_caps_confidence_and_the_basis_says_so(tmp_path, meta, gap):
    confidence = _judge(_article(tmp_path, **meta), FIRM)
    assert confidence.level == "moderate"
    assert any(gap in r.text and "moderate confidence at most" in r.text for r in confidence.basis)


def test_every_gap_in_the_provenance_is_named_in_one_reason(tmp_path):
    confidence = _judge(_article(tmp_path, central_claim_by="a minister's assertion"), FIRM)
    (ceiling,) = [r for r in confidence.basis if r.kind == "source"]
    assert confidence.ceiling == "moderate"
    assert ceiling.text == (
        "The source supports moderate confidence at most: its publisher is unknown, its "
        "publication date is unknown and its central claim rests on a minister's assertion."
    )
    assert ceiling.passages == ("s0.p1.x1", "s1.p1.x1", "s2.p1.x1")


def test_shipped_rules_get_a_level_and_a_basis_from_their_evidence(registry):
    levels = set()
    for compiled in registry.engine.rules:
        rule = compiled.rule
        # Worked out once, at load, from the evidence, the rule's inference and the source.
        confidence = registry.confidence[rule.id]
        assert confidence == POLICY.judge(rule.evidence, registry.articles, rule.inference)
        assert confidence.level in LEVELS and confidence.basis
        if rule.inference:
            assert any(rule.inference in reason.text for reason in confidence.basis)
        levels.add(confidence.level)
        # Every passage a reason points at is a sentence of the article the rule cites.
        article = registry.articles[compiled.rule.evidence[0].article_id]
        pointed = {p for r in confidence.basis for p in r.passages}
        assert pointed and all(article.passage(p).level == "sentence" for p in pointed)
    # The shipped article has no publisher or date: nothing it supports can be high.
    assert "high" not in levels and len(levels) >= 2


def test_a_malformed_policy_is_refused_naming_the_entry(tmp_path):
    path = tmp_path / "confidence.yaml"
    raw = yaml.safe_load((CONFIG_DIR / "confidence.yaml").read_text(encoding="utf-8"))
    raw["high"]["sections"] = -1
    raw["ceilings"]["unknown_date"] = "certain"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_confidence_policy(path)
    wheres = {issue.path for issue in error.value.issues}
    assert {"high.sections", "ceilings.unknown_date"} <= wheres
