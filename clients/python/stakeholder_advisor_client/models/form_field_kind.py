from enum import StrEnum


class FormFieldKind(StrEnum):
    ENUM = "enum"
    ENUM_SET = "enum_set"
    NUMBER = "number"
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
