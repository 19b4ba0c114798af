from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CapacitiesInput")


@_attrs_define
class CapacitiesInput:
    """
    Attributes:
        communications (float | Unset): Default: 0.5.
        diplomatic (float | Unset): Default: 0.5.
        humanitarian (float | Unset): Default: 0.5.
        military (float | Unset): Default: 0.5.
    """

    communications: float | Unset = UNSET
    diplomatic: float | Unset = UNSET
    humanitarian: float | Unset = UNSET
    military: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        communications = self.communications

        diplomatic = self.diplomatic

        humanitarian = self.humanitarian

        military = self.military

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if communications is not UNSET:
            field_dict["communications"] = communications
        if diplomatic is not UNSET:
            field_dict["diplomatic"] = diplomatic
        if humanitarian is not UNSET:
            field_dict["humanitarian"] = humanitarian
        if military is not UNSET:
            field_dict["military"] = military

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        communications = d.pop("communications", UNSET)

        diplomatic = d.pop("diplomatic", UNSET)

        humanitarian = d.pop("humanitarian", UNSET)

        military = d.pop("military", UNSET)

        capacities_input = cls(
            communications=communications,
            diplomatic=diplomatic,
            humanitarian=humanitarian,
            military=military,
        )

        return capacities_input
