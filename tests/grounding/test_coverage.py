"""The coverage report: sections cited, and quotes too thin to carry a claim."""

import pytest

from service.grounding.coverage import coverage, is_fragment, is_whole_sentence
from service.grounding.quotes import QuoteIndex


@pytest.fixture(scope="module")
def index(registry):
    return QuoteIndex(registry.articles)


def test_coverage_names_the_sections_cited_and_the_rest(registry, index):
    citations = [
        index.resolve("Engaging diplomatically with regional players is crucial."),
        index.resolve("are not sustainable. If this trend persists"),
    ]
    (report,) = coverage(registry.articles, citations)
    assert report.cited_sections == ("s2", "s5")
    assert report.uncited_sections == ("s0", "s1", "s3", "s4", "s6")


def test_shipped_rules_cite_every_section(registry):
    citations = [c for compiled in registry.engine.rules for c in compiled.rule.evidence]
    (report,) = coverage(registry.articles, citations)
    assert report.uncited_sections == ()


@pytest.mark.parametrize(
    ("quote", "fragment"),
    [
        ("must tread carefully", True),
        ("particularly involving North Korean soldiers", True),
        ("raises several geopolitical questions", True),
        # A short whole sentence, after its list item's bold label, carries its claim.
        ("Engaging diplomatically with regional players is crucial.", False),
        (
            "with casualty reports suggesting that around 1,000 had perished within a short span",
            False,
        ),
    ],
)
def test_fragments_are_short_and_not_whole_sentences(registry, index, quote, fragment):
    citation = index.resolve(quote)
    assert is_fragment(registry.articles[citation.article_id], citation) is fragment


def test_a_sentence_cut_short_is_not_whole(registry, index):
    article = registry.articles["dprk-troops-kursk"]
    assert is_whole_sentence(
        article,
        index.resolve(
            "This involves fortifying defense capabilities and developing strategic alliances."
        ),
    )
    assert not is_whole_sentence(
        article, index.resolve("This involves fortifying defense capabilities")
    )


def test_no_shipped_quote_is_a_fragment(registry):
    for compiled in registry.engine.rules:
        for citation in compiled.rule.evidence:
            article = registry.articles[citation.article_id]
            assert not is_fragment(article, citation), (compiled.rule.id, citation.quote)
