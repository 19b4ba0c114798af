from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.field_error_code import FieldErrorCode
from ..types import UNSET, Unset

T = TypeVar("T", bound="FieldError")


@_attrs_define
class FieldError:
    """
    Attributes:
        code (FieldErrorCode):
        message (str): In English.
        suggestion (str | Unset): The value (or field name) probably meant, for a one-click fix.
    """

    code: FieldErrorCode
    message: str
    suggestion: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        message = self.message

        suggestion = self.suggestion

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if suggestion is not UNSET:
            field_dict["suggestion"] = suggestion

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = FieldErrorCode(d.pop("code"))

        message = d.pop("message")

        suggestion = d.pop("suggestion", UNSET)

        field_error = cls(
            code=code,
            message=message,
            suggestion=suggestion,
        )

        return field_error
