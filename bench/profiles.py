"""Profiles to benchmark on: the shipped examples plus random valid profiles from a fixed seed."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from service.profile import normalise
from service.registry import Registry
from service.vocabulary import Vocabulary


def random_raw_profile(rng: random.Random, vocabulary: Vocabulary) -> dict[str, Any]:
    """A raw profile that the schema accepts, drawing every field from the vocabulary.

    Numbers have two decimals, as people write them; zen-engine compares decimals, so a float like
    0.30000000000000004 could compare differently there than in Python.
    """

    def some(group: str, most: int) -> list[str]:
        values = vocabulary.values(group)
        return rng.sample(values, rng.randint(0, min(most, len(values))))

    def fraction() -> float:
        return rng.randint(0, 100) / 100

    raw: dict[str, Any] = {"stakeholder_type": rng.choice(vocabulary.values("stakeholder_types"))}
    if rng.random() < 0.8:
        raw["country"] = rng.choice(vocabulary.countries)
    raw["alignment"] = rng.choice(vocabulary.values("alignments"))
    raw["exposure"] = {
        theatre: rng.choice(vocabulary.values("exposure_levels"))
        for theatre in vocabulary.values("theatres")
        if rng.random() < 0.8
    }
    raw["alliances"] = some("alliances", 4)
    raw["circumstances"] = some("circumstances", 5)
    raw["capacities"] = {c: fraction() for c in vocabulary.values("capacities")}
    raw["public_casualty_sensitivity"] = fraction()
    raw["area_weights"] = {area: fraction() or 0.1 for area in some("areas", 4)}
    raw["time_horizon"] = rng.choice(vocabulary.values("horizons"))
    return raw


def example_profiles(registry: Registry) -> list[dict[str, Any]]:
    """The normalised example profiles of config/examples/, in file name order."""
    directory: Path = registry.config_dir / "examples"
    return [
        normalise(registry.profile_schema, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(directory.glob("*.json"))
    ]


def random_profiles(registry: Registry, count: int, seed: int) -> list[dict[str, Any]]:
    """`count` normalised random profiles; the same seed gives the same profiles."""
    rng = random.Random(seed)
    return [
        normalise(registry.profile_schema, random_raw_profile(rng, registry.vocabulary))
        for _ in range(count)
    ]
