"""Quote resolution: tolerant matching, exact spans, clear failures."""

import hashlib

import pytest

from service.grounding.quotes import QuoteAmbiguous, QuoteIndex, QuoteNotFound
from tests.conftest import ARTICLE_ID, CONFIG_DIR


@pytest.fixture(scope="module")
def index(registry):
    return QuoteIndex(registry.articles)


def test_exact_quote_resolves_to_its_sentence(index, article):
    citation = index.resolve("Engaging diplomatically with regional players is crucial.")
    assert citation.passage_id == "s5.p4.x1"
    assert citation.section == "Considerations for Stakeholders"
    assert article.body[citation.start : citation.end] == citation.quote


def test_folding_straight_quotes_and_whitespace_returns_the_article_characters(index, article):
    citation = index.resolve("Zelensky's   assertion that\nNorth Korean troops", ARTICLE_ID)
    assert citation.quote == "Zelensky’s assertion that North Korean troops"
    assert article.body[citation.start : citation.end] == citation.quote


def test_dash_styles_fold(index):
    citation = index.resolve("participate in modern combat-analysts note")
    assert citation.quote == "participate in modern combat—analysts note"


def test_quote_spanning_sentences_resolves_to_the_paragraph(index):
    citation = index.resolve("are not sustainable. If this trend persists")
    assert citation.passage_id == "s2.p2"


def test_a_one_sentence_paragraph_cites_the_sentence(index):
    citation = index.resolve("several factors require careful consideration")
    assert citation.passage_id == "s5.p1.x1"


def test_missing_quote_is_reported(index):
    with pytest.raises(QuoteNotFound, match="quote not found"):
        index.resolve("North Korea has withdrawn all troops")


def test_ambiguous_quote_is_reported_with_both_places(index):
    with pytest.raises(QuoteAmbiguous, match=r"found \d+ times"):
        index.resolve("North Korean troops")


def test_unknown_article_is_reported(index):
    with pytest.raises(QuoteNotFound, match="unknown article 'nope'"):
        index.resolve("Engaging diplomatically", "nope")


def test_quote_across_sections_is_refused(index):
    with pytest.raises(QuoteAmbiguous, match="more than one section"):
        index.resolve("the unfolding situation. ### Understanding the Context")


def test_article_version_is_the_sha256_of_the_file(article):
    raw = (CONFIG_DIR / "articles" / f"{ARTICLE_ID}.txt").read_bytes()
    assert article.version == hashlib.sha256(raw).hexdigest()
    assert article.body.encode("utf-8") == raw
    assert not raw.endswith(b"\n")
