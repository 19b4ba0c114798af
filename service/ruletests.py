"""Rule test cases shipped beside each rule set: a profile in, rule ids that must or must not fire."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml

from service.errors import ConfigError, ConfigIssue, ProfileInvalid
from service.profile import normalise
from service.registry import Registry

CASE_KEYS = {"name", "profile", "example", "fires", "not_fires"}


@dataclass(frozen=True)
class RuleTest:
    file: str
    name: str
    profile: dict[str, Any]
    fires: tuple[str, ...]
    not_fires: tuple[str, ...]


@dataclass(frozen=True)
class RuleTestResult:
    test: RuleTest
    missing: tuple[str, ...]
    unexpected: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.missing and not self.unexpected


def load_rule_tests(registry: Registry) -> list[RuleTest]:
    """Every case in config/rulesets/tests/*.yaml, checked against the rules and the profile schema."""
    config_dir = registry.config_dir
    known = set(registry.engine.by_id)
    issues: list[ConfigIssue] = []
    tests: list[RuleTest] = []
    for path in sorted((config_dir / "rulesets" / "tests").glob("*.yaml")):
        name = str(path.relative_to(config_dir))
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            issues.append(ConfigIssue(name, None, "", f"cannot parse YAML: {exc}"))
            continue
        if not isinstance(raw, list):
            issues.append(ConfigIssue(name, None, "", "must be a list of test cases"))
            continue
        for index, case in enumerate(raw):
            test = _parse_case(registry, name, index, case, known, issues)
            if test is not None:
                tests.append(test)
    if issues:
        raise ConfigError(issues)
    return tests


def _parse_case(
    registry: Registry,
    file: str,
    index: int,
    case: Any,
    known: set[str],
    issues: list[ConfigIssue],
) -> RuleTest | None:
    where = f"{index}"
    if not isinstance(case, dict) or not case.get("name") or not set(case) <= CASE_KEYS:
        issues.append(
            ConfigIssue(
                file, None, where, f"a case is a mapping of: {', '.join(sorted(CASE_KEYS))}"
            )
        )
        return None
    where = f"{index} ({case['name']})"
    if ("profile" in case) == ("example" in case):
        issues.append(ConfigIssue(file, None, where, "give exactly one of: profile, example"))
        return None
    raw_profile = case.get("profile")
    if "example" in case:
        example = registry.config_dir / "examples" / f"{case['example']}.json"
        try:
            raw_profile = json.loads(example.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            issues.append(ConfigIssue(file, None, f"{where}.example", f"cannot load: {exc}"))
            return None
    try:
        profile = normalise(registry.profile_schema, raw_profile)
    except ProfileInvalid as exc:
        for field, messages in exc.errors.items():
            issues.append(ConfigIssue(file, None, f"{where}.profile.{field}", " ".join(messages)))
        return None
    lists = {}
    for key in ("fires", "not_fires"):
        ids = case.get(key, [])
        if not isinstance(ids, list):
            issues.append(ConfigIssue(file, None, f"{where}.{key}", "must be a list of rule ids"))
            return None
        for rule_id in ids:
            if rule_id not in known:
                issues.append(
                    ConfigIssue(file, None, f"{where}.{key}", f"unknown rule '{rule_id}'")
                )
        lists[key] = tuple(ids)
    if not lists["fires"] and not lists["not_fires"]:
        issues.append(ConfigIssue(file, None, where, "expects nothing: add fires or not_fires"))
    return RuleTest(file, str(case["name"]), profile, lists["fires"], lists["not_fires"])


def run_rule_tests(registry: Registry, tests: list[RuleTest]) -> list[RuleTestResult]:
    results = []
    for test in tests:
        fired = set(registry.engine.fired(test.profile))
        results.append(
            RuleTestResult(
                test,
                missing=tuple(r for r in test.fires if r not in fired),
                unexpected=tuple(r for r in test.not_fires if r in fired),
            )
        )
    return results
