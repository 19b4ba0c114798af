from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.area import Area
from ..models.horizon import Horizon
from ..models.severity import Severity
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.confidence import Confidence
    from ..models.evidence import Evidence
    from ..models.indicator import Indicator
    from ..models.priority import Priority
    from ..models.test import Test


T = TypeVar("T", bound="Recommendation")


@_attrs_define
class Recommendation:
    """
    Attributes:
        action (str):
        area (Area):
        cautions (list[str]):
        evidence (list[Evidence]):
        horizon (Horizon):
        id (str):
        matched (list[Test]):
        priority (Priority):
        rank (int):
        rationale (str): What the article says that the rule relies on.
        severity (Severity):
        title (str):
        assumptions (list[str] | Unset): What the advice takes for granted that the article does not establish; absent
            in assessments stored before it existed.
        confidence (Confidence | Unset):
        indicators (list[Indicator] | Unset): What to watch that would raise or lower the priority; absent in
            assessments stored before it existed.
        inference (None | str | Unset): The rule's own step from the quoted fact to the advice; absent in assessments
            stored before it existed.
    """

    action: str
    area: Area
    cautions: list[str]
    evidence: list[Evidence]
    horizon: Horizon
    id: str
    matched: list[Test]
    priority: Priority
    rank: int
    rationale: str
    severity: Severity
    title: str
    assumptions: list[str] | Unset = UNSET
    confidence: Confidence | Unset = UNSET
    indicators: list[Indicator] | Unset = UNSET
    inference: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        area = self.area.value

        cautions = self.cautions

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        horizon = self.horizon.value

        id = self.id

        matched = []
        for matched_item_data in self.matched:
            matched_item = matched_item_data.to_dict()
            matched.append(matched_item)

        priority = self.priority.to_dict()

        rank = self.rank

        rationale = self.rationale

        severity = self.severity.value

        title = self.title

        assumptions: list[str] | Unset = UNSET
        if not isinstance(self.assumptions, Unset):
            assumptions = self.assumptions

        confidence: dict[str, Any] | Unset = UNSET
        if not isinstance(self.confidence, Unset):
            confidence = self.confidence.to_dict()

        indicators: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.indicators, Unset):
            indicators = []
            for indicators_item_data in self.indicators:
                indicators_item = indicators_item_data.to_dict()
                indicators.append(indicators_item)

        inference: None | str | Unset
        if isinstance(self.inference, Unset):
            inference = UNSET
        else:
            inference = self.inference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "area": area,
                "cautions": cautions,
                "evidence": evidence,
                "horizon": horizon,
                "id": id,
                "matched": matched,
                "priority": priority,
                "rank": rank,
                "rationale": rationale,
                "severity": severity,
                "title": title,
            }
        )
        if assumptions is not UNSET:
            field_dict["assumptions"] = assumptions
        if confidence is not UNSET:
            field_dict["confidence"] = confidence
        if indicators is not UNSET:
            field_dict["indicators"] = indicators
        if inference is not UNSET:
            field_dict["inference"] = inference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.confidence import Confidence  # noqa: PLC0415
        from ..models.evidence import Evidence  # noqa: PLC0415
        from ..models.indicator import Indicator  # noqa: PLC0415
        from ..models.priority import Priority  # noqa: PLC0415
        from ..models.test import Test  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        area = Area(d.pop("area"))

        cautions = cast(list[str], d.pop("cautions"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        horizon = Horizon(d.pop("horizon"))

        id = d.pop("id")

        matched = []
        _matched = d.pop("matched")
        for matched_item_data in _matched:
            matched_item = Test.from_dict(matched_item_data)

            matched.append(matched_item)

        priority = Priority.from_dict(d.pop("priority"))

        rank = d.pop("rank")

        rationale = d.pop("rationale")

        severity = Severity(d.pop("severity"))

        title = d.pop("title")

        assumptions = cast(list[str], d.pop("assumptions", UNSET))

        _confidence = d.pop("confidence", UNSET)
        confidence: Confidence | Unset
        if isinstance(_confidence, Unset):
            confidence = UNSET
        else:
            confidence = Confidence.from_dict(_confidence)

        _indicators = d.pop("indicators", UNSET)
        indicators: list[Indicator] | Unset = UNSET
        if _indicators is not UNSET:
            indicators = []
            for indicators_item_data in _indicators:
                indicators_item = Indicator.from_dict(indicators_item_data)

                indicators.append(indicators_item)

        def _parse_inference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        inference = _parse_inference(d.pop("inference", UNSET))

        recommendation = cls(
            action=action,
            area=area,
            cautions=cautions,
            evidence=evidence,
            horizon=horizon,
            id=id,
            matched=matched,
            priority=priority,
            rank=rank,
            rationale=rationale,
            severity=severity,
            title=title,
            assumptions=assumptions,
            confidence=confidence,
            indicators=indicators,
            inference=inference,
        )

        return recommendation
