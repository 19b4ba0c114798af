from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.exposure_level import ExposureLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExposureInput")


@_attrs_define
class ExposureInput:
    """
    Attributes:
        korean_peninsula (ExposureLevel | Unset):
        ukraine_russia_front (ExposureLevel | Unset):
    """

    korean_peninsula: ExposureLevel | Unset = UNSET
    ukraine_russia_front: ExposureLevel | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        korean_peninsula: str | Unset = UNSET
        if not isinstance(self.korean_peninsula, Unset):
            korean_peninsula = self.korean_peninsula.value

        ukraine_russia_front: str | Unset = UNSET
        if not isinstance(self.ukraine_russia_front, Unset):
            ukraine_russia_front = self.ukraine_russia_front.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if korean_peninsula is not UNSET:
            field_dict["korean_peninsula"] = korean_peninsula
        if ukraine_russia_front is not UNSET:
            field_dict["ukraine_russia_front"] = ukraine_russia_front

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _korean_peninsula = d.pop("korean_peninsula", UNSET)
        korean_peninsula: ExposureLevel | Unset
        if isinstance(_korean_peninsula, Unset):
            korean_peninsula = UNSET
        else:
            korean_peninsula = ExposureLevel(_korean_peninsula)

        _ukraine_russia_front = d.pop("ukraine_russia_front", UNSET)
        ukraine_russia_front: ExposureLevel | Unset
        if isinstance(_ukraine_russia_front, Unset):
            ukraine_russia_front = UNSET
        else:
            ukraine_russia_front = ExposureLevel(_ukraine_russia_front)

        exposure_input = cls(
            korean_peninsula=korean_peninsula,
            ukraine_russia_front=ukraine_russia_front,
        )

        return exposure_input
