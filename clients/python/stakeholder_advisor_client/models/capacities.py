from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Capacities")


@_attrs_define
class Capacities:
    """
    Attributes:
        communications (float): Default: 0.5.
        diplomatic (float): Default: 0.5.
        humanitarian (float): Default: 0.5.
        military (float): Default: 0.5.
    """

    communications: float
    diplomatic: float
    humanitarian: float
    military: float

    def to_dict(self) -> dict[str, Any]:
        communications = self.communications

        diplomatic = self.diplomatic

        humanitarian = self.humanitarian

        military = self.military

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "communications": communications,
                "diplomatic": diplomatic,
                "humanitarian": humanitarian,
                "military": military,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        communications = d.pop("communications")

        diplomatic = d.pop("diplomatic")

        humanitarian = d.pop("humanitarian")

        military = d.pop("military")

        capacities = cls(
            communications=communications,
            diplomatic=diplomatic,
            humanitarian=humanitarian,
            military=military,
        )

        return capacities
