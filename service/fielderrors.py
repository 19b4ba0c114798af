"""Coded field errors (DESIGN §9): each message of a 422 with a code a portal can act on.

Validators raise `FieldError`, a message that knows its code and a suggested value; marshmallow's
own messages are coded by what they say. A portal translates by code and offers the suggestion
as a one-click fix.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from marshmallow import ValidationError, validate


class Code(StrEnum):
    """The closed set of field error codes, listed in the README and the OpenAPI document."""

    REQUIRED = "required"
    UNKNOWN_FIELD = "unknown_field"
    UNKNOWN_VALUE = "unknown_value"
    DUPLICATE = "duplicate"
    OUT_OF_RANGE = "out_of_range"
    TOO_LONG = "too_long"
    TOO_SHORT = "too_short"
    INVALID_TYPE = "invalid_type"
    INVALID_FORMAT = "invalid_format"
    CONTROL_CHARACTERS = "control_characters"
    INVALID = "invalid"


CODE_MEANINGS = {
    Code.REQUIRED: "The field is required and was left out.",
    Code.UNKNOWN_FIELD: "No such field; `suggestion` names the field probably meant, if any.",
    Code.UNKNOWN_VALUE: "Not one of the field's values; `suggestion` names a near miss, if any.",
    Code.DUPLICATE: "The value is repeated in the list.",
    Code.OUT_OF_RANGE: "The number (or time) is outside the field's range.",
    Code.TOO_LONG: "The text or list is longer than the field allows.",
    Code.TOO_SHORT: "The text is shorter than the field allows (an empty name, for one).",
    Code.INVALID_TYPE: "The JSON type is wrong (a string for a number, null for a list, ...).",
    Code.INVALID_FORMAT: "The text does not have the field's format (a time, a cursor, ...).",
    Code.CONTROL_CHARACTERS: "The text contains control characters or unpaired surrogates.",
    Code.INVALID: "Any other reason; the message says which.",
}


class FieldError(str):
    """An error message that carries its code and, for near misses, the value probably meant."""

    code: Code
    suggestion: str | None

    def __new__(cls, message: str, code: Code, suggestion: str | None = None) -> FieldError:
        error = super().__new__(cls, message)
        error.code = code
        error.suggestion = suggestion
        return error


# marshmallow's and webargs' own messages, by what they say.
_BUILT_IN = {
    "Missing data for required field.": Code.REQUIRED,
    "Unknown field.": Code.UNKNOWN_FIELD,
    "Field may not be null.": Code.INVALID_TYPE,
    "Invalid input type.": Code.INVALID_TYPE,
    "Invalid type.": Code.INVALID_TYPE,
    "Not a valid string.": Code.INVALID_TYPE,
    "Not a valid utf-8 string.": Code.INVALID_TYPE,
    "Not a valid integer.": Code.INVALID_TYPE,
    "Not a valid number.": Code.INVALID_TYPE,
    "Not a valid boolean.": Code.INVALID_TYPE,
    "Not a valid list.": Code.INVALID_TYPE,
    "Not a valid mapping type.": Code.INVALID_TYPE,
    "Number too large.": Code.OUT_OF_RANGE,
    "Special numeric values (nan or infinity) are not permitted.": Code.OUT_OF_RANGE,
}
_BUILT_IN_PATTERNS = (
    (re.compile(r"Not a valid (aware |naive )?(datetime|date|time)\."), Code.INVALID_FORMAT),
    (re.compile(r".* cannot be formatted as a "), Code.INVALID_FORMAT),
    (re.compile(r"Longer than maximum length "), Code.TOO_LONG),
    (re.compile(r"Shorter than minimum length "), Code.TOO_SHORT),
    (re.compile(r"Must be (greater|less) than "), Code.OUT_OF_RANGE),
    (re.compile(r"Must be between "), Code.OUT_OF_RANGE),
    (re.compile(r"Must be one of: "), Code.UNKNOWN_VALUE),
)


def code_of(message: str) -> Code:
    if isinstance(message, FieldError):
        return message.code
    known = _BUILT_IN.get(message)
    if known is not None:
        return known
    for pattern, code in _BUILT_IN_PATTERNS:
        if pattern.match(message):
            return code
    return Code.INVALID


def coded(message: str) -> dict[str, Any]:
    """One message as DESIGN §9's coded error: code, message and, if there is one, suggestion."""
    error: dict[str, Any] = {"code": str(code_of(message)), "message": str(message)}
    suggestion = getattr(message, "suggestion", None)
    if suggestion is not None:
        error["suggestion"] = suggestion
    return error


def coded_errors(errors: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    return {path: [coded(message) for message in messages] for path, messages in errors.items()}


class Pattern(validate.Regexp):
    """Regexp (so OpenAPI shows the pattern) whose message is coded invalid_format."""

    def __call__(self, value: str) -> str:
        if self.regex.match(value) is None:
            raise ValidationError(FieldError(self.error, Code.INVALID_FORMAT))
        return value


class Size(validate.Length):
    """Length (so OpenAPI shows the bounds) whose messages are coded too_long / too_short."""

    def __call__(self, value: Any) -> Any:
        length = len(value)
        if self.equal is not None and length != self.equal:
            raise ValidationError(
                FieldError(self._format_error(value, self.message_equal), Code.INVALID_FORMAT)
            )
        both = self.min is not None and self.max is not None
        if self.max is not None and length > self.max:
            message = self.message_all if both else self.message_max
            raise ValidationError(FieldError(self._format_error(value, message), Code.TOO_LONG))
        if self.min is not None and length < self.min:
            message = self.message_all if both else self.message_min
            raise ValidationError(FieldError(self._format_error(value, message), Code.TOO_SHORT))
        return value
