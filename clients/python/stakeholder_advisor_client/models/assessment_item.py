from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.area import Area
from ..models.country import Country
from ..models.stakeholder_type import StakeholderType
from ..models.tier import Tier

T = TypeVar("T", bound="AssessmentItem")


@_attrs_define
class AssessmentItem:
    """
    Attributes:
        country (Country | None):
        created_at (datetime.datetime):
        id (UUID):
        name (None | str):
        recommendation_count (int):
        stakeholder_type (StakeholderType):
        top_area (Area | None):
        top_tier (None | Tier): The first recommendation's tier.
        url (str): Where to GET the assessment.
    """

    country: Country | None
    created_at: datetime.datetime
    id: UUID
    name: None | str
    recommendation_count: int
    stakeholder_type: StakeholderType
    top_area: Area | None
    top_tier: None | Tier
    url: str

    def to_dict(self) -> dict[str, Any]:
        country: None | str
        if isinstance(self.country, Country):
            country = self.country.value
        else:
            country = self.country

        created_at = self.created_at.isoformat()

        id = str(self.id)

        name: None | str
        name = self.name

        recommendation_count = self.recommendation_count

        stakeholder_type = self.stakeholder_type.value

        top_area: None | str
        if isinstance(self.top_area, Area):
            top_area = self.top_area.value
        else:
            top_area = self.top_area

        top_tier: None | str
        if isinstance(self.top_tier, Tier):
            top_tier = self.top_tier.value
        else:
            top_tier = self.top_tier

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "country": country,
                "created_at": created_at,
                "id": id,
                "name": name,
                "recommendation_count": recommendation_count,
                "stakeholder_type": stakeholder_type,
                "top_area": top_area,
                "top_tier": top_tier,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_country(data: object) -> Country | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                country_type_0 = Country(data)

                return country_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Country | None, data)

        country = _parse_country(d.pop("country"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        recommendation_count = d.pop("recommendation_count")

        stakeholder_type = StakeholderType(d.pop("stakeholder_type"))

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

        def _parse_top_tier(data: object) -> None | Tier:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                top_tier_type_0 = Tier(data)

                return top_tier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Tier, data)

        top_tier = _parse_top_tier(d.pop("top_tier"))

        url = d.pop("url")

        assessment_item = cls(
            country=country,
            created_at=created_at,
            id=id,
            name=name,
            recommendation_count=recommendation_count,
            stakeholder_type=stakeholder_type,
            top_area=top_area,
            top_tier=top_tier,
            url=url,
        )

        return assessment_item
