"""The coverage report names exactly the sentences no citation touches."""

from service.grounding.coverage import coverage
from service.grounding.quotes import QuoteIndex


def test_coverage_counts_overlapping_sentences(registry, article):
    index = QuoteIndex(registry.articles)
    citations = [
        index.resolve("Engaging diplomatically with regional players is crucial."),
        index.resolve("are not sustainable. If this trend persists"),
    ]
    (report,) = coverage(registry.articles, citations)
    assert report.sentences == 33
    assert report.cited_sentences == 3
    assert "s5.p4.x1" not in report.uncited
    assert "s2.p2.x1" not in report.uncited and "s2.p2.x2" not in report.uncited
    assert "s0.p1.x1" in report.uncited
    assert "s5" not in report.uncited_sections and "s0" in report.uncited_sections


def test_shipped_rules_cite_every_section(registry):
    citations = [c for compiled in registry.engine.rules for c in compiled.rule.evidence]
    (report,) = coverage(registry.articles, citations)
    assert report.uncited_sections == ()
