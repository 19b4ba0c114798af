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


def bottom_line(
    profile: Mapping[str, Any], ranked: Sequence[Recommendation], vocabulary: Vocabulary
) -> str:
    """One or two sentences for the top of a briefing."""
    who = stakeholder(profile["stakeholder_type"], vocabulary)
    if not ranked:
        return (
            f"Nothing in the article calls for action by {who} on the facts given; "
            "the summary says why for each area."
        )
    top = ranked[:TOP]
    steps = [
        f"{infinitive(r.rule.title)} ({vocabulary.label('tiers', r.priority.tier).lower()})"
        for r in top
    ]
    first = f"For {who}, what matters most is " + ", then ".join(steps) + "."
    return f"{first} {_sureness(top, vocabulary)}"


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
