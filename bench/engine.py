"""`make bench-engine`: our full evaluation against the same rules in GoRules zen-engine.

Ours is `registry.engine.evaluate(profile, explain=True)`: which rules fire, their scores, ranks,
breakdowns, matched facts and, for every rule that does not fire, the near miss. zen-engine only
decides which rules fire, from a decision table translated from the same compiled rules
(bench/zen_translate.py), through the fastest of its Python paths, measured in this run.

Both see the same normalised profiles: the examples and random valid ones from a fixed seed. Before
any timing, both must fire the same rule ids on every profile, or the run fails. Each profile is
then timed once per round on each side, alternating which goes first, so machine noise falls on
both alike; the figures are per call, from time.perf_counter_ns.
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
from typing import Any

from bench.profiles import example_profiles, random_profiles
from bench.zen_translate import fired_ids, to_jdm, zen_paths
from service.registry import Registry, load_registry
from service.settings import PROJECT_ROOT

TARGET = 0.5  # ours / zen, on the median (issue 3)
SEED = 20250301

Call = Callable[[dict[str, Any]], Any]


class Disagreement(AssertionError):
    """zen-engine and our engine fired different rules: the translation has drifted."""


def our_ids(registry: Registry, profile: dict[str, Any]) -> set[str]:
    return {r["id"] for r in registry.engine.evaluate(profile)["recommendations"]}


def check_agreement(registry: Registry, zen: Call, profiles: Sequence[dict[str, Any]]) -> None:
    for index, profile in enumerate(profiles):
        ours, theirs = our_ids(registry, profile), fired_ids(zen(profile))
        if ours != theirs:
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
    ours: Call, zen: Call, profiles: Sequence[dict[str, Any]], rounds: int, seed: int
) -> tuple[list[int], list[int]]:
    """Per-call nanoseconds for each side, interleaved profile by profile."""
    rng = random.Random(seed)
    order = list(profiles)
    ours_ns: list[int] = []
    zen_ns: list[int] = []
    for profile in order[:100]:  # warm-up: caches, branch predictors, lazy imports
        ours(profile)
        zen(profile)
    gc.collect()
    for _ in range(rounds):
        rng.shuffle(order)
        for index, profile in enumerate(order):
            if index % 2:
                zen_ns.append(time_call(zen, profile))
                ours_ns.append(time_call(ours, profile))
            else:
                ours_ns.append(time_call(ours, profile))
                zen_ns.append(time_call(zen, profile))
    return ours_ns, zen_ns


def percentile(samples: Sequence[int], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] / 1000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engine", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer profiles and rounds")
    parser.add_argument("--profiles", type=int, help="random profiles (default 1000; quick 200)")
    parser.add_argument("--rounds", type=int, help="timed passes over all profiles (default 5)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    count = args.profiles if args.profiles is not None else 200 if args.quick else 1000
    rounds = args.rounds if args.rounds is not None else 1 if args.quick else 5

    registry = load_registry(PROJECT_ROOT / "config")
    rules = [compiled.rule for compiled in registry.engine.rules]
    examples = example_profiles(registry)
    profiles = examples + random_profiles(registry, count, args.seed)
    jdm = to_jdm(rules)
    table = jdm["nodes"][1]["content"]
    paths = zen_paths(jdm)
    for call in paths.values():
        check_agreement(registry, call, profiles)
    fired = [len(our_ids(registry, p)) for p in profiles]

    zen_name, calibration = fastest_zen_path(paths, profiles)

    def ours(profile: dict[str, Any]) -> Any:
        return registry.engine.evaluate(profile, explain=True)

    ours_ns, zen_ns = measure(ours, paths[zen_name], profiles, rounds, args.seed)

    ours_median, zen_median = statistics.median(ours_ns) / 1000, statistics.median(zen_ns) / 1000
    ours_p99, zen_p99 = percentile(ours_ns, 0.99), percentile(zen_ns, 0.99)
    ratio = ours_median / zen_median
    print(
        f"engine benchmark: {len(rules)} rules in {len(registry.rulesets)} areas; "
        f"{len(profiles)} profiles ({len(examples)} examples + {count} random, seed {args.seed}); "
        f"{statistics.mean(fired):.1f} rules fire per profile on average; {rounds} round(s)"
    )
    print(
        f"zen-engine {version('zen-engine')}: one decision table, {len(table['rules'])} rows × "
        f"{len(table['inputs'])} columns, hit policy collect, trace off"
    )
    print(
        "  zen paths, median µs: "
        + ", ".join(f"{name} {us:.1f}" for name, us in calibration.items())
        + f"; timed: {zen_name}"
    )
    print(f"agreement: same rule ids fired on all {len(profiles)} profiles, on every zen path")
    print(f"{'':38}{'median µs':>10}{'p99 µs':>10}")
    print(f"{'ours: evaluate(explain=True)':38}{ours_median:10.1f}{ours_p99:10.1f}")
    print(f"{'zen-engine: fired rule ids only':38}{zen_median:10.1f}{zen_p99:10.1f}")
    print(f"{'ratio ours/zen':38}{ratio:10.2f}{ours_p99 / zen_p99:10.2f}")
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"target: ours ≤ {TARGET} × zen on the median: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
