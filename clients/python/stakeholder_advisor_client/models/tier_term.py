from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.tier import Tier

T = TypeVar("T", bound="TierTerm")


@_attrs_define
class TierTerm:
    """
    Attributes:
        description (str):
        label (str):
        min_ (float): The lowest priority score of the tier.
        value (Tier):
    """

    description: str
    label: str
    min_: float
    value: Tier

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        label = self.label

        min_ = self.min_

        value = self.value.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "description": description,
                "label": label,
                "min": min_,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description")

        label = d.pop("label")

        min_ = d.pop("min")

        value = Tier(d.pop("value"))

        tier_term = cls(
            description=description,
            label=label,
            min_=min_,
            value=value,
        )

        return tier_term
