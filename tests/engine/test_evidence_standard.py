"""The evidence standard of the shipped rules, beyond exact spans (test_shipped_rules.py).

The source's slip ("preparedness" for unpreparedness) is never cited or repeated unflagged;
law-of-armed-conflict and prisoner advice, which the article does not discuss, comes with an
inference that says so; and every answer's caveats describe the source honestly.
"""

import re

import pytest

from service.registry import caveats, load_registry
from tests.conftest import CONFIG_DIR

_RULES = [compiled.rule for compiled in load_registry(CONFIG_DIR).engine.rules]
_OUR_TEXT = ("title", "action", "rationale", "inference")
_BEYOND_THE_ARTICLE = re.compile(r"Geneva|laws? of war|humanitarian law|prisoner|refoulement", re.I)


def _texts(rule):
    yield from (getattr(rule, key) or "" for key in _OUR_TEXT)
    yield from rule.cautions
    yield from rule.assumptions
    yield from (indicator.text for indicator in rule.indicators)


@pytest.mark.parametrize("rule", _RULES, ids=[rule.id for rule in _RULES])
def test_the_preparedness_slip_is_never_cited_or_repeated_unflagged(rule):
    for citation in (*rule.evidence, *(c for i in rule.indicators for c in i.evidence)):
        assert "preparedness for modern warfare" not in citation.quote
    for text in _texts(rule):
        if "preparedness" in text:
            assert "[sic]" in text, text


@pytest.mark.parametrize("rule", _RULES, ids=[rule.id for rule in _RULES])
def test_advice_the_article_does_not_discuss_is_marked_as_inference(rule):
    advice = " ".join((rule.title, rule.action))
    if _BEYOND_THE_ARTICLE.search(advice):
        assert rule.inference, f"{rule.id} gives prisoner or law-of-war advice without an inference"
    # The rationale restates the article, which never discusses prisoners or the laws of war.
    assert not _BEYOND_THE_ARTICLE.search(rule.rationale), rule.rationale


def test_caveats_describe_the_source_honestly(registry):
    text = " ".join(caveats(registry.articles))
    assert "publisher unknown" in text and "date unknown" in text
    assert "only the date it was retrieved" in text
    assert "publisher and publication date are unknown" in text
    assert (
        "central claim rests on an announcement by Ukraine's president, a belligerent's leader"
        in text
    )
    assert "unnamed reports" in text


def test_the_article_metadata_says_what_is_unknown(registry):
    article = registry.articles["dprk-troops-kursk"]
    metadata = article.metadata()
    assert metadata["publisher"] is None and metadata["published"] is None
    assert metadata["retrieved"] == "2026-11-25"
    assert "belligerent" in article.central_claim_by


def test_recommendations_carry_the_rules_inference(registry):
    from service.profile import normalise
    from service.wire import evaluation_dict
    from tests.conftest import load_example

    profile = normalise(registry.profile_schema, load_example("icrc"))
    result = evaluation_dict(registry.engine.evaluate(profile))
    by_id = {compiled.rule.id: compiled.rule for compiled in registry.engine.rules}
    for recommendation in result["recommendations"]:
        assert recommendation["inference"] == by_id[recommendation["id"]].inference
    assert any(r["inference"] for r in result["recommendations"])
    assert any(r["inference"] is None for r in result["recommendations"])
