from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.area import Area

T = TypeVar("T", bound="RuleSetSummary")


@_attrs_define
class RuleSetSummary:
    """
    Attributes:
        area (Area):
        id_prefix (str):
        rule_count (int):
        url (str):
    """

    area: Area
    id_prefix: str
    rule_count: int
    url: str

    def to_dict(self) -> dict[str, Any]:
        area = self.area.value

        id_prefix = self.id_prefix

        rule_count = self.rule_count

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "area": area,
                "id_prefix": id_prefix,
                "rule_count": rule_count,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        area = Area(d.pop("area"))

        id_prefix = d.pop("id_prefix")

        rule_count = d.pop("rule_count")

        url = d.pop("url")

        rule_set_summary = cls(
            area=area,
            id_prefix=id_prefix,
            rule_count=rule_count,
            url=url,
        )

        return rule_set_summary
