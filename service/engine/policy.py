"""The side policy: a rule's tags become a guard AND-ed with its `when`, so no evaluator needs to know.

Two tags decide who may never receive a rule, whatever its own condition says:

- `presumes_adversary: [russia, dprk]` — the advice treats that state as the threat. It never goes
  to the Russia/DPRK side by alignment, nor to a profile whose relationships make it that state's
  ally or partner.
- `operational_military: true` — force posture or combat advice. It never goes to the Russia/DPRK
  side by alignment: the service does not advise the aggressor on how to fight.

The guard is made of ordinary field tests, so an explanation of a rule that did not apply names
the fact that excluded it (`alignment`, `relationships`) like any other failed test.
"""

from __future__ import annotations

from service.engine.model import All, Leaf, Node, Not
from service.vocabulary import FieldSpec

ADVERSARIES = ("russia", "dprk")
RUSSIA_DPRK_SIDE = ("supports_russia", "russia_or_dprk")
PARTNERS = {
    "russia": ("treaty_ally_of_russia", "strategic_partner_of_russia"),
    "dprk": ("treaty_ally_of_dprk",),
}


def side_guard(
    fields: dict[str, FieldSpec], presumes_adversary: tuple[str, ...], operational_military: bool
) -> tuple[Node, ...]:
    """The field tests a profile must pass to receive a rule with these tags (none if untagged)."""
    guard: list[Node] = []
    if presumes_adversary or operational_military:
        guard.append(Leaf(fields["alignment"], "not_in", RUSSIA_DPRK_SIDE))
    partners = tuple(p for adversary in presumes_adversary for p in PARTNERS[adversary])
    if partners:
        guard.append(Not(Leaf(fields["relationships"], "contains_any", partners)))
    return tuple(guard)


def guarded(when: Node, guard: tuple[Node, ...]) -> Node:
    """The rule's condition with the guard after it: the rule's own tests are explained first."""
    if not guard:
        return when
    own = when.children if isinstance(when, All) else (when,)
    return All((*own, *guard))
