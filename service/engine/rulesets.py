"""Read rule set files (one YAML file per area) into validated Rule objects, reporting every problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from service.engine.conditions import ConditionError, did_you_mean, parse_condition
from service.engine.model import DIRECTIONS, Boost, Indicator, Rule, Tension
from service.engine.policy import ADVERSARIES, guarded, side_guard
from service.errors import ConfigError, ConfigIssue
from service.grounding.quotes import Citation
from service.vocabulary import Vocabulary

Resolver = Callable[[str, str | None], Citation]

REQUIRED = (
    "id",
    "title",
    "action",
    "rationale",
    "severity",
    "horizon",
    "when",
    "evidence",
    "assumptions",
    "indicators",
)
OPTIONAL = (
    "inference",
    "presumes_adversary",
    "operational_military",
    "boosts",
    "cautions",
    "tensions",
)
FILE_KEYS = {"area", "id_prefix", "rules"}
OPTIONAL_FILE_KEYS = {"gaps"}
RULE_ID = re.compile(r"^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TEXT = 600
MAX_INFERENCE = 300
MAX_INDICATOR = 200


@dataclass(frozen=True)
class Gap:
    """A stakeholder type the article gives nothing in this area, and why."""

    stakeholder_type: str
    reason: str


@dataclass(frozen=True)
class RuleSet:
    area: str
    id_prefix: str
    file: str
    rules: tuple[Rule, ...]
    gaps: tuple[Gap, ...] = ()


def load_rulesets(
    directory: Path, vocabulary: Vocabulary, resolve: Resolver, base: Path
) -> tuple[RuleSet, ...]:
    """Every `<area>.yaml` in the directory, in vocabulary area order; all areas must be present."""
    issues: list[ConfigIssue] = []
    rulesets: list[RuleSet] = []
    declared: list[tuple[str, str]] = []
    areas = vocabulary.values("areas")
    files = {path.stem: path for path in sorted(directory.glob("*.yaml"))}
    for stem in files:
        if stem not in areas:
            issues.append(
                ConfigIssue(
                    _name(files[stem], base),
                    None,
                    "",
                    f"'{stem}' is not an area{did_you_mean(stem, areas)}; rule set files are "
                    f"named after their area",
                )
            )
    for area in areas:
        if area not in files:
            issues.append(ConfigIssue(_name(directory, base), None, "", f"no rule set for {area}"))
            continue
        ruleset = _load_file(files[area], area, vocabulary, resolve, base, issues, declared)
        if ruleset is not None:
            rulesets.append(ruleset)
    _check_across(rulesets, declared, issues)
    if issues:
        raise ConfigError(issues)
    return tuple(rulesets)


def _name(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _load_file(
    path: Path,
    area: str,
    vocabulary: Vocabulary,
    resolve: Resolver,
    base: Path,
    issues: list[ConfigIssue],
    declared: list[tuple[str, str]],
) -> RuleSet | None:
    name = _name(path, base)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        issues.append(ConfigIssue(name, None, "", f"cannot parse YAML: {exc}"))
        return None
    if not isinstance(raw, dict) or not FILE_KEYS <= set(raw) <= FILE_KEYS | OPTIONAL_FILE_KEYS:
        issues.append(
            ConfigIssue(
                name, None, "", "must be a mapping of: area, id_prefix, rules (and optionally gaps)"
            )
        )
        return None
    if raw["area"] != area:
        issues.append(ConfigIssue(name, None, "area", f"must be '{area}' to match the file name"))
    prefix = raw["id_prefix"]
    if not isinstance(prefix, str) or not re.fullmatch(r"[a-z]+", prefix):
        issues.append(ConfigIssue(name, None, "id_prefix", "must be lowercase letters"))
        prefix = ""
    if not isinstance(raw["rules"], list) or not raw["rules"]:
        issues.append(ConfigIssue(name, None, "rules", "must be a non-empty list"))
        return None
    parser = _RuleParser(name, area, prefix, vocabulary, resolve, issues, declared)
    rules = [parser.parse(index, item) for index, item in enumerate(raw["rules"])]
    gaps = _gaps(raw.get("gaps", []), vocabulary, name, issues)
    return RuleSet(area, prefix, name, tuple(r for r in rules if r is not None), gaps)


def _gaps(
    raw: Any, vocabulary: Vocabulary, name: str, issues: list[ConfigIssue]
) -> tuple[Gap, ...]:
    """Documented gaps: each names a stakeholder type once and says why in its own words."""
    if not isinstance(raw, list):
        issues.append(ConfigIssue(name, None, "gaps", "must be a list"))
        return ()
    types = vocabulary.values("stakeholder_types")
    gaps: list[Gap] = []
    for index, item in enumerate(raw):
        path = f"gaps.{index}"
        if not isinstance(item, dict) or set(item) != {"stakeholder_type", "reason"}:
            issues.append(
                ConfigIssue(name, None, path, "a gap needs exactly: stakeholder_type, reason")
            )
            continue
        kind, reason = item["stakeholder_type"], item["reason"]
        if kind not in types:
            issues.append(
                ConfigIssue(
                    name,
                    None,
                    f"{path}.stakeholder_type",
                    f"unknown stakeholder type {kind!r}{did_you_mean(kind, types)}",
                )
            )
        elif any(gap.stakeholder_type == kind for gap in gaps):
            issues.append(ConfigIssue(name, None, f"{path}.stakeholder_type", "listed twice"))
        elif not isinstance(reason, str) or not reason.strip():
            issues.append(ConfigIssue(name, None, f"{path}.reason", "must be non-empty text"))
        else:
            gaps.append(Gap(kind, " ".join(reason.split())))
    return tuple(gaps)


class _RuleParser:
    def __init__(
        self,
        file: str,
        area: str,
        prefix: str,
        vocabulary: Vocabulary,
        resolve: Resolver,
        issues: list[ConfigIssue],
        declared: list[tuple[str, str]],
    ) -> None:
        self.file, self.area, self.prefix = file, area, prefix
        self.vocabulary, self.resolve, self.issues = vocabulary, resolve, issues
        self.declared = declared
        self.fields = vocabulary.fields()

    def parse(self, index: int, raw: Any) -> Rule | None:
        if not isinstance(raw, dict):
            self._issue(None, f"rules.{index}", "a rule must be a mapping")
            return None
        rule_id = raw.get("id") if isinstance(raw.get("id"), str) else None
        label = rule_id or f"#{index}"
        if rule_id is not None:
            self.declared.append((rule_id, self.file))
        before = len(self.issues)
        for key in raw:
            if key not in REQUIRED + OPTIONAL:
                self._issue(label, key, f"unknown key{did_you_mean(key, REQUIRED + OPTIONAL)}")
        for key in REQUIRED:
            if key not in raw:
                self._issue(label, key, "required")
        if rule_id is None or not RULE_ID.match(rule_id):
            self._issue(label, "id", "must look like '<prefix>.<words-with-dashes>'")
        elif self.prefix and not rule_id.startswith(self.prefix + "."):
            self._issue(label, "id", f"must start with '{self.prefix}.' in this rule set")
        texts = {
            key: self._text(label, key, raw.get(key)) for key in ("title", "action", "rationale")
        }
        severity = self._choice(label, "severity", raw.get("severity"), "severities")
        horizon = self._choice(label, "horizon", raw.get("horizon"), "horizons")
        when = self._condition(label, "when", raw.get("when")) if "when" in raw else None
        boosts = self._boosts(label, raw.get("boosts", []))
        cautions = self._cautions(label, raw.get("cautions", []))
        tensions = self._tensions(label, raw.get("tensions", []))
        evidence = self._evidence(label, "evidence", raw.get("evidence"))
        assumptions = self._assumptions(label, raw.get("assumptions"))
        indicators = self._indicators(label, raw.get("indicators"))
        inference = self._inference(label, raw.get("inference"))
        presumes = self._adversaries(label, raw.get("presumes_adversary", []))
        operational = raw.get("operational_military", False)
        if not isinstance(operational, bool):
            self._issue(label, "operational_military", "must be true or false")
        if len(self.issues) > before or when is None:
            return None
        guard = side_guard(self.fields, presumes, operational)
        return Rule(
            id=str(rule_id),
            area=self.area,
            title=texts["title"],
            action=texts["action"],
            rationale=texts["rationale"],
            severity=severity,
            horizon=horizon,
            when=guarded(when, guard),
            boosts=boosts,
            cautions=cautions,
            tensions=tensions,
            evidence=evidence,
            file=self.file,
            inference=inference,
            presumes_adversary=presumes,
            operational_military=operational,
            assumptions=assumptions,
            indicators=indicators,
        )

    def _issue(self, rule_id: str | None, path: str, message: str) -> None:
        self.issues.append(ConfigIssue(self.file, rule_id, path, message))

    def _text(self, label: str, path: str, value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self._issue(label, path, "must be non-empty text")
            return ""
        if len(value) > MAX_TEXT:
            self._issue(label, path, f"longer than {MAX_TEXT} characters")
        return " ".join(value.split())

    def _inference(self, label: str, value: Any) -> str | None:
        if value is None:
            return None
        return self._one_line(label, "inference", value, MAX_INFERENCE) or None

    def _adversaries(self, label: str, raw: Any) -> tuple[str, ...]:
        values = self._list(label, "presumes_adversary", raw)
        for index, value in enumerate(values):
            if value not in ADVERSARIES:
                self._issue(
                    label,
                    f"presumes_adversary.{index}",
                    f"unknown adversary {value!r} (one of: {', '.join(ADVERSARIES)})",
                )
        if len(set(map(str, values))) != len(values):
            self._issue(label, "presumes_adversary", "the list repeats a value")
        return tuple(a for a in ADVERSARIES if a in values)

    def _choice(self, label: str, path: str, value: Any, group: str) -> str:
        choices = self.vocabulary.values(group)
        if value is not None and value not in choices:
            self._issue(
                label,
                path,
                f"unknown {path} {value!r}{did_you_mean(value, choices)} "
                f"(one of: {', '.join(choices)})",
            )
        return str(value)

    def _condition(self, label: str, path: str, raw: Any):
        errors: list[ConditionError] = []
        node = parse_condition(raw, self.fields, path, errors)
        for error in errors:
            self._issue(label, error.path, error.message)
        return node

    def _list(self, label: str, path: str, value: Any) -> list[Any]:
        if not isinstance(value, list):
            self._issue(label, path, "must be a list")
            return []
        return value

    def _boosts(self, label: str, raw: Any) -> tuple[Boost, ...]:
        boosts = []
        for index, item in enumerate(self._list(label, "boosts", raw)):
            path = f"boosts.{index}"
            if not isinstance(item, dict) or set(item) != {"when", "by", "reason"}:
                self._issue(label, path, "a boost needs exactly: when, by, reason")
                continue
            by = item["by"]
            if isinstance(by, bool) or not isinstance(by, int | float) or not 0 < by <= 1:
                self._issue(label, f"{path}.by", f"must be a number in (0, 1], got {by!r}")
                continue
            when = self._condition(label, f"{path}.when", item["when"])
            reason = self._text(label, f"{path}.reason", item["reason"])
            if when is not None and reason:
                boosts.append(Boost(when, float(by), reason))
        return tuple(boosts)

    def _cautions(self, label: str, raw: Any) -> tuple[str, ...]:
        return tuple(
            self._text(label, f"cautions.{index}", item)
            for index, item in enumerate(self._list(label, "cautions", raw))
        )

    def _tensions(self, label: str, raw: Any) -> tuple[Tension, ...]:
        tensions = []
        for index, item in enumerate(self._list(label, "tensions", raw)):
            path = f"tensions.{index}"
            if not isinstance(item, dict) or set(item) != {"with", "note"}:
                self._issue(label, path, "a tension needs exactly: with, note")
                continue
            note = self._text(label, f"{path}.note", item["note"])
            tensions.append(Tension(str(item["with"]), note))
        return tuple(tensions)

    def _one_line(self, label: str, path: str, value: Any, limit: int) -> str:
        if isinstance(value, str) and "\n" in value.strip():
            self._issue(label, path, "must be one line")
        text = self._text(label, path, value)
        if len(text) > limit:
            self._issue(label, path, f"longer than {limit} characters")
        return text

    def _assumptions(self, label: str, raw: Any) -> tuple[str, ...]:
        """At least one premise the advice takes for granted, each stated once, on one line."""
        if raw is None:
            return ()
        items = self._list(label, "assumptions", raw)
        if not items and isinstance(raw, list):
            self._issue(label, "assumptions", "at least one assumption is required")
        texts = [
            self._one_line(label, f"assumptions.{index}", item, MAX_INFERENCE)
            for index, item in enumerate(items)
        ]
        if len(set(texts)) != len(texts):
            self._issue(label, "assumptions", "the list repeats an assumption")
        return tuple(texts)

    def _indicators(self, label: str, raw: Any) -> tuple[Indicator, ...]:
        """What to watch: each grounded in the article's words or marked as our own inference."""
        if raw is None:
            return ()
        items = self._list(label, "indicators", raw)
        if not items and isinstance(raw, list):
            self._issue(label, "indicators", "at least one indicator is required")
        indicators = []
        for index, item in enumerate(items):
            path = f"indicators.{index}"
            keys = set(item) if isinstance(item, dict) else set()
            if keys not in ({"text", "direction", "evidence"}, {"text", "direction", "inference"}):
                self._issue(
                    label,
                    path,
                    "an indicator needs text, direction and either evidence or inference: true",
                )
                continue
            text = self._one_line(label, f"{path}.text", item["text"], MAX_INDICATOR)
            direction = item["direction"]
            if direction not in DIRECTIONS:
                self._issue(
                    label,
                    f"{path}.direction",
                    f"must be one of: {', '.join(DIRECTIONS)}, got {direction!r}",
                )
            if "inference" in item and item["inference"] is not True:
                self._issue(
                    label,
                    f"{path}.inference",
                    "must be true; give evidence instead where the article speaks to it",
                )
            evidence = self._evidence(label, f"{path}.evidence", item.get("evidence"))
            indicators.append(Indicator(text, str(direction), evidence))
        return tuple(indicators)

    def _evidence(self, label: str, where: str, raw: Any) -> tuple[Citation, ...]:
        """Quotes resolved to exact spans of an article; `where` is `evidence` or an indicator's."""
        if raw is None:
            return ()
        items = self._list(label, where, raw)
        if not items and isinstance(raw, list):
            self._issue(label, where, "at least one quote is required")
        citations = []
        for index, item in enumerate(items):
            path = f"{where}.{index}"
            if not isinstance(item, dict) or not {"quote"} <= set(item) <= {"quote", "article"}:
                self._issue(label, path, "evidence needs a quote (and optionally an article)")
                continue
            if not isinstance(item["quote"], str):
                self._issue(label, f"{path}.quote", "must be text")
                continue
            try:
                citations.append(self.resolve(item["quote"], item.get("article")))
            except LookupError as exc:
                self._issue(label, f"{path}.quote", str(exc))
        return tuple(citations)


