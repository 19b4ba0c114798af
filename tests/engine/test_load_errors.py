"""Every class of load error, each from one broken fixture, names its file, rule and path."""

from pathlib import Path

import pytest

from service.errors import ConfigError
from service.registry import load_registry

MIL = "rulesets/military_readiness.yaml"
POSTURE = "mil.regional-defence-posture"


def _rule(data, rule_id=POSTURE):
    return next(rule for rule in data["rules"] if rule["id"] == rule_id)


def _load_issues(config: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_registry(config)
    return [str(issue) for issue in caught.value.issues]


BROKEN_RULES = [
    pytest.param(
        lambda d: _rule(d)["when"]["all"].__setitem__(
            0, {"exposure.korean_peninsulaa": {"eq": "frontline"}}
        ),
        "when.all.0.exposure.korean_peninsulaa",
        "unknown profile field 'exposure.korean_peninsulaa'; did you mean 'exposure.korean_peninsula'?",
        id="unknown-field",
    ),
    pytest.param(
        lambda d: _rule(d)["when"]["all"].__setitem__(
            1, {"stakeholder_type": {"is": "defence_ministry"}}
        ),
        "when.all.1.stakeholder_type.is",
        "unknown operator 'is'",
        id="unknown-operator",
    ),
    pytest.param(
        lambda d: _rule(d)["when"]["all"].__setitem__(
            1, {"stakeholder_type": {"contains": "defence_ministry"}}
        ),
        "when.all.1.stakeholder_type.contains",
        "operator 'contains' does not apply to 'stakeholder_type' (enum); use one of: eq, ne, in, not_in, exists",
        id="operator-kind",
    ),
    pytest.param(
        lambda d: _rule(d)["when"]["all"].__setitem__(
            1, {"stakeholder_type": {"in": ["defence_ministy"]}}
        ),
        "when.all.1.stakeholder_type.in",
        "unknown value 'defence_ministy' for 'stakeholder_type'; did you mean 'defence_ministry'?",
        id="unknown-literal",
    ),
    pytest.param(
        lambda d: _rule(d)["when"]["all"].__setitem__(1, {"capacities.military": {"gte": 1.5}}),
        "when.all.1.capacities.military.gte",
        "1.5 is outside 0.0..1.0 for 'capacities.military'",
        id="number-out-of-range",
    ),
    pytest.param(
        lambda d: _rule(d)["when"]["all"].__setitem__(
            1, {"capacities.military": {"between": [0.8, 0.2]}}
        ),
        "when.all.1.capacities.military.between",
        "expects a list [low, high] with low <= high",
        id="bad-range",
    ),
    pytest.param(
        lambda d: _rule(d)["when"].__setitem__("all", []),
        "when.all",
        "'all' takes a non-empty list",
        id="empty-all",
    ),
    pytest.param(
        lambda d: _rule(d).__setitem__(
            "when", {"all": [{"alliances": {"contains": "nato"}}], "any": []}
        ),
        "when",
        "'all' must be the only key of its mapping; nest it",
        id="mixed-combinators",
    ),
    pytest.param(
        lambda d: _rule(d).__setitem__("severity", "severe"),
        "severity",
        "unknown severity 'severe'",
        id="bad-severity",
    ),
    pytest.param(
        lambda d: _rule(d).pop("action"),
        "action",
        "required",
        id="missing-key",
    ),
    pytest.param(
        lambda d: _rule(d).__setitem__("titel", "x"),
        "titel",
        "unknown key; did you mean 'title'?",
        id="unknown-key",
    ),
    pytest.param(
        lambda d: _rule(d).__setitem__(
            "evidence", [{"quote": "North Korea has signed a peace treaty"}]
        ),
        "evidence.0.quote",
        "quote not found in any article",
        id="quote-not-found",
    ),
    pytest.param(
        lambda d: _rule(d).__setitem__("evidence", [{"quote": "North Korean troops"}]),
        "evidence.0.quote",
        "quote found",
        id="quote-ambiguous",
    ),
    pytest.param(
        lambda d: _rule(d).__setitem__(
            "evidence", [{"quote": "Engaging diplomatically", "article": "other"}]
        ),
        "evidence.0.quote",
        "unknown article 'other'",
        id="unknown-article",
    ),
    pytest.param(
        lambda d: _rule(d).__setitem__("evidence", []),
        "evidence",
        "at least one quote is required",
        id="no-evidence",
    ),
    pytest.param(
        lambda d: _rule(d).pop("assumptions"),
        "assumptions",
        "required",
        id="no-assumptions",
    ),
    pytest.param(
        lambda d: _rule(d).__setitem__("assumptions", []),
        "assumptions",
        "at least one assumption is required",
        id="empty-assumptions",
    ),
    pytest.param(
        lambda d: _rule(d).__setitem__("indicators", []),
        "indicators",
        "at least one indicator is required",
        id="no-indicators",
    ),
    pytest.param(
        lambda d: _rule(d)["indicators"][0]["evidence"][0].__setitem__(
            "quote", "South Korea and Japan sign a defence treaty"
        ),
        "indicators.0.evidence.0.quote",
        "quote not found in any article",
        id="indicator-quote-not-found",
    ),
    pytest.param(
        lambda d: _rule(d)["indicators"][0].__setitem__("direction", "raise"),
        "indicators.0.direction",
        "must be one of: raises, lowers, got 'raise'",
        id="indicator-direction",
    ),
    pytest.param(
        lambda d: _rule(d)["indicators"][0].__setitem__("inference", True),
        "indicators.0",
        "either evidence or inference: true",
        id="indicator-evidence-and-inference",
    ),
    pytest.param(
        lambda d: _rule(d)["indicators"][-1].__setitem__("inference", False),
        "indicators.2.inference",
        "must be true",
        id="indicator-inference-false",
    ),
    pytest.param(
        lambda d: _rule(d)["tensions"][0].__setitem__("with", "dip.regional-dialog"),
        "tensions.0.with",
        "unknown rule 'dip.regional-dialog'; did you mean 'dip.regional-dialogue'?",
        id="unknown-tension",
    ),
    pytest.param(
        lambda d: _rule(d)["boosts"][0].__setitem__("by", 2),
        "boosts.0.by",
        "must be a number in (0, 1]",
        id="bad-boost",
    ),
    pytest.param(
        lambda d: _rule(d).__setitem__("id", "dip.regional-defence-posture"),
        "id",
        "must start with 'mil.'",
        id="wrong-prefix",
    ),
]


@pytest.mark.parametrize(("change", "path", "message"), BROKEN_RULES)
def test_broken_rule_names_file_rule_and_path(config_copy, edit_yaml, change, path, message):
    edit_yaml(config_copy / MIL, change)
    issues = _load_issues(config_copy)
    rule_id = "dip.regional-defence-posture" if path == "id" else POSTURE
    expected_prefix = f"{MIL}: rule {rule_id}: {path}: "
    assert any(i.startswith(expected_prefix) and message in i for i in issues), issues


def test_duplicate_rule_id_across_files(config_copy, edit_yaml):
    edit_yaml(
        config_copy / "rulesets/diplomatic.yaml",
        lambda d: d["rules"].append({**d["rules"][0]}),
    )
    issues = _load_issues(config_copy)
    assert any(
        i.startswith("rulesets/diplomatic.yaml: rule dip.regional-dialogue: id: duplicate id")
        for i in issues
    ), issues


def test_yaml_syntax_error_names_the_file(config_copy):
    (config_copy / MIL).write_text("area: [unclosed\n", encoding="utf-8")
    issues = _load_issues(config_copy)
    assert any(i.startswith(f"{MIL}: cannot parse YAML") for i in issues), issues


def test_missing_area_file_and_stray_file(config_copy):
    (config_copy / "rulesets/humanitarian.yaml").rename(config_copy / "rulesets/humanitarain.yaml")
    issues = _load_issues(config_copy)
    assert "rulesets: no rule set for humanitarian" in issues
    assert any("'humanitarain' is not an area; did you mean 'humanitarian'?" in i for i in issues)


def test_every_error_is_reported_at_once(config_copy, edit_yaml):
    def break_two(data):
        _rule(data)["severity"] = "severe"
        _rule(data, "mil.dprk-combat-lessons")["horizon"] = "someday"

    edit_yaml(config_copy / MIL, break_two)
    edit_yaml(config_copy / "rulesets/public_opinion.yaml", lambda d: d["rules"][0].pop("title"))
    issues = _load_issues(config_copy)
    assert len(issues) == 3, issues


def test_a_broken_confidence_policy_stops_the_load_with_the_rules_errors(config_copy, edit_yaml):
    edit_yaml(config_copy / "confidence.yaml", lambda d: d["ceilings"].__setitem__("x", "high"))
    edit_yaml(config_copy / MIL, lambda d: _rule(d).pop("indicators"))
    issues = _load_issues(config_copy)
    assert "confidence.yaml: ceilings.x: unknown gap" in issues
    assert f"{MIL}: rule {POSTURE}: indicators: required" in issues


def test_tiers_and_confidence_levels_need_their_vocabulary_labels(config_copy, edit_yaml):
    def relabel(data):
        data["tiers"].pop("monitor")
        data["confidence_levels"].pop("moderate")

    edit_yaml(config_copy / "vocabulary.yaml", relabel)
    issues = _load_issues(config_copy)
    assert "vocabulary.yaml: confidence_levels: must be exactly: high, moderate, low" in issues
    assert "scoring.yaml: tiers.2.name: not a tier of the vocabulary" in issues


def test_broken_vocabulary_and_scoring_are_reported(config_copy, edit_yaml):
    edit_yaml(config_copy / "scoring.yaml", lambda d: d["area_weights"].pop("legislature"))
    issues = _load_issues(config_copy)
    assert "scoring.yaml: area_weights.legislature: missing" in issues
    edit_yaml(
        config_copy / "vocabulary.yaml",
        lambda d: d["alliances"].__setitem__("nato", {"label": "NATO"}),
    )
    issues = _load_issues(config_copy)
    assert "vocabulary.yaml: alliances.nato: needs a label and a description" in issues


def test_article_metadata_must_match_its_file(config_copy, edit_yaml):
    edit_yaml(config_copy / "articles/dprk-troops-kursk.yaml", lambda d: d.pop("title"))
    issues = _load_issues(config_copy)
    assert "dprk-troops-kursk.yaml: title: required" in issues
