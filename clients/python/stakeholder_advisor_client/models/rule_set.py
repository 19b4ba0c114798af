from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.area import Area

if TYPE_CHECKING:
    from ..models.rule import Rule


T = TypeVar("T", bound="RuleSet")


@_attrs_define
class RuleSet:
    """
    Attributes:
        area (Area):
        id_prefix (str):
        rules (list[Rule]):
        version (str):
    """

    area: Area
    id_prefix: str
    rules: list[Rule]
    version: str

    def to_dict(self) -> dict[str, Any]:
        area = self.area.value

        id_prefix = self.id_prefix

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "area": area,
                "id_prefix": id_prefix,
                "rules": rules,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule import Rule  # noqa: PLC0415

        d = dict(src_dict)
        area = Area(d.pop("area"))

        id_prefix = d.pop("id_prefix")

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = Rule.from_dict(rules_item_data)

            rules.append(rules_item)

        version = d.pop("version")

        rule_set = cls(
            area=area,
            id_prefix=id_prefix,
            rules=rules,
            version=version,
        )

        return rule_set
