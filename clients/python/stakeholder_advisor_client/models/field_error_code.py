from enum import StrEnum


class FieldErrorCode(StrEnum):
    CONTROL_CHARACTERS = "control_characters"
    DUPLICATE = "duplicate"
    INVALID = "invalid"
    INVALID_FORMAT = "invalid_format"
    INVALID_TYPE = "invalid_type"
    OUT_OF_RANGE = "out_of_range"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    TOO_SHORT = "too_short"
    UNKNOWN_FIELD = "unknown_field"
    UNKNOWN_VALUE = "unknown_value"

    def __str__(self) -> str:
        return str(self.value)
