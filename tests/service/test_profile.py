"""The profile schema: defaults, normalisation, and 422-style errors that name each field."""

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.errors import ProfileInvalid
from service.fielderrors import coded_errors
from service.profile import digest, normalise
from tests.conftest import example_names, load_example
from tests.engine.test_properties import raw_profiles


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


def _stdlib_digest(profile):
    """The canonical form stored digests were made with."""
    text = json.dumps(profile, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("name", example_names())
def test_digest_is_that_of_the_stdlib_canonical_form_for_examples(registry, name):
    profile = normalise(registry.profile_schema, load_example(name))
    assert digest(profile) == _stdlib_digest(profile)


_FRACTIONS = st.floats(0, 1) | st.sampled_from([1e-4, 1e-5, 1.5e-5, 1e-7, 5e-324, 0.1, 1 / 3])


@settings(max_examples=300, deadline=None)
@given(
    raw=raw_profiles(),
    capacity=_FRACTIONS,
    sensitivity=_FRACTIONS,
    weight=_FRACTIONS,
    name=st.text(min_size=1, max_size=30) | st.sampled_from(["0.00001 and 1e-7", "\ud800"]),
)
def test_digest_is_that_of_the_stdlib_canonical_form_for_any_profile(
    registry, raw, capacity, sensitivity, weight, name
):
    raw = {
        **raw,
        "capacities": {**raw.get("capacities", {}), "military": capacity},
        "public_casualty_sensitivity": sensitivity,
        "area_weights": {"diplomatic": weight, "humanitarian": 1.0},
    }
    profile = normalise(registry.profile_schema, raw)
    profile["name"] = name  # any text, even what validation refuses
    try:
        expected = _stdlib_digest(profile)
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            digest(profile)
        return
    assert digest(profile) == expected
