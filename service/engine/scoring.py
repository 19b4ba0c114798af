"""Priority scores from config/scoring.yaml: transparent factors a reader can multiply out again."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from service.configfile import read_mapping
from service.engine.model import Boost, Rule
from service.engine.results import Breakdown, Priority
from service.errors import ConfigError, ConfigIssue
from service.vocabulary import Vocabulary

SCORE_DECIMALS = 1  # scores are rounded to one decimal (DESIGN §9)


def _r4(value: float) -> float:
    return round(value, 4)


class AreaTerms(NamedTuple):
    """One area's factors for one profile, rounded as shown: the same for every rule of the area.

    `fits` is the fit of a rule none of whose boosts hold, by rule horizon.
    """

    area_weight: float
    capacity: float
    capacity_factor: float
    fits: Mapping[str, float]


@dataclass(frozen=True, init=False)
class ProfileTerms:
    """What scoring reads from one profile, worked out once per profile rather than once per rule:
    each area's factors, and the horizon factor by rule horizon (rounded as shown). Its fields are
    written in one update, as results.py does for the classes made per request."""

    areas: Mapping[str, AreaTerms]
    horizon_factors: Mapping[str, float]

    def __init__(
        self, areas: Mapping[str, AreaTerms], horizon_factors: Mapping[str, float]
    ) -> None:
        self.__dict__.update(areas=areas, horizon_factors=horizon_factors)


@dataclass(frozen=True)
class Tier:
    name: str
    min: float


@dataclass(frozen=True)
class Scoring:
    severity_weights: dict[str, float]
    area_capacities: dict[str, str]
    capacity_floor: float
    horizon_factors: tuple[float, ...]
    tiers: tuple[Tier, ...]
    type_area_weights: dict[str, dict[str, float]]
    horizons: tuple[str, ...]

    def weights(
        self, stakeholder_type: str, overrides: Mapping[str, float]
    ) -> tuple[Mapping[str, float], float]:
        """The type's default area weights overridden by the profile, and their maximum."""
        defaults = self.type_area_weights[stakeholder_type]
        weights = {**defaults, **overrides} if overrides else defaults
        return weights, max(weights.values())

    @staticmethod
    def area_weight(weights: Mapping[str, float], top: float, area: str) -> float:
        """An area's weight divided by the profile's largest (DESIGN §9), rounded as shown."""
        return round(weights[area] / top, 4) if top > 0 else 0.0

    def horizon_factor(self, rule_horizon: str, profile_horizon: str) -> float:
        distance = abs(self.horizons.index(rule_horizon) - self.horizons.index(profile_horizon))
        return self.horizon_factors[min(distance, len(self.horizon_factors) - 1)]

    def tier(self, score: float) -> str:
        for minimum, name in self._tier_table:
            if score >= minimum:
                return name
        raise ValueError(f"no tier for score {score!r}; the last tier's minimum must be 0")

    @cached_property
    def _tier_table(self) -> tuple[tuple[float, str], ...]:
        """Each tier's minimum and name as plain pairs: tier() reads them for every fired rule."""
        return tuple((tier.min, tier.name) for tier in self.tiers)

    def capacity_factor(self, capacity: float) -> float:
        return _r4(self.capacity_floor + (1 - self.capacity_floor) * capacity)

    @cached_property
    def _horizon_table(self) -> dict[str, dict[str, float]]:
        """By profile horizon, each rule horizon's factor rounded as shown; made at first use."""
        return {
            profile: {rule: _r4(self.horizon_factor(rule, profile)) for rule in self.horizons}
            for profile in self.horizons
        }

    @cached_property
    def _severity_table(self) -> dict[str, float]:
        """Each severity's weight rounded as shown."""
        return {severity: _r4(weight) for severity, weight in self.severity_weights.items()}

    @cached_property
    def _default_area_weights(self) -> dict[str, dict[str, float]]:
        """Per stakeholder type, its default area weights as shown, for profiles that weight none."""
        return {kind: self._area_weights(kind, {}) for kind in self.type_area_weights}

    @cached_property
    def _capacity_table(self) -> dict[float, tuple[float, float]]:
        """A capacity in hundredths (as people write them), rounded and as a factor."""
        return {
            capacity: (_r4(capacity), self.capacity_factor(capacity))
            for capacity in (step / 100 for step in range(101))
        }

    @cached_property
    def _fit_table(self) -> dict[tuple[float, str], dict[str, float]]:
        """By capacity factor (of a capacity in hundredths) and profile horizon, the unboosted fit
        of a rule by its horizon: most fired rules have no boost that holds."""
        return {
            (factor, profile): self._fits(factor, profile)
            for _, factor in self._capacity_table.values()
            for profile in self.horizons
        }

    def _fits(self, capacity_factor: float, profile_horizon: str) -> dict[str, float]:
        return {
            rule_horizon: self.fit(0.0, capacity_factor, horizon_factor)
            for rule_horizon, horizon_factor in self._horizon_table[profile_horizon].items()
        }

    def _area_weights(self, kind: str, overrides: Mapping[str, float]) -> dict[str, float]:
        weights, top = self.weights(kind, overrides)
        return {area: self.area_weight(weights, top, area) for area in self.area_capacities}

    def terms(self, profile: Mapping[str, Any]) -> ProfileTerms:
        kind, overrides = profile["stakeholder_type"], profile["area_weights"]
        if overrides:
            area_weights = self._area_weights(kind, overrides)
        else:
            area_weights = self._default_area_weights[kind]
        capacities, horizon = profile["capacities"], profile["time_horizon"]
        areas = {}
        for area, capacity_name in self.area_capacities.items():
            capacity = capacities[capacity_name]
            # An int (a hand-built profile) would be rounded to an int: only floats are looked up.
            found = self._capacity_table.get(capacity) if type(capacity) is float else None
            rounded, factor = found or (_r4(capacity), self.capacity_factor(capacity))
            fits = self._fit_table.get((factor, horizon)) if found else None
            areas[area] = AreaTerms(
                area_weights[area], rounded, factor, fits or self._fits(factor, horizon)
            )
        return ProfileTerms(areas, self._horizon_table[horizon])

    def priority(self, rule: Rule, held: tuple[Boost, ...], terms: ProfileTerms) -> Priority:
        """A fired rule's score for one profile, with every factor it was computed from."""
        severity_weight, area, horizon_factor, boost, fit, score = self._factors(rule, held, terms)
        breakdown = Breakdown(  # positional, in field order: keywords cost a fifth more here
            severity_weight,
            area.area_weight,
            boost,
            area.capacity,
            area.capacity_factor,
            horizon_factor,
            fit,
            held,
        )
        return Priority(score, self.tier(score), breakdown)

    def score(self, rule: Rule, held: tuple[Boost, ...], terms: ProfileTerms) -> float:
        """The score priority() would give, without its breakdown: for rules that did not fire."""
        return self._factors(rule, held, terms)[-1]

    def _factors(
        self, rule: Rule, held: tuple[Boost, ...], terms: ProfileTerms
    ) -> tuple[float, AreaTerms, float, float, float, float]:
        """Severity weight, area terms, horizon factor, boost, fit and score, rounded as shown."""
        severity_weight = self._severity_table[rule.severity]
        area = terms.areas[rule.area]
        horizon_factor = terms.horizon_factors[rule.horizon]
        if held:
            boost = _r4(sum((applied.by for applied in held), 0.0))
            fit = self.fit(boost, area.capacity_factor, horizon_factor)
        else:  # the same fit as fit(0.0, ...), worked out with the profile's terms
            boost, fit = 0.0, area.fits[rule.horizon]
        score = self.score_of(100 * severity_weight, area.area_weight, fit)
        return severity_weight, area, horizon_factor, boost, fit, score

    # The one scoring formula (see scoring.yaml), in two halves, from factors rounded where they
    # were made.

    @staticmethod
    def fit(boost: float, capacity_factor: float, horizon_factor: float) -> float:
        """How well the advice fits the profile: the formula's first half, rounded as shown."""
        return round((1 + boost) * capacity_factor * horizon_factor, 4)

    @staticmethod
    def score_of(scaled_severity: float, area_weight: float, fit: float) -> float:
        """The formula's second half: the score, clamped to 0..100 and rounded as shown.

        `scaled_severity` is 100 × severity_weight, so this multiplies in the documented order.
        """
        score = scaled_severity * area_weight * fit
        # min(100.0, max(0.0, score)) by comparisons, which cost a fraction of the two calls.
        return round(0.0 if not score > 0.0 else score if score < 100.0 else 100.0, SCORE_DECIMALS)


