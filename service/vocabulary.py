"""The controlled vocabulary of profiles and rules, and the catalogue of profile fields rules may test."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from service.configfile import read_mapping
from service.errors import ConfigError, ConfigIssue

GROUPS = (
    "stakeholder_types",
    "theatres",
    "exposure_levels",
    "alignments",
    "alliances",
    "circumstances",
    "relationships",
    "capacities",
    "areas",
    "horizons",
    "severities",
    "tiers",
    "confidence_levels",
)
PROFILE_DEFAULT_KEYS = {
    "alignment": "alignments",
    "exposure": "exposure_levels",
    "capacity": None,
    "public_casualty_sensitivity": None,
    "time_horizon": "horizons",
}


@dataclass(frozen=True)
class Term:
    value: str
    label: str
    description: str


class Kind(StrEnum):
    """How a profile field behaves in a rule test: which operators apply and what literals mean."""

    ENUM = "enum"
    ENUM_SET = "enum_set"
    NUMBER = "number"


@dataclass(frozen=True)
class FieldSpec:
    """A profile field path a rule may test, e.g. `exposure.korean_peninsula`."""

    path: str
    kind: Kind
    choices: tuple[str, ...] = ()
    minimum: float = 0.0
    maximum: float = 1.0

    @cached_property
    def order(self) -> dict[str, int]:
        """Each choice's place, to list a set of choices in vocabulary order without searching."""
        return {choice: index for index, choice in enumerate(self.choices)}


