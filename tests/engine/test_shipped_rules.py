"""The shipped rule sets: every quote is an exact span, and every shipped rule test passes."""

import pytest

from service.registry import load_registry
from service.ruletests import load_rule_tests, run_rule_tests
from tests.conftest import CONFIG_DIR

_REGISTRY = load_registry(CONFIG_DIR)
_RULES = [compiled.rule for compiled in _REGISTRY.engine.rules]


def _citations(rule):
    """The rule's evidence and every grounded indicator's: all are held to the same standard."""
    yield from rule.evidence
    for indicator in rule.indicators:
        yield from indicator.evidence


@pytest.mark.parametrize("rule", _RULES, ids=[rule.id for rule in _RULES])
def test_every_evidence_is_an_exact_span_of_its_article(registry, rule):
    assert rule.evidence
    for citation in _citations(rule):
        article = registry.articles[citation.article_id]
        assert article.body[citation.start : citation.end] == citation.quote
        passage = article.passage(citation.passage_id)
        assert passage.start <= citation.start and citation.end <= passage.end
        assert passage.section_title == citation.section


@pytest.mark.parametrize("rule", _RULES, ids=[rule.id for rule in _RULES])
def test_every_rule_states_its_assumptions_and_what_to_watch(rule):
    assert rule.assumptions and all(text.strip() for text in rule.assumptions)
    # An assumption is the footing of the advice, not the rule's step of reasoning.
    assert rule.inference not in rule.assumptions
    assert rule.indicators
    for indicator in rule.indicators:
        assert indicator.direction in ("raises", "lowers")
        assert indicator.text.strip()
        assert indicator.inference == (not indicator.evidence)


def test_indicators_are_grounded_where_the_article_speaks_and_go_both_ways(registry):
    indicators = [i for rule in _RULES for i in rule.indicators]
    grounded = [i for i in indicators if not i.inference]
    assert len(grounded) >= len(_RULES), "most rules should watch something the article names"
    assert {i.direction for i in indicators} == {"raises", "lowers"}
    # The indicators' quotes reach beyond one sentence of the article.
    assert len({c.passage_id for i in grounded for c in i.evidence}) >= 10


def test_each_area_has_at_least_three_rules(registry):
    for ruleset in registry.rulesets:
        assert len(ruleset.rules) >= 3, ruleset.area


_TESTS = load_rule_tests(_REGISTRY)


@pytest.mark.parametrize("case", _TESTS, ids=[f"{t.file}:{t.name}" for t in _TESTS])
def test_shipped_rule_test_case_passes(registry, case):
    (result,) = run_rule_tests(registry, [case])
    assert result.missing == () and result.unexpected == ()


def test_every_rule_has_a_positive_and_a_negative_case(registry):
    fires = {rule_id for case in _TESTS for rule_id in case.fires}
    not_fires = {rule_id for case in _TESTS for rule_id in case.not_fires}
    for rule_id in registry.engine.by_id:
        assert rule_id in fires, f"{rule_id} has no case where it fires"
        assert rule_id in not_fires, f"{rule_id} has no case where it must not fire"
