"""The plain load of a profile (service/plainload.py) answers exactly what marshmallow's load of
the schema does, or leaves the answer (and every error) to it."""

import copy
import math

from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError

from tests.engine.test_properties import raw_profiles


def _marshmallow(schema, raw):
    """The schema's load without the plain path: the outcome it must match."""
    try:
        return "ok", schema._normalise(super(type(schema), schema).load(copy.deepcopy(raw)))
    except ValidationError as error:
        return "error", error.messages


def _ours(schema, raw):
    try:
        return "ok", schema.load(copy.deepcopy(raw))
    except ValidationError as error:
        return "error", error.messages


def test_the_profile_schema_is_compiled(registry):
    kind = registry.vocabulary.values("stakeholder_types")[0]
    assert registry.profile_schema._plain_load({"stakeholder_type": kind}) is not None


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.sampled_from([0.5, -0.0, 1.0, 1.5, math.nan, math.inf, 10**400, "0.5", "", "x" * 201]),
    st.sampled_from(["ngo", "KR", "kr", "us_rok_alliance", "frontline", "a\nb", "\ud800"]),
    st.lists(st.sampled_from(["us_rok_alliance", "borders_dprk", "nope", 1]), max_size=3),
    st.dictionaries(
        st.sampled_from(["korean_peninsula", "military", "security", "x"]),
        st.sampled_from(["frontline", 0.5, 2, None, True]),
        max_size=2,
    ),
)


@settings(max_examples=400, deadline=None)
@given(
    raw_profiles(),
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "stakeholder_type",
                "country",
                "alignment",
                "exposure",
                "alliances",
                "capacities",
                "public_casualty_sensitivity",
                "circumstances",
                "relationships",
                "area_weights",
                "time_horizon",
                "unknown",
            ]
        ),
        ODD_VALUES,
        max_size=2,
    ),
    st.sets(st.sampled_from(["stakeholder_type", "exposure", "name"]), max_size=1),
)
def test_plain_load_answers_as_marshmallow_does(registry, raw, changes, dropped):
    raw = {**raw, **changes}
    for key in dropped:
        raw.pop(key, None)
    schema = registry.profile_schema
    assert _ours(schema, raw) == _marshmallow(schema, raw)


ODD = [
    None, True, False, 0, 1, 2, -1, 0.5, -0.0, 1.0, 1.5, -0.5, math.nan, math.inf, 10**400, "0.5",
    "", "x" * 201, "ngo", "KR", "kr", "us_rok_alliance", "frontline", "near_term", "a\nb", "\ud800",
    [], ["us_rok_alliance"], ["us_rok_alliance", "us_rok_alliance"], ["nope"], [1], [None],
    {}, {"korean_peninsula": "frontline"}, {"korean_peninsula": None}, {"military": 0.5},
    {"military": 2}, {"military": True}, {"military": "0.5"}, {"x": 1}, {"security": 0.5},
]  # fmt: skip


def test_each_field_given_odd_values_answers_as_marshmallow_does(registry):
    schema = registry.profile_schema
    base = {"stakeholder_type": registry.vocabulary.values("stakeholder_types")[0]}
    for name in [*schema.fields, "unknown"]:
        for value in ODD:
            raw = {**base, name: value}
            assert _ours(schema, raw) == _marshmallow(schema, raw), raw
            nested = {name: value} if name in ("exposure", "capacities", "area_weights") else None
            if nested is not None:
                for member in schema.fields[name].schema.fields:
                    raw = {**base, name: {member: value}}
                    assert _ours(schema, raw) == _marshmallow(schema, raw), raw


def test_non_objects_are_left_to_marshmallow(registry):
    schema = registry.profile_schema
    for raw in ([], "x", None, 1, {"stakeholder_type": "ngo", "exposure": []}):
        assert schema._plain_load(raw) is None


def test_a_schema_of_other_fields_is_not_compiled():
    from marshmallow import fields

    from service.plainload import compile_load
    from service.profile import Choice, Fraction

    class Other(Schema):
        when = fields.DateTime()

    assert compile_load(Other(), Choice, Fraction) is None