@dataclass(frozen=True)
class RelationshipDefaults:
    """The relationships a state body of a country has unless its profile says otherwise."""

    state_bodies: tuple[str, ...]
    by_country: dict[str, tuple[str, ...]]

    def for_body(self, stakeholder_type: str, country: str | None) -> list[str]:
        if stakeholder_type not in self.state_bodies or country is None:
            return []
        return list(self.by_country.get(country, ()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "state_bodies": list(self.state_bodies),
            "by_country": {c: list(v) for c, v in self.by_country.items()},
        }


@dataclass(frozen=True)
class Vocabulary:
    groups: dict[str, tuple[Term, ...]]
    countries: tuple[str, ...]
    defaults: dict[str, Any]
    relationship_defaults: RelationshipDefaults = RelationshipDefaults((), {})
    field_labels: dict[str, str] = field(default_factory=dict)

    def term(self, group: str, value: str) -> Term:
        return next(term for term in self.groups[group] if term.value == value)

    def values(self, group: str) -> tuple[str, ...]:
        return tuple(term.value for term in self.groups[group])

    def label(self, group: str, value: str) -> str:
        """A value's label for readers; a value the group lacks (an old stored one) as written."""
        return self._labels.get((group, value), value)

    @cached_property
    def _labels(self) -> dict[tuple[str, str], str]:
        return {(group, t.value): t.label for group, terms in self.groups.items() for t in terms}

    def as_dict(self) -> dict[str, Any]:
        """The vocabulary as plain data, for portals that build forms from it."""
        body: dict[str, Any] = {
            group: [
                {"value": t.value, "label": t.label, "description": t.description} for t in terms
            ]
            for group, terms in self.groups.items()
        }
        body["countries"] = list(self.countries)
        body["profile_defaults"] = dict(self.defaults)
        body["relationship_defaults"] = self.relationship_defaults.as_dict()
        return body

    def fields(self) -> dict[str, FieldSpec]:
        """Every profile fact a rule may test, keyed by its dotted path."""
        specs = [
            FieldSpec("stakeholder_type", Kind.ENUM, self.values("stakeholder_types")),
            FieldSpec("country", Kind.ENUM, self.countries),
            FieldSpec("alignment", Kind.ENUM, self.values("alignments")),
            FieldSpec("alliances", Kind.ENUM_SET, self.values("alliances")),
            FieldSpec("circumstances", Kind.ENUM_SET, self.values("circumstances")),
            FieldSpec("relationships", Kind.ENUM_SET, self.values("relationships")),
            FieldSpec("public_casualty_sensitivity", Kind.NUMBER),
            FieldSpec("time_horizon", Kind.ENUM, self.values("horizons")),
        ]
        specs += [
            FieldSpec(f"exposure.{theatre}", Kind.ENUM, self.values("exposure_levels"))
            for theatre in self.values("theatres")
        ]
        specs += [
            FieldSpec(f"capacities.{capacity}", Kind.NUMBER)
            for capacity in self.values("capacities")
        ]
        return {spec.path: spec for spec in specs}


def load_vocabulary(path: Path) -> Vocabulary:
    """Read and check vocabulary.yaml; every problem is reported at once as a ConfigError."""
    issues: list[ConfigIssue] = []
    name = path.name
    raw = read_mapping(path, "a mapping of groups")

    groups: dict[str, tuple[Term, ...]] = {}
    for group in GROUPS:
        entries = raw.get(group)
        if not isinstance(entries, dict) or not entries:
            issues.append(ConfigIssue(name, None, group, "missing or empty group"))
            continue
        terms = []
        for value, meta in entries.items():
            if not isinstance(meta, dict) or not meta.get("label") or not meta.get("description"):
                issues.append(
                    ConfigIssue(name, None, f"{group}.{value}", "needs a label and a description")
                )
                continue
            terms.append(Term(str(value), str(meta["label"]), str(meta["description"])))
        groups[group] = tuple(terms)

    countries = raw.get("countries")
    if not isinstance(countries, list) or not all(
        isinstance(c, str) and len(c) == 2 and c.isupper() for c in countries
    ):
        issues.append(ConfigIssue(name, None, "countries", "must be a list of alpha-2 codes"))
        countries = []

    defaults = raw.get("profile_defaults") or {}
    for key, group in PROFILE_DEFAULT_KEYS.items():
        if key not in defaults:
            issues.append(ConfigIssue(name, None, f"profile_defaults.{key}", "missing default"))
        elif group is None:
            if not isinstance(defaults[key], int | float) or not 0 <= defaults[key] <= 1:
                issues.append(
                    ConfigIssue(name, None, f"profile_defaults.{key}", "must be between 0 and 1")
                )
        elif group in groups and defaults[key] not in {t.value for t in groups[group]}:
            issues.append(
                ConfigIssue(name, None, f"profile_defaults.{key}", f"not a value of {group}")
            )
    relationship_defaults = _relationship_defaults(
        raw.get("relationship_defaults"), groups, tuple(countries), name, issues
    )
    field_labels = raw.get("field_labels")
    if not isinstance(field_labels, dict) or not all(
        isinstance(label, str) and label for label in field_labels.values()
    ):
        issues.append(ConfigIssue(name, None, "field_labels", "must map field names to labels"))
        field_labels = {}
    if issues:
        raise ConfigError(issues)
    return Vocabulary(
        groups=groups,
        countries=tuple(countries),
        defaults=dict(defaults),
        relationship_defaults=relationship_defaults,
        field_labels={str(key): label for key, label in field_labels.items()},
    )


def _relationship_defaults(
    raw: Any,
    groups: dict[str, tuple[Term, ...]],
    countries: tuple[str, ...],
    name: str,
    issues: list[ConfigIssue],
) -> RelationshipDefaults:
    """The documented country table; every type, country and relationship must be known."""
    where = "relationship_defaults"
    if not isinstance(raw, dict) or set(raw) != {"state_bodies", "by_country"}:
        issues.append(ConfigIssue(name, None, where, "needs exactly: state_bodies, by_country"))
        return RelationshipDefaults((), {})
    types = {t.value for t in groups.get("stakeholder_types", ())}
    relationships = {t.value for t in groups.get("relationships", ())}
    bodies = raw["state_bodies"]
    if not isinstance(bodies, list) or not set(bodies) <= types:
        issues.append(ConfigIssue(name, None, f"{where}.state_bodies", "not stakeholder types"))
        bodies = []
    table: dict[str, tuple[str, ...]] = {}
    for country, values in (raw["by_country"] or {}).items():
        path = f"{where}.by_country.{country}"
        if country not in countries:
            issues.append(ConfigIssue(name, None, path, "not a country of the vocabulary"))
        elif not isinstance(values, list) or not set(values) <= relationships:
            issues.append(ConfigIssue(name, None, path, "must list values of relationships"))
        else:
            order = [t.value for t in groups["relationships"]]
            table[country] = tuple(sorted(values, key=order.index))
    return RelationshipDefaults(tuple(bodies), table)