def _check_across(
    rulesets: list[RuleSet], declared: list[tuple[str, str]], issues: list[ConfigIssue]
) -> None:
    """Checks that need every rule: unique ids and prefixes, tension targets that exist.

    `declared` holds every id written in a file, valid rule or not, so one broken rule does not
    also show up as an unknown tension target elsewhere.
    """
    prefixes: dict[str, str] = {}
    for ruleset in rulesets:
        if ruleset.id_prefix in prefixes:
            issues.append(
                ConfigIssue(
                    ruleset.file,
                    None,
                    "id_prefix",
                    f"'{ruleset.id_prefix}' is already used by {prefixes[ruleset.id_prefix]}",
                )
            )
        prefixes[ruleset.id_prefix] = ruleset.file
    seen: dict[str, str] = {}
    for rule_id, file in declared:
        if rule_id in seen:
            issues.append(
                ConfigIssue(file, rule_id, "id", f"duplicate id (also in {seen[rule_id]})")
            )
        seen.setdefault(rule_id, file)
    for ruleset in rulesets:
        for rule in ruleset.rules:
            for index, tension in enumerate(rule.tensions):
                if tension.with_id == rule.id:
                    issues.append(
                        ConfigIssue(rule.file, rule.id, f"tensions.{index}.with", "names itself")
                    )
                elif tension.with_id not in seen:
                    issues.append(
                        ConfigIssue(
                            rule.file,
                            rule.id,
                            f"tensions.{index}.with",
                            f"unknown rule '{tension.with_id}'"
                            f"{did_you_mean(tension.with_id, list(seen))}",
                        )
                    )
