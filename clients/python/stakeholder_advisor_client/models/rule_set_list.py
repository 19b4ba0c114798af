from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.rule_set_summary import RuleSetSummary


T = TypeVar("T", bound="RuleSetList")


@_attrs_define
class RuleSetList:
    """
    Attributes:
        rulesets (list[RuleSetSummary]):
        version (str):
    """

    rulesets: list[RuleSetSummary]
    version: str

    def to_dict(self) -> dict[str, Any]:
        rulesets = []
        for rulesets_item_data in self.rulesets:
            rulesets_item = rulesets_item_data.to_dict()
            rulesets.append(rulesets_item)

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rulesets": rulesets,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_set_summary import RuleSetSummary  # noqa: PLC0415

        d = dict(src_dict)
        rulesets = []
        _rulesets = d.pop("rulesets")
        for rulesets_item_data in _rulesets:
            rulesets_item = RuleSetSummary.from_dict(rulesets_item_data)

            rulesets.append(rulesets_item)

        version = d.pop("version")

        rule_set_list = cls(
            rulesets=rulesets,
            version=version,
        )

        return rule_set_list
