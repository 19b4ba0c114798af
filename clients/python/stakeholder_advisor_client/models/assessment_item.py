from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="AssessmentItem")


@_attrs_define
class AssessmentItem:
    """
    Attributes:
        created_at (datetime.datetime):
        id (UUID):
        name (None | str):
        stakeholder_type (str):
        top_area (None | str):
    """

    created_at: datetime.datetime
    id: UUID
    name: None | str
    stakeholder_type: str
    top_area: None | str

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = str(self.id)

        name: None | str
        name = self.name

        stakeholder_type = self.stakeholder_type

        top_area: None | str
        top_area = self.top_area

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "name": name,
                "stakeholder_type": stakeholder_type,
                "top_area": top_area,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        stakeholder_type = d.pop("stakeholder_type")

        def _parse_top_area(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        top_area = _parse_top_area(d.pop("top_area"))

        assessment_item = cls(
            created_at=created_at,
            id=id,
            name=name,
            stakeholder_type=stakeholder_type,
            top_area=top_area,
        )

        return assessment_item
