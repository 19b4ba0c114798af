"""The bottom line (ICD 203 leads with it): what matters most for this stakeholder, and how sure we are.

Written from the top recommendations and the profile in one or two sentences, never as a count:
the first names the top two actions with their priority, the second the confidence they are held
with and what holds it down, read from the kinds of reason in their confidence basis. The source's
ceiling is named only where it is what holds a level down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.engine.phrases import infinitive, listed, stakeholder
from service.engine.results import Recommendation
from service.vocabulary import Vocabulary

TOP = 2


class BottomLine:
    """Writes the bottom line for one engine's rules. What it is made of depends on the rules, the
    stakeholder type and the tier, never on the rest of the profile, so each piece is kept once
    written: a type's noun, a rule's action with its tier, and the sureness of each top one or two
    rules (their confidences are the rules' own). Their count is bounded by the rules'."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._who: dict[str, str] = {}
        self._steps: dict[tuple[str, str], str] = {}
        self._sureness: dict[tuple[str, ...], str] = {}

    def __call__(self, profile: Mapping[str, Any], ranked: Sequence[Recommendation]) -> str:
        """One or two sentences for the top of a briefing."""
        kind = profile["stakeholder_type"]
        who = self._who.get(kind)
        if who is None:
            who = self._who[kind] = stakeholder(kind, self.vocabulary)
        if not ranked:
            return (
                f"Nothing in the article calls for action by {who} on the facts given; "
                "the summary says why for each area."
            )
        top = ranked[:TOP]
        steps = [self._step(r) for r in top]
        first = f"For {who}, what matters most is " + ", then ".join(steps) + "."
        key = tuple(r.rule.id for r in top)
        sureness = self._sureness.get(key)
        if sureness is None:
            sureness = self._sureness[key] = _sureness(top, self.vocabulary)
        return f"{first} {sureness}"

    def _step(self, recommendation: Recommendation) -> str:
        key = (recommendation.rule.id, recommendation.priority.tier)
        step = self._steps.get(key)
        if step is None:
            tier = self.vocabulary.label("tiers", recommendation.priority.tier).lower()
            step = self._steps[key] = f"{infinitive(recommendation.rule.title)} ({tier})"
        return step


def _sureness(top: Sequence[Recommendation], vocabulary: Vocabulary) -> str:
    """How sure we are of the top recommendations, and why not more."""
    both = len(top) > 1
    levels = [vocabulary.label("confidence_levels", r.confidence.level).lower() for r in top]
    if len(set(levels)) == 1:
        held = f"We hold {'both' if both else 'it'} with {levels[0]} confidence"
    else:
        held = f"We hold the first with {levels[0]} confidence and the second with {levels[1]}"
    kinds = {reason.kind for r in top for reason in r.confidence.basis}
    binding = [r.confidence.ceiling for r in top if r.confidence.ceiling == r.confidence.level]
    causes = []
    if binding:
        ceiling = vocabulary.label("confidence_levels", binding[0]).lower()
        causes.append(f"the source can carry no more than {ceiling}")
    says = []
    if "hedged" in kinds:
        says.append(f"hedges part of what {'they rest' if both else 'it rests'} on")
    if "attributed" in kinds:
        says.append("attributes part of it to others")
    if says:
        causes.append("the article " + " and ".join(says))
    if "inference" in kinds:
        causes.append("part of the advice is our own inference")
    if not causes:
        return f"{held}."
    if len(causes) > 1 and any(" and " in cause for cause in causes):
        return f"{held}: {', '.join(causes[:-1])}, and {causes[-1]}."
    return f"{held}: {listed(causes)}."
