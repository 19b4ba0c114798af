"""A plain load of a well-formed object by a schema of enums, fractions, texts, enum lists and
nested objects of those: the profile, loaded on every POST.

Compiled from the schema's own fields (their choices, validators and defaults), it checks each
value inline rather than through marshmallow's field calls. It answers only what the schema would
accept; anything else (an error, an unknown key, a null the schema refuses, a field kind not
compiled) answers None, and the schema's own load then gives the result and every error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, missing, validate

from service import leanschema

# A value's check: the loaded value, or _REFUSED for the schema's own load to answer.
Check = Callable[[Any], Any]
_REFUSED = object()
_REQUIRED = object()  # the "default" of a required field: left out, it is the schema's error


class _NotCompiled(Exception):
    """A field of a kind this module does not check inline."""


def compile_load(
    schema: Schema, choice: type[validate.OneOf], fraction: type[fields.Field]
) -> Callable[[Any], dict[str, Any] | None] | None:
    """The plain load of `schema` (a dict in, the dict `schema.load` returns, or None), or None
    when some field is of a kind not compiled. `choice` and `fraction` are the validator and field
    classes whose checks are inlined (service/profile.py's Choice and Fraction)."""
    try:
        return _object(schema, choice, fraction)
    except _NotCompiled:
        return None


def _object(
    schema: Schema, choice: type[validate.OneOf], fraction: type[fields.Field]
) -> Callable[[Any], dict[str, Any] | None]:
    if (
        not isinstance(schema, leanschema.LeanSchema)
        or schema._has_load_hooks()
        or schema.unknown != RAISE
        or schema.many
        or schema.partial is not None
        or schema._plan is None
    ):
        raise _NotCompiled(schema)
    members = tuple(
        (name, *_field(field, choice, fraction)) for name, key, field in schema._plan if name == key
    )
    if len(members) != len(schema._plan):
        raise _NotCompiled(schema)
    names = frozenset(name for name, _, _ in members)

    def load(data: Any) -> dict[str, Any] | None:
        if type(data) is not dict or not names.issuperset(data):
            return None
        result = {}
        for name, check, default in members:
            raw = data.get(name, missing)
            if raw is missing:
                if default is _REQUIRED:
                    return None
                if default is not missing:
                    result[name] = default() if callable(default) else default
                continue
            value = check(raw)
            if value is _REFUSED:
                return None
            result[name] = value
        return result

    return load


def _field(
    field: fields.Field, choice: type[validate.OneOf], fraction: type[fields.Field]
) -> tuple[Check, Any]:
    """A field's check of a given value, and what it loads when left out (`missing`: nothing)."""
    if field.pre_load or field.post_load:
        raise _NotCompiled(field)
    validators = tuple(field.validators)
    if type(field) is leanschema.String:
        check = _text(field, validators, choice)
    elif type(field) is fraction:
        check = _fraction(validators)
    elif type(field) is leanschema.List:
        check = _list(field, validators, choice)
    elif type(field) is leanschema.Nested and not validators and not field.many:
        inner = _object(field.schema, choice, fraction)
        check = _nested(inner) if field.unknown is None else _refuse
    else:
        raise _NotCompiled(field)
    if field.allow_none:
        check = _or_none(check)
    return check, _REQUIRED if field.required else field.load_default


def _refuse(value: Any) -> Any:
    return _REFUSED


def _or_none(check: Check) -> Check:
    def or_none(value: Any) -> Any:
        return None if value is None else check(value)

    return or_none


def _text(field: fields.Field, validators: tuple[Any, ...], choice: type) -> Check:
    if len(validators) == 1 and type(validators[0]) is choice:
        members = validators[0]._members

        def enum(value: Any) -> Any:
            if type(value) is str and value in members:
                return value
            return _REFUSED

        return enum

    def text(value: Any) -> Any:
        if type(value) is not str or not _passes(validators, value):
            return _REFUSED
        return value

    return text


def _fraction(validators: tuple[Any, ...]) -> Check:
    """Fraction's own checks of a JSON number: not NaN, in [0, 1]; its one validator is that range."""
    if not (
        len(validators) == 1
        and type(validators[0]) is validate.Range
        and (validators[0].min, validators[0].max) == (0, 1)
        and validators[0].min_inclusive
        and validators[0].max_inclusive
    ):
        raise _NotCompiled(validators)

    def number(value: Any) -> Any:
        if (type(value) is float or type(value) is int) and 0 <= value <= 1:
            return float(value)
        return _REFUSED  # NaN fails the range too

    return number


def _list(field: fields.Field, validators: tuple[Any, ...], choice: type) -> Check:
    inner = field.inner
    if (
        type(inner) is not leanschema.String
        or inner.pre_load
        or inner.post_load
        or inner.allow_none
        or len(inner.validators) != 1
        or type(inner.validators[0]) is not choice
    ):
        raise _NotCompiled(field)
    members = inner.validators[0]._members

    def items(value: Any) -> Any:
        if type(value) is not list:
            return _REFUSED
        for item in value:
            if type(item) is not str or item not in members:
                return _REFUSED
        if not _passes(validators, value):
            return _REFUSED
        return list(value)

    return items


def _passes(validators: tuple[Any, ...], value: Any) -> bool:
    """Whether a value passes a field's validators (the schema's load words the error)."""
    try:
        for validator in validators:
            validator(value)
    except ValidationError:
        return False
    return True


def _nested(inner: Callable[[Any], dict[str, Any] | None]) -> Check:
    def nested(value: Any) -> Any:
        loaded = inner(value)
        return _REFUSED if loaded is None else loaded

    return nested
