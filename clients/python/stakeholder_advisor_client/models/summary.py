from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.area import Area
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.area_summary import AreaSummary


T = TypeVar("T", bound="Summary")


@_attrs_define
class Summary:
    """
    Attributes:
        areas (list[AreaSummary]):
        top_area (Area | None):
        bottom_line (str | Unset): What matters most for this stakeholder and how sure we are, in one or two sentences;
            absent in assessments stored before it existed.
    """

    areas: list[AreaSummary]
    top_area: Area | None
    bottom_line: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        areas = []
        for areas_item_data in self.areas:
            areas_item = areas_item_data.to_dict()
            areas.append(areas_item)

        top_area: None | str
        if isinstance(self.top_area, Area):
            top_area = self.top_area.value
        else:
            top_area = self.top_area

        bottom_line = self.bottom_line

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "areas": areas,
                "top_area": top_area,
            }
        )
        if bottom_line is not UNSET:
            field_dict["bottom_line"] = bottom_line

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.area_summary import AreaSummary  # noqa: PLC0415

        d = dict(src_dict)
        areas = []
        _areas = d.pop("areas")
        for areas_item_data in _areas:
            areas_item = AreaSummary.from_dict(areas_item_data)

            areas.append(areas_item)

        def _parse_top_area(data: object) -> Area | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                top_area_type_0 = Area(data)

                return top_area_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Area | None, data)

        top_area = _parse_top_area(d.pop("top_area"))

        bottom_line = d.pop("bottom_line", UNSET)

        summary = cls(
            areas=areas,
            top_area=top_area,
            bottom_line=bottom_line,
        )

        return summary
