"""`make bench-engine`: our evaluation against the same rules in GoRules zen-engine, like for like.

Two pairs, each the same work on both sides:
- which rules fire: our `engine.fired(profile)` against zen-engine with trace off (its result is
  the list of rule ids fired);
- the explained evaluation: our `engine.evaluate(profile, explain=True)` (the rules that fire,
  ranked, scored with their breakdowns and matched facts, and for every other rule its first
  failing test with a value that would pass, as data) against zen-engine with trace on (its own
  explanation: each node's input, output and timing).
For scale, the run also times `evaluate()` without near misses and the whole explained assessment
written as the wire JSON a POST sends (service/assess.py, service/wire.py). The ratios are figures
for the README, not targets.

Every contender sees the same normalised profiles: the examples and random valid ones from a fixed
seed. Before any timing, ours and every zen path must fire the same rule ids on every profile, or
the run fails. Each profile is then timed once per round with each contender; contenders take turns
a block of profiles at a time, in an order that rotates from block to block, so machine noise falls
on all alike; the figures are per call, from time.perf_counter_ns.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.profiles import example_profiles, random_profiles
from bench.zen_translate import fired_ids, to_jdm, zen_paths
from service import wire
from service.assess import build_assessment
from service.registry import Registry, load_registry
from service.settings import PROJECT_ROOT

SEED = 20250301
BLOCK = 50  # profiles a contender runs in a row before the next takes its turn
FIRED = "ours: fired() — rule ids"
ZEN_OFF = "zen-engine: rule ids, trace off"
EXPLAINED = "ours: evaluate(explain=True)"
ZEN_ON = "zen-engine: trace on"
PAIRS = ((FIRED, ZEN_OFF), (EXPLAINED, ZEN_ON))

Call = Callable[[dict[str, Any]], Any]


class Disagreement(AssertionError):
    """zen-engine and our engine fired different rules: the translation has drifted."""


def our_ids(registry: Registry, profile: dict[str, Any]) -> set[str]:
    return {r.id for r in registry.engine.evaluate(profile).recommendations}


def check_agreement(registry: Registry, zen: Call, profiles: Sequence[dict[str, Any]]) -> None:
    for index, profile in enumerate(profiles):
        ours, theirs = our_ids(registry, profile), fired_ids(zen(profile))
        if ours != theirs or set(registry.engine.fired(profile)) != ours:
            raise Disagreement(
                f"profile #{index} {profile}: only ours fired {sorted(ours - theirs)}, "
                f"only zen fired {sorted(theirs - ours)}"
            )


def time_call(call: Call, profile: dict[str, Any]) -> int:
    start = time.perf_counter_ns()
    call(profile)
    return time.perf_counter_ns() - start


def fastest_zen_path(
    paths: dict[str, Call], profiles: Sequence[dict[str, Any]]
) -> tuple[str, dict[str, float]]:
    """Median µs of each zen path on a sample, and the fastest one's name."""
    sample = list(profiles[:200])
    medians = {}
    for name, call in paths.items():
        for profile in sample[:20]:
            call(profile)
        medians[name] = statistics.median(time_call(call, p) for p in sample) / 1000
    return min(medians, key=medians.get), medians


def measure(
    contenders: dict[str, Call], profiles: Sequence[dict[str, Any]], rounds: int, seed: int
) -> dict[str, list[int]]:
    """Per-call nanoseconds of each contender, taking turns a block of profiles at a time.

    Within a block one contender runs alone, as it would in a service, so neither evicts the
    other's data from the CPU caches between calls (alternating call by call made zen-engine up to
    3× slower than alone here, and us less so); the order of contenders rotates from block to
    block, so machine noise still falls on all of them alike.
    """
    rng = random.Random(seed)
    order = list(profiles)
    names = list(contenders)
    samples: dict[str, list[int]] = {name: [] for name in names}
    for profile in order[:100]:  # warm-up: caches, branch predictors, lazy imports
        for call in contenders.values():
            call(profile)
    gc.collect()
    turn = 0
    for _ in range(rounds):
        rng.shuffle(order)
        for start in range(0, len(order), BLOCK):
            block = order[start : start + BLOCK]
            shift = turn % len(names)
            turn += 1
            for name in names[shift:] + names[:shift]:
                call = contenders[name]
                call(block[-1])  # untimed: the contender's own data back in the caches
                samples[name].extend(time_call(call, profile) for profile in block)
    return samples


def percentile(samples: Sequence[int], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] / 1000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engine", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer profiles and rounds")
    parser.add_argument("--profiles", type=int, help="random profiles (default 1000; quick 200)")
    parser.add_argument("--rounds", type=int, help="timed passes over all profiles (default 5)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--config", type=Path, default=PROJECT_ROOT / "config")
    args = parser.parse_args(argv)
    count = args.profiles if args.profiles is not None else 200 if args.quick else 1000
    rounds = args.rounds if args.rounds is not None else 1 if args.quick else 5

    registry = load_registry(args.config)
    engine = registry.engine
    rules = [compiled.rule for compiled in engine.rules]
    examples = example_profiles(registry)
    profiles = examples + random_profiles(registry, count, args.seed)
    jdm = to_jdm(rules)
    table = jdm["nodes"][1]["content"]
    paths = zen_paths(jdm)
    for call in paths.values():
        check_agreement(registry, call, profiles)
    fired = [len(engine.fired(p)) for p in profiles]
    zen_name, calibration = fastest_zen_path(paths, profiles)
    traced = zen_paths(jdm, trace=True)[zen_name]
    check_agreement(registry, traced, profiles)
    contenders: dict[str, Call] = {
        FIRED: engine.fired,
        ZEN_OFF: paths[zen_name],
        EXPLAINED: lambda profile: engine.evaluate(profile, explain=True),
        ZEN_ON: traced,
        "ours: evaluate()": engine.evaluate,
        "for scale: the whole assessment, explained, as JSON": lambda profile: wire.dumps(
            wire.assessment_dict(build_assessment(registry, profile, explain=True))
        ),
    }
    samples = measure(contenders, profiles, rounds, args.seed)

    medians = {name: statistics.median(ns) / 1000 for name, ns in samples.items()}
    print(
        f"engine benchmark: {len(rules)} rules in {len(registry.rulesets)} areas; "
        f"{len(profiles)} profiles ({len(examples)} examples + {count} random, seed {args.seed}); "
        f"{statistics.mean(fired):.1f} rules fire per profile on average; {rounds} round(s)"
    )
    print(
        f"zen-engine {version('zen-engine')}: one decision table, {len(table['rules'])} rows × "
        f"{len(table['inputs'])} columns, hit policy collect; paths with trace off, median µs: "
        + ", ".join(f"{name} {us:.1f}" for name, us in calibration.items())
        + f"; timed: {zen_name}"
    )
    print(f"agreement: same rule ids fired on all {len(profiles)} profiles, on every zen path")
    print(f"{'':52}{'median µs':>10}{'p99 µs':>10}")
    for name, ns in samples.items():
        print(f"{name:52}{medians[name]:10.1f}{percentile(ns, 0.99):10.1f}")
    for ours, zens in PAIRS:
        ratio = medians[ours] / medians[zens]
        print(f"ratio: {ours} ÷ {zens} = {ratio:.2f} (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
