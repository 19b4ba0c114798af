"""Distinct stakeholders get distinct advice: realistic pairs whose top three must differ as sets.

Each pair is two bodies an analyst would never advise alike; the test fails if the rules give
them the same three recommendations at the top, whatever their order.
"""

from __future__ import annotations

from typing import Any

import pytest

from service.profile import normalise
from service.rulecoverage import top_ids
from tests.conftest import load_example

CH_FOREIGN_MINISTRY = {
    "name": "Federal Department of Foreign Affairs, Switzerland",
    "stakeholder_type": "foreign_ministry",
    "country": "CH",
    "alignment": "neutral",
    "exposure": {"ukraine_russia_front": "distant", "korean_peninsula": "distant"},
    "capacities": {"diplomatic": 0.9, "humanitarian": 0.8, "communications": 0.6},
    "circumstances": ["sanctions_enforcement_role"],
}
SE_FOREIGN_MINISTRY = {
    "name": "Ministry for Foreign Affairs, Sweden",
    "stakeholder_type": "foreign_ministry",
    "country": "SE",
    "alignment": "supports_ukraine",
    "exposure": {"ukraine_russia_front": "regional", "korean_peninsula": "distant"},
    "alliances": ["nato", "eu"],
    "capacities": {"diplomatic": 0.7, "humanitarian": 0.7, "communications": 0.6},
    "circumstances": ["supplies_military_aid", "sanctions_enforcement_role"],
}
IN_FOREIGN_MINISTRY = {
    "name": "Ministry of External Affairs, India",
    "stakeholder_type": "foreign_ministry",
    "country": "IN",
    "alignment": "neutral",
    "exposure": {"ukraine_russia_front": "distant", "korean_peninsula": "distant"},
    "alliances": ["quad", "sco"],
    "capacities": {"diplomatic": 0.8, "humanitarian": 0.5, "communications": 0.6},
    "circumstances": ["trade_exposure_to_russia"],
}
RU_FOREIGN_MINISTRY = {
    "name": "Ministry of Foreign Affairs of the Russian Federation",
    "stakeholder_type": "foreign_ministry",
    "country": "RU",
    "alignment": "russia_or_dprk",
    "exposure": {"ukraine_russia_front": "party", "korean_peninsula": "regional"},
    "alliances": ["csto", "sco", "un_security_council"],
    "capacities": {"diplomatic": 0.8, "humanitarian": 0.4, "communications": 0.7},
    "circumstances": ["borders_dprk"],
}

# (label, first, second): a name is an example in config/examples, a dict a profile written here.
PAIRS: list[tuple[str, Any, Any]] = [
    ("ICRC vs a medical NGO", "icrc", "intl-humanitarian-ngo"),
    ("US vs Japanese foreign ministry", "us-state-department", "jp-foreign-ministry"),
    ("Russian vs South Korean defence ministry", "ru-defence-ministry", "kr-defence-ministry"),
    ("Chinese vs Japanese foreign ministry", "cn-foreign-ministry", "jp-foreign-ministry"),
    ("Chinese vs Ukrainian armed forces", "cn-armed-forces", "ua-armed-forces"),
    ("North Korean vs Ukrainian armed forces", "kp-armed-forces", "ua-armed-forces"),
    ("Belarusian vs Turkish foreign ministry", "by-foreign-ministry", "tr-foreign-ministry"),
    ("Kazakh vs Turkish foreign ministry", "kz-foreign-ministry", "tr-foreign-ministry"),
    ("Ukrainian vs US foreign ministry", "ua-foreign-ministry", "us-state-department"),
    ("ICRC vs a UN humanitarian office", "icrc", "un-humanitarian-office"),
    (
        "Korean intelligence service vs a London think tank",
        "kr-intelligence-service",
        "gb-security-think-tank",
    ),
    ("European broadcaster vs Seoul defector association", "eu-newsroom", "kr-defector-ngo"),
    ("Swiss vs Swedish foreign ministry", CH_FOREIGN_MINISTRY, SE_FOREIGN_MINISTRY),
    ("Indian vs Swedish foreign ministry", IN_FOREIGN_MINISTRY, SE_FOREIGN_MINISTRY),
    ("Russian vs Ukrainian foreign ministry", RU_FOREIGN_MINISTRY, "ua-foreign-ministry"),
]


def _top(registry, profile: Any) -> tuple[str, ...]:
    raw = load_example(profile) if isinstance(profile, str) else profile
    return top_ids(registry, normalise(registry.profile_schema, raw))


def test_there_are_at_least_twelve_pairs():
    assert len(PAIRS) >= 12


@pytest.mark.parametrize(("label", "first", "second"), PAIRS, ids=[p[0] for p in PAIRS])
def test_distinct_stakeholders_get_distinct_top_three(registry, label, first, second):
    a, b = _top(registry, first), _top(registry, second)
    assert len(a) == 3 and len(b) == 3, (a, b)
    assert set(a) != set(b), (label, a)


def test_capacity_moves_the_ranking(registry):
    """Two profiles that differ only in capacity rank their advice differently."""
    base = load_example("intl-humanitarian-ngo")
    strong = {**base, "capacities": {**base["capacities"], "humanitarian": 1.0}}
    weak = {**base, "capacities": {**base["capacities"], "humanitarian": 0.0}}
    scores = []
    for raw in (strong, weak):
        result = registry.engine.evaluate(normalise(registry.profile_schema, raw))
        scores.append(next(r for r in result.recommendations if r.area == "humanitarian"))
    assert scores[1].priority.score <= 0.45 * scores[0].priority.score
