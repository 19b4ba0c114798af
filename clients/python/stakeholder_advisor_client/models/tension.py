from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Tension")


@_attrs_define
class Tension:
    """
    Attributes:
        between (list[str]):
        note (str):
    """

    between: list[str]
    note: str

    def to_dict(self) -> dict[str, Any]:
        between = self.between

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "between": between,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        between = cast(list[str], d.pop("between"))

        note = d.pop("note")

        tension = cls(
            between=between,
            note=note,
        )

        return tension
