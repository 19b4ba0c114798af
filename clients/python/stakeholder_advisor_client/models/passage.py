from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Passage")


@_attrs_define
class Passage:
    """
    Attributes:
        end (int):
        id (str):  Example: s5.p1.x2.
        level (str):
        section_id (str):
        section_title (str):
        start (int):
    """

    end: int
    id: str
    level: str
    section_id: str
    section_title: str
    start: int

    def to_dict(self) -> dict[str, Any]:
        end = self.end

        id = self.id

        level = self.level

        section_id = self.section_id

        section_title = self.section_title

        start = self.start

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "end": end,
                "id": id,
                "level": level,
                "section_id": section_id,
                "section_title": section_title,
                "start": start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        end = d.pop("end")

        id = d.pop("id")

        level = d.pop("level")

        section_id = d.pop("section_id")

        section_title = d.pop("section_title")

        start = d.pop("start")

        passage = cls(
            end=end,
            id=id,
            level=level,
            section_id=section_id,
            section_title=section_title,
            start=start,
        )

        return passage
