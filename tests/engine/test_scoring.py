"""Scoring configuration: normalised area weights, horizons, tiers, clipping."""

from hypothesis import given
from hypothesis import strategies as st

from service.engine.scoring import Scoring

FRACTIONS = st.floats(0, 1)


def _area_weights(scoring, stakeholder_type, overrides):
    """Each area's weight as the engine scores it: overridden defaults over their maximum."""
    weights, top = scoring.weights(stakeholder_type, overrides)
    return {area: scoring.area_weight(weights, top, area) for area in scoring.area_capacities}


def test_area_weights_are_divided_by_their_maximum(registry):
    weights = _area_weights(
        registry.scoring, "humanitarian_organisation", {"public_opinion": 2 / 3}
    )
    assert max(weights.values()) == 1.0
    assert weights["humanitarian"] == 1.0
    assert weights["public_opinion"] == round(2 / 3, 4)


def test_overrides_above_the_defaults_rescale_everything(registry):
    weights = _area_weights(
        registry.scoring, "media_organisation", {"diplomatic": 1.0, "public_opinion": 0.5}
    )
    assert weights["diplomatic"] == 1.0
    assert weights["public_opinion"] == 0.5


def test_horizon_factor_falls_with_distance(registry):
    scoring = registry.scoring
    assert scoring.horizon_factor("near_term", "near_term") == 1.0
    assert scoring.horizon_factor("immediate", "near_term") == 0.9
    assert scoring.horizon_factor("immediate", "long_term") == 0.8


def test_tiers_and_clipping(registry):
    scoring = registry.scoring
    assert (
        scoring.tier(60) == "act_now"
        and scoring.tier(59.9) == "plan"
        and scoring.tier(0) == "monitor"
    )
    critical = 100 * scoring.severity_weights["critical"]
    fit = scoring.fit(1.0, scoring.capacity_factor(1.0), 1.0)
    score = scoring.score_of(critical, 1.0, fit)
    assert fit == 2.0 and score == 100.0  # 200 before clipping


@given(
    severity=st.sampled_from([0.0, 25.0, 50.0, 75.0, 100.0]) | st.floats(0, 100),
    area_weight=FRACTIONS,
    capacity_factor=FRACTIONS,
    horizon_factor=FRACTIONS,
    boost=st.floats(0, 2),
)
def test_every_score_is_clipped_and_has_one_decimal(
    severity, area_weight, capacity_factor, horizon_factor, boost
):
    score = Scoring.score_of(
        severity, area_weight, Scoring.fit(boost, capacity_factor, horizon_factor)
    )
    assert 0.0 <= score <= 100.0
    assert score == round(score, 1)
