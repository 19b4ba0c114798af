"""The stakeholder profile schema, built from the vocabulary; shared by the API, the CLI and tests."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable
from typing import Any

import orjson
from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
)

from service import leanschema, plainload, plaintext
from service.errors import ProfileInvalid, flatten_errors
from service.fielderrors import Code, FieldError, Size
from service.vocabulary import Vocabulary

NAME_MAX = 200
UNKNOWN_FIELD = "Unknown field."
# Metadata key naming the vocabulary list a field takes its values from: the OpenAPI document
# refers to that list's one named enum, and /v1/vocabulary's form metadata names it.
VOCABULARY = "vocabulary"
_NOT_YET = object()  # a schema's plain load, before it is first compiled


def _suggestion(value: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The choice probably meant: the same but for case, or a close spelling."""
    folded = {choice.lower(): choice for choice in choices}
    if value.lower() in folded:
        return folded[value.lower()]
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _near_miss(
    opening: str, value: str, choices: list[str] | tuple[str, ...], code: Code
) -> FieldError:
    suggestion = _suggestion(value, choices)
    ending = f"; did you mean '{suggestion}'?" if suggestion else "."
    return FieldError(opening + ending, code, suggestion)


class Choice(validate.OneOf):
    """OneOf (so OpenAPI lists the enum) with a message that names the value and a near miss."""

    def __init__(self, choices: Any, **kwargs: Any) -> None:
        super().__init__(choices, **kwargs)
        # A set answers membership at once; the countries alone are some 250 choices.
        self._members = frozenset(self.choices)

    def __call__(self, value: Any) -> Any:
        try:
            if value in self._members:
                return value
        except TypeError:  # unhashable: compared one by one, as OneOf does
            if value in self.choices:
                return value
        if isinstance(value, str):
            raise ValidationError(
                _near_miss(f"Unknown value '{value}'", value, self.choices, Code.UNKNOWN_VALUE)
            )
        raise ValidationError(FieldError(f"Unknown value {value!r}.", Code.UNKNOWN_VALUE))


class Distinct(validate.Validator):
    """Rejects repeated list items, naming the index of each repeat."""

    def __call__(self, value: list[Any]) -> list[Any]:
        seen: set[Any] = set()
        errors: dict[int, list[str]] = {}
        for index, item in enumerate(value):
            if item in seen:
                errors[index] = [FieldError(f"Duplicate value '{item}'.", Code.DUPLICATE)]
            seen.add(item)
        if errors:
            raise ValidationError(errors)
        return value


