from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Term")


@_attrs_define
class Term:
    """
    Attributes:
        description (str):
        label (str):
        value (str):
    """

    description: str
    label: str
    value: str

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        label = self.label

        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "description": description,
                "label": label,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description")

        label = d.pop("label")

        value = d.pop("value")

        term = cls(
            description=description,
            label=label,
            value=value,
        )

        return term
