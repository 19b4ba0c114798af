"""leanschema against marshmallow itself: the same fields give the same data and the same errors."""

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

from service import leanschema

COLOURS = ("red", "green", "blue")


def _no_repeats(value: list[Any]) -> None:
    if len(set(value)) != len(value):
        raise ValidationError("Repeated.")


def _schemas(base: type[Schema], string: type, listing: type, nested: type) -> type[Schema]:
    """One schema shape, built of either marshmallow's classes or leanschema's."""

    class Meta:
        unknown = RAISE

    inner = type(
        "Inner",
        (base,),
        {
            "Meta": Meta,
            "shade": string(validate=validate.OneOf(COLOURS), load_default=lambda: "red"),
            "weight": fields.Float(validate=validate.Range(0, 1)),
        },
    )
    return type(
        "Outer",
        (base,),
        {
            "Meta": Meta,
            "kind": string(required=True, validate=validate.OneOf(COLOURS)),
            "name": string(
                load_default=None,
                validate=[validate.Length(min=1, max=5), validate.Regexp(r"^[a-z]*$")],
            ),
            "colours": listing(
                string(validate=validate.OneOf(COLOURS)),
                load_default=list,
                validate=[validate.Length(max=2), _no_repeats],
            ),
            "inner": nested(inner, load_default=dict),
            "nullable": string(allow_none=True, load_default="x"),
        },
    )


PLAIN = _schemas(Schema, fields.String, fields.List, fields.Nested)()
LEAN = _schemas(leanschema.LeanSchema, leanschema.String, leanschema.List, leanschema.Nested)()

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([*COLOURS, "RED", "", "abcdef", "ab1", b"red", b"\xff"]),
    st.text(max_size=6),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children),
        st.dictionaries(st.sampled_from(["shade", "weight", "sahde", "x"]), children, max_size=3),
    ),
    max_leaves=8,
)
_KEYS = st.sampled_from(["kind", "name", "colours", "inner", "nullable", "knid", "extra"])
_DATA = st.one_of(st.dictionaries(_KEYS, _VALUES, max_size=6), _VALUES)


def _outcome(schema: Schema, data: Any, **kwargs: Any) -> tuple[str, Any, Any]:
    try:
        return "ok", schema.load(data, **kwargs), None
    except ValidationError as error:
        return "error", error.messages, error.valid_data


@settings(max_examples=600, deadline=None)
@given(_DATA)
def test_lean_loads_as_marshmallow_does(data):
    lean = _outcome(LEAN, data)
    plain = _outcome(PLAIN, data)
    assert repr(lean) == repr(plain)


@pytest.mark.parametrize(
    "options", [{"partial": True}, {"partial": ("inner.weight",)}, {"unknown": "exclude"}]
)
def test_other_load_options_take_marshmallows_path(options):
    data = {"name": "ab", "inner": {"shade": "blue"}, "extra": 1}
    assert repr(_outcome(LEAN, data, **options)) == repr(_outcome(PLAIN, data, **options))


def test_renamed_fields_load_as_marshmallow_does():
    class Renamed(leanschema.LeanSchema):
        value = leanschema.String(data_key="v")
        other = leanschema.Integer(attribute="kept", validate=validate.Range(0, 5))

    assert Renamed().load({"v": "a", "other": 3}) == {"value": "a", "kept": 3}
    with pytest.raises(ValidationError) as caught:
        Renamed().load({"value": "a", "other": 9})
    assert caught.value.messages == {
        "other": ["Must be greater than or equal to 0 and less than or equal to 5."],
        "value": ["Unknown field."],
    }


class _Proxy(Mapping):
    """A mapping that is not a dict, as webargs' MultiDictProxy is."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_lean_excludes_unknown_keys_of_any_mapping_as_marshmallow_does(data):
    lean = _outcome(LEAN, _Proxy(data), unknown=EXCLUDE)
    plain = _outcome(PLAIN, _Proxy(data), unknown=EXCLUDE)
    assert repr(lean) == repr(plain)
