"""The profile schema: defaults, normalisation, and 422-style errors that name each field."""

import pytest

from service.errors import ProfileInvalid
from service.fielderrors import coded_errors
from service.profile import digest, normalise
from tests.conftest import example_names, load_example


def _errors(registry, raw):
    with pytest.raises(ProfileInvalid) as caught:
        normalise(registry.profile_schema, raw)
    return caught.value.errors


def test_only_stakeholder_type_is_required_and_defaults_are_filled(registry):
    profile = normalise(registry.profile_schema, {"stakeholder_type": "legislature"})
    assert profile == {
        "name": None,
        "stakeholder_type": "legislature",
        "country": None,
        "alignment": "neutral",
        "exposure": {"ukraine_russia_front": "distant", "korean_peninsula": "distant"},
        "alliances": [],
        "capacities": {
            "military": 0.5,
            "humanitarian": 0.5,
            "diplomatic": 0.5,
            "communications": 0.5,
        },
        "public_casualty_sensitivity": 0.5,
        "circumstances": [],
        "relationships": [],
        "area_weights": {},
        "time_horizon": "near_term",
    }


@pytest.mark.parametrize("name", example_names())
def test_examples_are_valid(registry, name):
    assert normalise(registry.profile_schema, load_example(name))["stakeholder_type"]


def test_lists_are_sorted_into_vocabulary_order_so_digests_match(registry):
    a = normalise(
        registry.profile_schema, {"stakeholder_type": "legislature", "alliances": ["eu", "nato"]}
    )
    b = normalise(
        registry.profile_schema, {"alliances": ["nato", "eu"], "stakeholder_type": "legislature"}
    )
    assert a["alliances"] == ["nato", "eu"]
    assert digest(a) == digest(b)


def test_missing_type_and_every_bad_field_are_reported_together(registry):
    errors = _errors(
        registry,
        {
            "capacities": {"military": 1.5, "cyber": 0.2},
            "alliances": ["nato", "natoo"],
            "circumstances": ["borders_dprk", "hosts_us_forces", "borders_dprk"],
            "exposure": {"korean_peninsula": "near"},
            "country": "kr",
            "name": "x" * 201,
            "public_casualty_sensitivity": "high",
            "time_horizon": True,
        },
    )
    assert errors == {
        "stakeholder_type": ["Missing data for required field."],
        "capacities.military": ["Must be between 0 and 1."],
        "capacities.cyber": ["Unknown field."],
        "alliances.1": ["Unknown value 'natoo'; did you mean 'nato'?"],
        "circumstances.2": ["Duplicate value 'borders_dprk'."],
        "exposure.korean_peninsula": ["Unknown value 'near'."],
        "country": ["Unknown value 'kr'; did you mean 'KR'?"],
        "name": ["Length must be between 1 and 200."],
        "public_casualty_sensitivity": ["Not a valid number."],
        "time_horizon": ["Not a valid string."],
    }
    assert {path: [e["code"] for e in coded] for path, coded in coded_errors(errors).items()} == {
        "stakeholder_type": ["required"],
        "capacities.military": ["out_of_range"],
        "capacities.cyber": ["unknown_field"],
        "alliances.1": ["unknown_value"],
        "circumstances.2": ["duplicate"],
        "exposure.korean_peninsula": ["unknown_value"],
        "country": ["unknown_value"],
        "name": ["too_long"],
        "public_casualty_sensitivity": ["invalid_type"],
        "time_horizon": ["invalid_type"],
    }
    assert coded_errors(errors)["country"][0]["suggestion"] == "KR"
    assert "suggestion" not in coded_errors(errors)["exposure.korean_peninsula"][0]


def test_unknown_fields_suggest_the_intended_one(registry):
    errors = _errors(
        registry,
        {
            "stakeholder_type": "legislature",
            "aliances": [],
            "exposure": {"korea_peninsula": "regional"},
        },
    )
    assert errors == {
        "aliances": ["Unknown field; did you mean 'alliances'?"],
        "exposure.korea_peninsula": ["Unknown field; did you mean 'korean_peninsula'?"],
    }


def test_all_zero_area_weights_are_accepted_and_score_everything_zero(registry):
    weights = dict.fromkeys(registry.vocabulary.values("areas"), 0)
    profile = normalise(
        registry.profile_schema, {"stakeholder_type": "legislature", "area_weights": weights}
    )
    recommendations = registry.engine.evaluate(profile).recommendations
    assert recommendations
    assert {r.priority.score for r in recommendations} == {0.0}


@pytest.mark.parametrize("raw", [[], "profile", None, 3])
def test_non_object_body_is_refused(registry, raw):
    assert _errors(registry, raw) == {"_schema": ["The profile must be a JSON object."]}


def test_nan_and_booleans_are_not_numbers(registry):
    errors = _errors(
        registry,
        {
            "stakeholder_type": "legislature",
            "capacities": {"military": True},
            "public_casualty_sensitivity": float("nan"),
        },
    )
    assert set(errors) == {"capacities.military", "public_casualty_sensitivity"}
