from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.exposure_level import ExposureLevel

T = TypeVar("T", bound="Exposure")


@_attrs_define
class Exposure:
    """
    Attributes:
        korean_peninsula (ExposureLevel):
        ukraine_russia_front (ExposureLevel):
    """

    korean_peninsula: ExposureLevel
    ukraine_russia_front: ExposureLevel

    def to_dict(self) -> dict[str, Any]:
        korean_peninsula = self.korean_peninsula.value

        ukraine_russia_front = self.ukraine_russia_front.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "korean_peninsula": korean_peninsula,
                "ukraine_russia_front": ukraine_russia_front,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        korean_peninsula = ExposureLevel(d.pop("korean_peninsula"))

        ukraine_russia_front = ExposureLevel(d.pop("ukraine_russia_front"))

        exposure = cls(
            korean_peninsula=korean_peninsula,
            ukraine_russia_front=ukraine_russia_front,
        )

        return exposure