def load_scoring(path: Path, vocabulary: Vocabulary) -> Scoring:
    """Read scoring.yaml and check it covers every severity, area and stakeholder type."""
    name = path.name
    raw = read_mapping(path)
    issues: list[ConfigIssue] = []

    def fraction(value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            issues.append(
                ConfigIssue(name, None, where, f"must be a number in 0..1, got {value!r}")
            )
            return 0.0
        return float(value)

    def mapping(key: str, expected_keys: tuple[str, ...]) -> dict[str, Any]:
        value = raw.get(key)
        if not isinstance(value, dict):
            issues.append(ConfigIssue(name, None, key, "must be a mapping"))
            return {}
        for missing in [k for k in expected_keys if k not in value]:
            issues.append(ConfigIssue(name, None, f"{key}.{missing}", "missing"))
        for extra in [k for k in value if k not in expected_keys]:
            issues.append(ConfigIssue(name, None, f"{key}.{extra}", "not in the vocabulary"))
        return {k: v for k, v in value.items() if k in expected_keys}

    areas = vocabulary.values("areas")
    severity_weights = {
        k: fraction(v, f"severity_weights.{k}")
        for k, v in mapping("severity_weights", vocabulary.values("severities")).items()
    }
    capacities = vocabulary.values("capacities")
    area_capacities = mapping("area_capacities", areas)
    for area, capacity in area_capacities.items():
        if capacity not in capacities:
            issues.append(
                ConfigIssue(name, None, f"area_capacities.{area}", f"unknown capacity {capacity!r}")
            )
    floor = fraction(raw.get("capacity_floor"), "capacity_floor")
    horizon_raw = raw.get("horizon_factors")
    if not isinstance(horizon_raw, list) or not horizon_raw:
        issues.append(ConfigIssue(name, None, "horizon_factors", "must be a non-empty list"))
        horizon_raw = []
    horizon_factors = tuple(fraction(v, f"horizon_factors.{i}") for i, v in enumerate(horizon_raw))
    tiers_raw = raw.get("tiers")
    tiers: list[Tier] = []
    if not isinstance(tiers_raw, list) or not tiers_raw:
        issues.append(ConfigIssue(name, None, "tiers", "must be a non-empty list"))
    else:
        for index, tier in enumerate(tiers_raw):
            if not isinstance(tier, dict) or not tier.get("name") or "min" not in tier:
                issues.append(ConfigIssue(name, None, f"tiers.{index}", "needs a name and a min"))
                continue
            if tier["name"] not in vocabulary.values("tiers"):
                issues.append(
                    ConfigIssue(name, None, f"tiers.{index}.name", "not a tier of the vocabulary")
                )
            tiers.append(Tier(str(tier["name"]), float(tier["min"])))
        mins = [t.min for t in tiers]
        if mins != sorted(mins, reverse=True) or (mins and mins[-1] != 0):
            issues.append(
                ConfigIssue(name, None, "tiers", "minimums must descend and the last must be 0")
            )
        missing = [t for t in vocabulary.values("tiers") if t not in {x.name for x in tiers}]
        if missing:
            issues.append(ConfigIssue(name, None, "tiers", f"no minimum for: {', '.join(missing)}"))
    type_weights: dict[str, dict[str, float]] = {}
    for stype, weights in mapping("area_weights", vocabulary.values("stakeholder_types")).items():
        where = f"area_weights.{stype}"
        if not isinstance(weights, dict) or set(weights) != set(areas):
            issues.append(
                ConfigIssue(name, None, where, f"must weight exactly: {', '.join(areas)}")
            )
            continue
        type_weights[stype] = {a: fraction(weights[a], f"{where}.{a}") for a in areas}
        if max(type_weights[stype].values()) <= 0:
            issues.append(ConfigIssue(name, None, where, "at least one weight must be positive"))
    if issues:
        raise ConfigError(issues)
    return Scoring(
        severity_weights=severity_weights,
        area_capacities=area_capacities,
        capacity_floor=floor,
        horizon_factors=horizon_factors,
        tiers=tuple(tiers),
        type_area_weights=type_weights,
        horizons=vocabulary.values("horizons"),
    )
