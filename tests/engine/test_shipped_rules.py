"""The shipped rule sets: every quote is an exact span, and every shipped rule test passes."""

import pytest

from service.registry import load_registry
from service.ruletests import load_rule_tests, run_rule_tests
from tests.conftest import CONFIG_DIR

_REGISTRY = load_registry(CONFIG_DIR)
_RULES = [compiled.rule for compiled in _REGISTRY.engine.rules]


@pytest.mark.parametrize("rule", _RULES, ids=[rule.id for rule in _RULES])
def test_every_evidence_is_an_exact_span_of_its_article(registry, rule):
    assert rule.evidence
    for citation in rule.evidence:
        article = registry.articles[citation.article_id]
        assert article.body[citation.start : citation.end] == citation.quote
        passage = article.passage(citation.passage_id)
        assert passage.start <= citation.start and citation.end <= passage.end
        assert passage.section_title == citation.section


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
