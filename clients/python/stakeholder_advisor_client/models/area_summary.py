from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.area import Area
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.area_summary_why_empty_type_1_type_0 import AreaSummaryWhyEmptyType1Type0
    from ..models.why_empty import WhyEmpty


T = TypeVar("T", bound="AreaSummary")


@_attrs_define
class AreaSummary:
    """
    Attributes:
        area (Area):
        count (int):
        score (float):
        top_recommendation (None | str):
        why_empty (AreaSummaryWhyEmptyType1Type0 | None | Unset | WhyEmpty): Why nothing applies in this area; null when
            something does, absent in assessments stored before it existed.
    """

    area: Area
    count: int
    score: float
    top_recommendation: None | str
    why_empty: AreaSummaryWhyEmptyType1Type0 | None | Unset | WhyEmpty = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.area_summary_why_empty_type_1_type_0 import AreaSummaryWhyEmptyType1Type0  # noqa: PLC0415
        from ..models.why_empty import WhyEmpty  # noqa: PLC0415

        area = self.area.value

        count = self.count

        score = self.score

        top_recommendation: None | str
        top_recommendation = self.top_recommendation

        why_empty: dict[str, Any] | None | Unset
        if isinstance(self.why_empty, Unset):
            why_empty = UNSET
        elif isinstance(self.why_empty, WhyEmpty):
            why_empty = self.why_empty.to_dict()
        elif isinstance(self.why_empty, AreaSummaryWhyEmptyType1Type0):
            why_empty = self.why_empty.to_dict()
        else:
            why_empty = self.why_empty

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "area": area,
                "count": count,
                "score": score,
                "top_recommendation": top_recommendation,
            }
        )
        if why_empty is not UNSET:
            field_dict["why_empty"] = why_empty

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.area_summary_why_empty_type_1_type_0 import AreaSummaryWhyEmptyType1Type0  # noqa: PLC0415
        from ..models.why_empty import WhyEmpty  # noqa: PLC0415

        d = dict(src_dict)
        area = Area(d.pop("area"))

        count = d.pop("count")

        score = d.pop("score")

        def _parse_top_recommendation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        top_recommendation = _parse_top_recommendation(d.pop("top_recommendation"))

        def _parse_why_empty(data: object) -> AreaSummaryWhyEmptyType1Type0 | None | Unset | WhyEmpty:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                why_empty_type_0 = WhyEmpty.from_dict(data)

                return why_empty_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                why_empty_type_1_type_0 = AreaSummaryWhyEmptyType1Type0.from_dict(data)

                return why_empty_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AreaSummaryWhyEmptyType1Type0 | None | Unset | WhyEmpty, data)

        why_empty = _parse_why_empty(d.pop("why_empty", UNSET))

        area_summary = cls(
            area=area,
            count=count,
            score=score,
            top_recommendation=top_recommendation,
            why_empty=why_empty,
        )

        return area_summary
