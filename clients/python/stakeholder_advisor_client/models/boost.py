from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Boost")


@_attrs_define
class Boost:
    """
    Attributes:
        by (float):
        reason (str):
    """

    by: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        by = self.by

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "by": by,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        by = d.pop("by")

        reason = d.pop("reason")

        boost = cls(
            by=by,
            reason=reason,
        )

        return boost
