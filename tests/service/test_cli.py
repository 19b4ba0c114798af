"""The command line: exit codes 0/1/2 and output a person can act on."""

import json

import pytest
from click.testing import CliRunner

from service.cli import main
from tests.conftest import EXAMPLES_DIR


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, **kwargs):
        return runner.invoke(main, list(args), catch_exceptions=False, **kwargs)

    return invoke


def test_lint_passes_on_the_shipped_config(run):
    result = run("rules", "lint")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


def test_lint_lists_every_error_and_exits_1(run, config_copy, edit_yaml):
    def break_rules(data):
        data["rules"][0]["severity"] = "severe"
        data["rules"][1]["when"] = {"stakeholder_typ": {"eq": "legislature"}}

    edit_yaml(config_copy / "rulesets/military_readiness.yaml", break_rules)
    result = run("--config-dir", str(config_copy), "rules", "lint")
    assert result.exit_code == 1
    assert "configuration error (2):" in result.output
    assert "rule mil.regional-defence-posture: severity: unknown severity 'severe'" in result.output
    assert (
        "rule mil.dprk-combat-lessons: when.stakeholder_typ: unknown profile field" in result.output
    )


def test_lint_reports_broken_rule_tests(run, config_copy, edit_yaml):
    edit_yaml(
        config_copy / "rulesets/tests/humanitarian.yaml", lambda d: d[0]["fires"].append("hum.nope")
    )
    result = run("--config-dir", str(config_copy), "rules", "lint")
    assert result.exit_code == 1
    assert "unknown rule 'hum.nope'" in result.output


def test_rules_test_passes_and_fails(run, config_copy, edit_yaml):
    assert run("rules", "test").exit_code == 0
    edit_yaml(
        config_copy / "rulesets/tests/humanitarian.yaml",
        lambda d: d[0]["fires"].append("hum.dprk-internal-crisis"),
    )
    result = run("--config-dir", str(config_copy), "rules", "test")
    assert result.exit_code == 1
    assert "expected to fire: hum.dprk-internal-crisis" in result.output


def test_coverage_passes_on_the_shipped_rules(run):
    result = run("rules", "coverage")
    assert result.exit_code == 0, result.output
    assert "dprk-troops-kursk: 7/7 sections cited" in result.output
    assert "sentences cited" not in result.output
    assert "  defence_ministry: military_readiness " in result.output
    assert "gap media_organisation / diplomatic: " in result.output
    assert "examples with the same top three: 0" in result.output
    assert result.output.rstrip().endswith("0 findings")


def test_coverage_flags_a_fragment_quote(run, config_copy, edit_yaml):
    def thin(data):
        data["rules"][0]["evidence"] = [
            {"quote": "Stakeholders across the globe must tread carefully"}
        ]

    edit_yaml(config_copy / "rulesets/humanitarian.yaml", thin)
    result = run("--config-dir", str(config_copy), "rules", "coverage")
    assert result.exit_code == 1
    assert (
        "hum.casualty-surge-preparedness: 'Stakeholders across the globe must tread carefully'"
        in (result.output)
    )


def test_coverage_flags_a_type_left_without_rules_or_gap(run, config_copy, edit_yaml):
    edit_yaml(config_copy / "rulesets/diplomatic.yaml", lambda d: d.pop("gaps"))
    result = run("--config-dir", str(config_copy), "rules", "coverage")
    assert result.exit_code == 1
    assert "UNREACHED media_organisation / diplomatic: no rule and no gap" in result.output


def test_coverage_flags_a_gap_that_rules_reach(run, config_copy, edit_yaml):
    def stale(data):
        data["gaps"].append({"stakeholder_type": "legislature", "reason": "none"})

    edit_yaml(config_copy / "rulesets/diplomatic.yaml", stale)
    result = run("--config-dir", str(config_copy), "rules", "coverage")
    assert result.exit_code == 1
    assert "STALE GAP legislature / diplomatic" in result.output


def test_coverage_flags_a_value_no_rule_reads(run, config_copy, edit_yaml):
    def add_alliance(data):
        data["alliances"]["aukus"] = {"label": "AUKUS", "description": "Member of AUKUS."}

    edit_yaml(config_copy / "vocabulary.yaml", add_alliance)
    result = run("--config-dir", str(config_copy), "rules", "coverage")
    assert result.exit_code == 1
    assert "unread alliances: aukus" in result.output


def test_assess_prints_ranked_grounded_json(run, registry):
    result = run("assess", str(EXAMPLES_DIR / "kr-defence-ministry.json"))
    assert result.exit_code == 0
    assessment = json.loads(result.output)
    recs = assessment["recommendations"]
    assert recs and recs[0]["rank"] == 1
    body = registry.articles["dprk-troops-kursk"].body
    assert all(body[e["start"] : e["end"]] == e["quote"] for r in recs for e in r["evidence"])
    assert (
        assessment["versions"]["articles"]["dprk-troops-kursk"]
        == registry.articles["dprk-troops-kursk"].version
    )
    assert assessment["caveats"]
    assert (assessment["id"], assessment["stored"]) == (None, False)


def test_assess_markdown_memo(run):
    result = run("assess", "--format", "markdown", str(EXAMPLES_DIR / "eu-newsroom.json"))
    assert result.exit_code == 0
    assert result.output.startswith("# Briefing: European public broadcaster, foreign desk")
    assert "## Recommendations" in result.output and "## Caveats" in result.output
    assert "> The grim realities of warfare" in result.output
    assert "*Dry run, not stored, " in result.output


def test_assess_from_stdin_with_explain(run):
    result = run("assess", "--explain", "-", input=json.dumps({"stakeholder_type": "legislature"}))
    assert result.exit_code == 0
    assert "not_applicable" in json.loads(result.output)


def test_invalid_profile_exits_2_with_a_problem(run):
    result = run("assess", "-", input=json.dumps({"stakeholder_type": "ministry"}))
    assert result.exit_code == 2
    problem = json.loads(result.stderr)
    assert problem["status"] == 422
    assert problem["type"] == "/problems/validation-error"
    assert problem["errors"] == {
        "stakeholder_type": [
            {
                "code": "unknown_value",
                "message": "Unknown value 'ministry'; did you mean 'foreign_ministry'?",
                "suggestion": "foreign_ministry",
            }
        ]
    }


def test_malformed_json_is_a_usage_error(run):
    assert run("assess", "-", input="{not json").exit_code == 2


@pytest.mark.parametrize(
    "text",
    [
        '{"stakeholder_type": "legislature", "public_casualty_sensitivity": NaN}',
        '{"stakeholder_type": "legislature", "stakeholder_type": "legislature"}',
    ],
)
def test_json_the_api_refuses_is_refused_here_too(run, text):
    result = run("assess", "-", input=text)
    assert result.exit_code == 2
    assert "not valid JSON" in result.stderr


def test_huge_numbers_are_out_of_range_here_too(run):
    text = '{"stakeholder_type": "legislature", "capacities": {"military": ' + "9" * 5000 + "}}"
    result = run("assess", "-", input=text)
    assert result.exit_code == 2
    assert json.loads(result.stderr)["errors"] == {
        "capacities.military": [{"code": "out_of_range", "message": "Must be between 0 and 1."}]
    }


def test_broken_config_stops_assess_with_exit_2(run, config_copy):
    (config_copy / "scoring.yaml").write_text("tiers: 3\n", encoding="utf-8")
    result = run("--config-dir", str(config_copy), "assess", str(EXAMPLES_DIR / "eu-newsroom.json"))
    assert result.exit_code == 2
    assert "scoring.yaml: tiers: must be a non-empty list" in result.stderr
