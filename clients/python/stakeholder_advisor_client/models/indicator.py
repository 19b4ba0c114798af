from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.indicator_direction import IndicatorDirection
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence import Evidence


T = TypeVar("T", bound="Indicator")


@_attrs_define
class Indicator:
    """
    Attributes:
        direction (IndicatorDirection): Whether seeing it would raise or lower the advice's priority.
        text (str):
        evidence (list[Evidence] | Unset): The article's words on it; present unless `inference`.
        inference (bool | Unset): Present (true) when the indicator is the rule author's own.
    """

    direction: IndicatorDirection
    text: str
    evidence: list[Evidence] | Unset = UNSET
    inference: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        direction = self.direction.value

        text = self.text

        evidence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_dict()
                evidence.append(evidence_item)

        inference = self.inference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "direction": direction,
                "text": text,
            }
        )
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if inference is not UNSET:
            field_dict["inference"] = inference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence import Evidence  # noqa: PLC0415

        d = dict(src_dict)
        direction = IndicatorDirection(d.pop("direction"))

        text = d.pop("text")

        _evidence = d.pop("evidence", UNSET)
        evidence: list[Evidence] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = Evidence.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        inference = d.pop("inference", UNSET)

        indicator = cls(
            direction=direction,
            text=text,
            evidence=evidence,
            inference=inference,
        )

        return indicator
