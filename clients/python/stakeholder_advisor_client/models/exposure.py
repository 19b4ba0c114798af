from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.exposure_korean_peninsula import ExposureKoreanPeninsula
from ..models.exposure_ukraine_russia_front import ExposureUkraineRussiaFront
from ..types import UNSET, Unset

T = TypeVar("T", bound="Exposure")


@_attrs_define
class Exposure:
    """
    Attributes:
        korean_peninsula (ExposureKoreanPeninsula | Unset):  Default: ExposureKoreanPeninsula.DISTANT.
        ukraine_russia_front (ExposureUkraineRussiaFront | Unset):  Default: ExposureUkraineRussiaFront.DISTANT.
    """

    korean_peninsula: ExposureKoreanPeninsula | Unset = ExposureKoreanPeninsula.DISTANT
    ukraine_russia_front: ExposureUkraineRussiaFront | Unset = ExposureUkraineRussiaFront.DISTANT

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
        korean_peninsula: ExposureKoreanPeninsula | Unset
        if isinstance(_korean_peninsula, Unset):
            korean_peninsula = UNSET
        else:
            korean_peninsula = ExposureKoreanPeninsula(_korean_peninsula)

        _ukraine_russia_front = d.pop("ukraine_russia_front", UNSET)
        ukraine_russia_front: ExposureUkraineRussiaFront | Unset
        if isinstance(_ukraine_russia_front, Unset):
            ukraine_russia_front = UNSET
        else:
            ukraine_russia_front = ExposureUkraineRussiaFront(_ukraine_russia_front)

        exposure = cls(
            korean_peninsula=korean_peninsula,
            ukraine_russia_front=ukraine_russia_front,
        )

        return exposure
