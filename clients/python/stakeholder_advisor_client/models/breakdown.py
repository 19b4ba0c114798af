from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.boost import Boost


T = TypeVar("T", bound="Breakdown")


@_attrs_define
class Breakdown:
    """
    Attributes:
        area_weight (float):
        boost (float):
        boosts (list[Boost]):
        capacity (float):
        capacity_factor (float):
        fit (float):
        horizon_factor (float):
        severity_weight (float):
    """

    area_weight: float
    boost: float
    boosts: list[Boost]
    capacity: float
    capacity_factor: float
    fit: float
    horizon_factor: float
    severity_weight: float

    def to_dict(self) -> dict[str, Any]:
        area_weight = self.area_weight

        boost = self.boost

        boosts = []
        for boosts_item_data in self.boosts:
            boosts_item = boosts_item_data.to_dict()
            boosts.append(boosts_item)

        capacity = self.capacity

        capacity_factor = self.capacity_factor

        fit = self.fit

        horizon_factor = self.horizon_factor

        severity_weight = self.severity_weight

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "area_weight": area_weight,
                "boost": boost,
                "boosts": boosts,
                "capacity": capacity,
                "capacity_factor": capacity_factor,
                "fit": fit,
                "horizon_factor": horizon_factor,
                "severity_weight": severity_weight,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.boost import Boost  # noqa: PLC0415

        d = dict(src_dict)
        area_weight = d.pop("area_weight")

        boost = d.pop("boost")

        boosts = []
        _boosts = d.pop("boosts")
        for boosts_item_data in _boosts:
            boosts_item = Boost.from_dict(boosts_item_data)

            boosts.append(boosts_item)

        capacity = d.pop("capacity")

        capacity_factor = d.pop("capacity_factor")

        fit = d.pop("fit")

        horizon_factor = d.pop("horizon_factor")

        severity_weight = d.pop("severity_weight")

        breakdown = cls(
            area_weight=area_weight,
            boost=boost,
            boosts=boosts,
            capacity=capacity,
            capacity_factor=capacity_factor,
            fit=fit,
            horizon_factor=horizon_factor,
            severity_weight=severity_weight,
        )

        return breakdown
