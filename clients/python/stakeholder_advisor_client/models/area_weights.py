from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AreaWeights")


@_attrs_define
class AreaWeights:
    """
    Attributes:
        diplomatic (float | Unset):
        humanitarian (float | Unset):
        military_readiness (float | Unset):
        public_opinion (float | Unset):
    """

    diplomatic: float | Unset = UNSET
    humanitarian: float | Unset = UNSET
    military_readiness: float | Unset = UNSET
    public_opinion: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        diplomatic = self.diplomatic

        humanitarian = self.humanitarian

        military_readiness = self.military_readiness

        public_opinion = self.public_opinion

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if diplomatic is not UNSET:
            field_dict["diplomatic"] = diplomatic
        if humanitarian is not UNSET:
            field_dict["humanitarian"] = humanitarian
        if military_readiness is not UNSET:
            field_dict["military_readiness"] = military_readiness
        if public_opinion is not UNSET:
            field_dict["public_opinion"] = public_opinion

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        diplomatic = d.pop("diplomatic", UNSET)

        humanitarian = d.pop("humanitarian", UNSET)

        military_readiness = d.pop("military_readiness", UNSET)

        public_opinion = d.pop("public_opinion", UNSET)

        area_weights = cls(
            diplomatic=diplomatic,
            humanitarian=humanitarian,
            military_readiness=military_readiness,
            public_opinion=public_opinion,
        )

        return area_weights