class Fraction(leanschema.LeanValidation, fields.Float):
    """A JSON number in [0, 1]; strings and booleans are not numbers here."""

    OUT_OF_RANGE = FieldError("Must be between 0 and 1.", Code.OUT_OF_RANGE)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            allow_nan=False,
            validate=validate.Range(0, 1, error=self.OUT_OF_RANGE),
            **kwargs,
        )

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> float:
        if type(value) is float or type(value) is int:  # what JSON gives: Float's checks, inline
            if value != value:
                raise self.make_error("special")
            if not 0 <= value <= 1:
                raise ValidationError(self.OUT_OF_RANGE)
            return float(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        # Checked before float(): 1e999 parses as an infinity, and an integer of 400 digits
        # would overflow the conversion; both are simply out of range.
        if value == value and not 0 <= value <= 1:
            raise ValidationError(self.OUT_OF_RANGE)
        return super()._deserialize(value, attr, data, **kwargs)


class PlainText(validate.Validator):
    """Refuses control characters (newline and tab included) and unpaired surrogates."""

    def __call__(self, value: str) -> str:
        refused = plaintext.first_refused(value)
        if refused:
            raise ValidationError(
                FieldError(
                    f"Must not contain control characters or unpaired surrogates ({refused}).",
                    Code.CONTROL_CHARACTERS,
                )
            )
        return value


def _by_default(value: Any) -> Callable[[], Any]:
    """A load_default given as a function, so the OpenAPI document leaves out `default`.

    Generators read `default` as "always present" (openapi-typescript makes such a field required
    even in a request body), so request defaults are stated in descriptions and in the form
    metadata of /v1/vocabulary instead.
    """
    return lambda: value


def _enum(vocabulary: Vocabulary, group: str, **kwargs: Any) -> fields.String:
    metadata = {**kwargs.pop("metadata", {}), VOCABULARY: group}
    return leanschema.String(validate=Choice(vocabulary.values(group)), metadata=metadata, **kwargs)


def _enum_list(
    vocabulary: Vocabulary, group: str, description: str, load_default: Any = list
) -> fields.List:
    values = vocabulary.values(group)
    return leanschema.List(
        _enum(vocabulary, group),
        load_default=load_default,
        validate=[Size(max=len(values)), Distinct()],
        metadata={"description": description, "uniqueItems": True},
    )


class _StrictSchema(leanschema.LeanSchema):
    """Rejects unknown fields, suggesting the field that was probably meant."""

    class Meta:
        unknown = RAISE

    def handle_error(self, error: ValidationError, data: Any, *, many: bool, **kwargs: Any) -> None:
        raise ValidationError(
            _suggest_fields(error.messages, self), data=error.data, valid_data=error.valid_data
        )


def _suggest_fields(messages: Any, schema: Schema) -> Any:
    if not isinstance(messages, dict):
        return messages
    known = [name for name, field in schema.fields.items() if not field.dump_only]
    rewritten: dict[Any, Any] = {}
    for key, value in messages.items():
        if value == [UNKNOWN_FIELD] and isinstance(key, str):
            rewritten[key] = [_near_miss("Unknown field", key, known, Code.UNKNOWN_FIELD)]
            continue
        field = schema.fields.get(key) if isinstance(key, str) else None
        nested = getattr(field, "schema", None) if isinstance(field, fields.Nested) else None
        rewritten[key] = _suggest_fields(value, nested) if nested is not None else value
    return rewritten


def build_profile_schema(vocabulary: Vocabulary) -> type[Schema]:
    """Generate ProfileInputSchema from the vocabulary, so a new value is a data change only."""
    defaults = vocabulary.defaults
    theatres = vocabulary.values("theatres")
    capacities = vocabulary.values("capacities")
    areas = vocabulary.values("areas")

    exposure_schema = type(
        "ExposureInputSchema",
        (_StrictSchema,),
        {
            t: _enum(
                vocabulary,
                "exposure_levels",
                load_default=_by_default(defaults["exposure"]),
                metadata={"description": f"Default: {defaults['exposure']}."},
            )
            for t in theatres
        },
    )
    capacities_schema = type(
        "CapacitiesInputSchema",
        (_StrictSchema,),
        {
            c: Fraction(
                load_default=_by_default(float(defaults["capacity"])),
                metadata={"description": f"Default: {defaults['capacity']}."},
            )
            for c in capacities
        },
    )
    area_weights_schema = type(
        "AreaWeightsSchema", (_StrictSchema,), {a: Fraction() for a in areas}
    )

    # Each list's position in the vocabulary, by value: lists are normalised into that order.
    positions = {
        key: {value: index for index, value in enumerate(vocabulary.values(key))}.__getitem__
        for key in ("alliances", "circumstances", "relationships")
    }

    def _default_exposure() -> dict[str, str]:
        return dict.fromkeys(theatres, defaults["exposure"])

    def _default_capacities() -> dict[str, float]:
        return dict.fromkeys(capacities, float(defaults["capacity"]))

    class ProfileInputSchema(_StrictSchema):
        """A stakeholder: who it is, where it stands, what it can do. Only stakeholder_type is required."""

        name = leanschema.String(
            load_default=None,
            validate=[Size(min=1, max=NAME_MAX), PlainText()],
            metadata={
                "description": "Display name of the stakeholder, one line of text.",
                "pattern": plaintext.PATTERN,
                "example": "Ministry of National Defense, Republic of Korea",
            },
        )
        stakeholder_type = _enum(
            vocabulary,
            "stakeholder_types",
            required=True,
            metadata={"description": "What kind of body the stakeholder is."},
        )
        country = leanschema.String(
            load_default=None,
            validate=Choice(vocabulary.countries),
            metadata={
                "description": "ISO 3166-1 alpha-2 code of the stakeholder's home country.",
                VOCABULARY: "countries",
            },
        )
        alignment = _enum(
            vocabulary,
            "alignments",
            load_default=_by_default(defaults["alignment"]),
            metadata={
                "description": f"Stance in the Ukraine–Russia war. Default: {defaults['alignment']}."
            },
        )
        exposure = leanschema.Nested(
            exposure_schema,
            load_default=_default_exposure,
            metadata={
                "description": f"Exposure per theatre; theatres left out are '{defaults['exposure']}'."
            },
        )
        alliances = _enum_list(
            vocabulary, "alliances", "Alliances and bodies it belongs to. Default: none."
        )
        capacities = leanschema.Nested(
            capacities_schema,
            load_default=_default_capacities,
            metadata={
                "description": f"Ability to act, 0..1; capacities left out are {defaults['capacity']}."
            },
        )
        public_casualty_sensitivity = Fraction(
            load_default=_by_default(float(defaults["public_casualty_sensitivity"])),
            metadata={
                "description": "How strongly its public reacts to casualties, 0..1. "
                f"Default: {defaults['public_casualty_sensitivity']}."
            },
        )
        circumstances = _enum_list(
            vocabulary,
            "circumstances",
            "Facts about its situation that change the advice. Default: none.",
        )
        relationships = _enum_list(
            vocabulary,
            "relationships",
            "Treaty and partnership ties that decide whose side it is on. Left out, a state body "
            "takes its country's entry in the vocabulary's relationship_defaults; an explicit "
            "list, even an empty one, replaces them.",
            load_default=None,
        )
        area_weights = leanschema.Nested(
            area_weights_schema,
            load_default=dict,
            metadata={
                "description": "Importance of each area, 0..1; areas left out take the stakeholder "
                "type's defaults. Weights are divided by their maximum; all zero scores everything 0."
            },
        )
        time_horizon = _enum(
            vocabulary,
            "horizons",
            load_default=_by_default(defaults["time_horizon"]),
            metadata={
                "description": "The horizon it plans for; matching advice scores higher. "
                f"Default: {defaults['time_horizon']}."
            },
        )

        def load(self, data: Any, *, many: bool | None = None, **kwargs: Any) -> Any:
            """Loads, then normalises: a method rather than a `post_load` hook, since a schema
            with a hook pays for marshmallow's hook dispatch on every load. A well-formed
            profile is loaded by the plain load compiled from these fields (service/plainload.py);
            anything else by marshmallow, for its errors."""
            if many is None and not kwargs and self.only is None and not self.exclude:
                plain = self._plain_load(data)
                if plain is not None:
                    return self._normalise(plain)
            loaded = super().load(data, many=many, **kwargs)
            if self.many if many is None else many:
                return [self._normalise(item) for item in loaded]
            return self._normalise(loaded)

        def _plain_load(self, data: Any) -> dict[str, Any] | None:
            plain = self.__dict__.get("_compiled_load", _NOT_YET)
            if plain is _NOT_YET:
                plain = self._compiled_load = plainload.compile_load(self, Choice, Fraction)
            return None if plain is None else plain(data)

        def _normalise(self, data: dict[str, Any]) -> dict[str, Any]:
            # exposure, capacities and area_weights come in the vocabulary's order already, the
            # first two complete (each member has a default); the lists are the load's own.
            data["relationships"] = with_default_relationships(vocabulary, data)
            for key, position in positions.items():
                data[key].sort(key=position)
            return {key: data[key] for key in self.fields}

    return ProfileInputSchema


def with_default_relationships(vocabulary: Vocabulary, data: dict[str, Any]) -> list[str]:
    """The profile's relationships: as given, else its country's defaults for a state body.

    An explicit list wins, so a caller says "none" with `[]`; the result is shown in the
    normalised profile, so the default is never applied unseen.
    """
    given = data.get("relationships")
    if given is not None:
        return list(given)
    return vocabulary.relationship_defaults.for_body(data["stakeholder_type"], data.get("country"))


def normalise(schema: Schema, raw: Any) -> dict[str, Any]:
    """Validate and normalise a profile, or raise ProfileInvalid with flat dotted field paths."""
    if not isinstance(raw, dict):
        raise ProfileInvalid({"_schema": ["The profile must be a JSON object."]})
    try:
        return schema.load(raw)
    except ValidationError as exc:
        raise ProfileInvalid(flatten_errors(exc.messages)) from exc


# What orjson may write unlike `json.dumps`: a float below 1e-4 (`0.00001` or `1e-7` where `json`
# writes `1e-05` and `1e-07`) or any exponent. A string holding one of these only costs the slower
# writer.
_NOT_LIKE_JSON = (b"0.0000", b"e-", b"e+")


def digest(profile: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of a normalised profile: equal profiles, equal digests.

    The canonical form is `json.dumps` with sorted keys, compact and UTF-8, byte for byte, since
    stored digests were made with it; orjson writes the same bytes several times faster for
    every profile but those `_NOT_LIKE_JSON` finds, which `json.dumps` writes.
    """
    try:
        canonical = orjson.dumps(profile, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:  # e.g. an unpaired surrogate: `json` fails as it always did
        canonical = None
    if canonical is None or any(written in canonical for written in _NOT_LIKE_JSON):
        text = json.dumps(profile, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        canonical = text.encode("utf-8")
    return hashlib.sha256(canonical).hexdigest()
