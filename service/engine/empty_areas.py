"""Why an area has no recommendation: no rule reaches the type, the side policy, or the nearest miss.

The nearest rule is the one that fewest field tests keep from applying, counting for an `any` only
its easiest branch; ties go to the rule that would have scored highest, then to rule order. The
rules considered are those the reachability (reachability.py) finds some profile of the type could
fire, less those the side policy withholds from this profile: naming a rule that can never apply
to it would point the reader at the wrong fact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from service.bounded import keep
from service.engine.compiler import Compiled, CompiledRule, compile_node
from service.engine.explain import first_failure
from service.engine.model import All, Node, Rule
from service.engine.operators import Facts, Predicate
from service.engine.phrases import listed, stakeholder
from service.engine.policy import side_guard
from service.engine.reachability import Reachability
from service.engine.results import FailedTest, WhyEmpty
from service.engine.rulesets import RuleSet
from service.engine.scoring import ProfileTerms, Scoring
from service.vocabulary import Vocabulary

# The vocabulary group a field's values come from, to show them by their labels.
_VALUE_GROUPS = {
    "stakeholder_type": "stakeholder_types",
    "alignment": "alignments",
    "alliances": "alliances",
    "circumstances": "circumstances",
    "relationships": "relationships",
    "time_horizon": "horizons",
}
_SETS = ("alliances", "circumstances", "relationships")
_WORDS_LIMIT = 4096  # failed tests whose words are kept; those made per request count too
# How a failed test reads: "<field> is <fact>; the rule needs it <wanted> <literal>".
_WANTED = {
    "eq": ("to be", "not to be"),
    "ne": ("not to be", "to be"),
    "in": ("to be one of", "not to be one of"),
    "not_in": ("not to be one of", "to be one of"),
    "contains": ("to include", "not to include"),
    "contains_any": ("to include any of", "to include none of"),
    "contains_all": ("to include all of", "not to include all of"),
    "gt": ("above", "at most"),
    "gte": ("at least", "below"),
    "lt": ("below", "at least"),
    "lte": ("at most", "above"),
    "between": ("between", "outside"),
    "exists": ("to be given", "not to be given"),
}


class Miss(NamedTuple):
    """A rule that did not fire, the fewest tests that kept it from firing, its would-be score."""

    rule: Rule
    failed: tuple[FailedTest, ...]
    score: float


class EmptyAreas:
    """Explains empty areas for one set of rules; built once with the engine."""

    def __init__(
        self,
        rules: tuple[CompiledRule, ...],
        rulesets: Iterable[RuleSet],
        reachability: Reachability,
        scoring: Scoring,
        vocabulary: Vocabulary,
    ) -> None:
        self.by_id = {compiled.rule.id: compiled for compiled in rules}
        self.order = {compiled.rule.id: index for index, compiled in enumerate(rules)}
        self.gaps = {
            (ruleset.area, gap.stakeholder_type): gap.reason
            for ruleset in rulesets
            for gap in ruleset.gaps
        }
        self.scoring = scoring
        self.vocabulary = vocabulary
        # The two answers that depend only on the stakeholder type, written once.
        pairs = [
            (k, a)
            for k in vocabulary.values("stakeholder_types")
            for a in vocabulary.values("areas")
        ]
        self.unreachable = {
            (k, a): self._unreachable(k, a) for k, a in pairs if not reachability.rules(k, a)
        }
        self.withheld = {(k, a): self._withheld(k, a) for k, a in pairs}
        fields = vocabulary.fields()
        # Each rule's side guard as one predicate (None when untagged): a call per candidate.
        guards = {
            compiled.rule.id: _guard(
                side_guard(
                    fields, compiled.rule.presumes_adversary, compiled.rule.operational_military
                )
            )
            for compiled in rules
        }
        # id(test) -> (test, its words); see _described.
        self._words: dict[int, tuple[FailedTest, str]] = {}
        # Per type and area, the reachable rules in rule order beside the side guard each must pass.
        self.guarded = {
            (k, a): tuple(
                (self.by_id[i], guards[i])
                for i in sorted(reachability.rules(k, a), key=self.order.__getitem__)
            )
            for k, a in pairs
        }

    def why(
        self, area: str, profile: Mapping[str, Any], facts: Facts, terms: ProfileTerms
    ) -> WhyEmpty:
        """Why no rule of `area` applies to the profile whose facts and scoring terms are given."""
        kind = profile["stakeholder_type"]
        if (kind, area) in self.unreachable:
            return self.unreachable[kind, area]
        candidates = self.candidates(area, kind, facts)
        if not candidates:
            return self.withheld[kind, area]
        # Only the nearest is named, so only its failed tests are worked out.
        nearest, needed, score = self._nearest(candidates, facts, terms)
        failed = _failed(needed, facts)
        rule = nearest.rule
        return WhyEmpty(
            "missed",
            f"The nearest rule, “{rule.title}”, did not apply: "
            + "; ".join([self._described(test) for test in failed])
            + ".",
            nearest=rule,
            failed=failed,
            score=score,
        )

    def _unreachable(self, kind: str, area: str) -> WhyEmpty:
        gap = self.gaps.get((area, kind))
        return WhyEmpty(
            "unreachable",
            f"No {self._area(area)} rule can apply to {stakeholder(kind, self.vocabulary)}. "
            + (gap or "The article gives that kind of stakeholder no part here."),
        )

    def _withheld(self, kind: str, area: str) -> WhyEmpty:
        return WhyEmpty(
            "withheld",
            f"Every {self._area(area)} rule that could apply to "
            f"{stakeholder(kind, self.vocabulary)} treats Russia or the DPRK as the threat or "
            "advises on force posture or combat, and the side policy withholds such advice from "
            "this profile's side.",
        )

    def _area(self, area: str) -> str:
        return self.vocabulary.label("areas", area).lower()

    def candidates(self, area: str, kind: str, facts: Facts) -> list[CompiledRule]:
        """The rules of `area` that some profile of this type could fire, less those withheld."""
        return [
            compiled
            for compiled, guard in self.guarded.get((kind, area), ())
            if guard is None or guard(facts)
        ]

    def misses(
        self, candidates: Iterable[CompiledRule], facts: Facts, terms: ProfileTerms
    ) -> list[Miss]:
        """The candidates fewest tests kept from firing, with those tests and the score each would
        have had, highest score first (then rule order): the first is the nearest."""
        misses = [
            Miss(compiled.rule, _failed(needed, facts), score)
            for compiled, needed, score in self._tied(candidates, facts, terms)
        ]
        return sorted(misses, key=lambda m: (-m.score, self.order[m.rule.id]))

    def _tied(
        self, candidates: Iterable[CompiledRule], facts: Facts, terms: ProfileTerms
    ) -> list[tuple[CompiledRule, list[tuple[Compiled, bool]], float]]:
        """The candidates fewest tests kept from firing, with those tests and their would-be score."""
        changes = [(c, _fewest_changes(c.tree, facts)) for c in candidates]
        fewest = min(len(needed) for _, needed in changes)
        return [
            (
                compiled,
                needed,
                self.scoring.score(compiled.rule, compiled.held(facts), terms),
            )
            for compiled, needed in changes
            if len(needed) == fewest
        ]

    def _nearest(
        self, candidates: list[CompiledRule], facts: Facts, terms: ProfileTerms
    ) -> tuple[CompiledRule, list[tuple[Compiled, bool]], float]:
        """The first of misses() with its changes and score, in one pass that scores only those
        tied: candidates come in rule order, so a later one is nearer only if it scores higher."""
        changes = [(c, _fewest_changes(c.tree, facts)) for c in candidates]
        fewest = min([len(needed) for _, needed in changes])
        best = -1.0  # below every score (0 to 100), so the first tied candidate is taken
        for compiled, changed in changes:
            if len(changed) == fewest:
                score = self.scoring.score(compiled.rule, compiled.held(facts), terms)
                if score > best:
                    nearest, needed, best = compiled, changed, score
        return nearest, needed, best

    def _described(self, test: FailedTest) -> str:
        """describe(), remembered by identity: most failed tests are made once, at load, by the
        compiler (Compiled.reports). Kept beside its test, so a reused id is never mistaken for it."""
        known = self._words.get(id(test))
        if known is not None and known[0] is test:
            return known[1]
        words = self.describe(test)
        keep(self._words, id(test), (test, words), _WORDS_LIMIT)
        return words

    def describe(self, test: FailedTest) -> str:
        """A failed test in words, values by their labels: what the profile says and what was needed."""
        field = self._field(test.path)
        several = test.path in _SETS
        wanted = _WANTED[test.op][1 if test.negated else 0]
        pronoun = "them" if several else "it"
        if test.op == "exists":
            return (
                f"{field} {'are' if several else 'is'} not given; the rule needs {pronoun} {wanted}"
            )
        if several and not test.actual:
            facts = f"the profile lists no {field}"
        else:
            facts = f"{field} {'are' if several else 'is'} {self._value(test.path, test.actual)}"
        if test.op == "between":
            low, high = test.expected
            return f"{facts}; the rule needs {pronoun} {wanted} {low} and {high}"
        conjunction = "and" if test.op == "contains_all" else "or"
        expected = self._value(test.path, test.expected, conjunction)
        return f"{facts}; the rule needs {pronoun} {wanted} {expected}"

    def _field(self, path: str) -> str:
        head, _, tail = path.partition(".")
        if head == "exposure":
            return f"exposure to the {self.vocabulary.label('theatres', tail)}"
        if head == "capacities":
            return f"{self.vocabulary.label('capacities', tail).lower()} capacity"
        return head.replace("_", " ")

    def _value(self, path: str, value: Any, conjunction: str = "and") -> str:
        """A fact or literal as a reader sees it: labels in quotes, sets listed."""
        if value is None:
            return "not given"
        if isinstance(value, tuple | list | frozenset):
            return listed([self._value(path, item) for item in value], conjunction)
        group = "exposure_levels" if path.startswith("exposure.") else _VALUE_GROUPS.get(path)
        if group is not None and isinstance(value, str):
            return f"“{self.vocabulary.label(group, value)}”"
        return str(value)


def _guard(nodes: tuple[Node, ...]) -> Predicate | None:
    """The predicate a profile must pass for a rule with this side guard, None if it has none."""
    if not nodes:
        return None
    return compile_node(nodes[0] if len(nodes) == 1 else All(nodes)).test


def _failed(needed: list[tuple[Compiled, bool]], facts: Facts) -> tuple[FailedTest, ...]:
    """The failed tests behind the changes a rule needs, in the order written."""
    return tuple(
        failure
        for leaf, want in needed
        if (failure := first_failure(leaf, facts, want)) is not None
    )


def _fewest_changes(tree: Compiled, facts: Facts, want: bool = True) -> list[tuple[Compiled, bool]]:
    """The fewest field tests that must change for a node to come out as `want` (none if it does).

    A node needs the changes of each of its parts (explain.parts: its leaves and the nodes that
    need one child, with `not`s and nodes needing every child opened up); one that needs a single
    child takes the child needing fewest, the first of equals.
    """
    changes: list[tuple[Compiled, bool]] = []
    for part, wanted in tree.parts[want]:
        if part.test(facts) == wanted:  # needs no change: one compiled call, not a walk
            continue
        if part.children:
            options = [_fewest_changes(child, facts, wanted) for child in part.children]
            changes += min(options, key=len)
        else:
            changes.append((part, wanted))
    return changes
