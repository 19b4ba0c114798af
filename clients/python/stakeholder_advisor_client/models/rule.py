from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.area import Area
from ..models.horizon import Horizon
from ..models.severity import Severity

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.indicator import Indicator
    from ..models.rule_boosts_item import RuleBoostsItem
    from ..models.rule_tensions_item import RuleTensionsItem
    from ..models.rule_when import RuleWhen


T = TypeVar("T", bound="Rule")


@_attrs_define
class Rule:
    """
    Attributes:
        action (str):
        area (Area):
        assumptions (list[str]): What the advice takes for granted that the article does not say.
        boosts (list[RuleBoostsItem]):
        cautions (list[str]):
        evidence (list[Evidence]):
        horizon (Horizon):
        id (str):
        indicators (list[Indicator]):
        inference (None | str): The rule's own step from the quoted fact to the advice.
        operational_military (bool): Force posture or combat advice (side policy).
        presumes_adversary (list[str]): States the advice treats as the threat (side policy).
        rationale (str): What the article says that the rule relies on.
        severity (Severity):
        tensions (list[RuleTensionsItem]):
        title (str):
        when (RuleWhen): all / any / not tree of field tests
    """

    action: str
    area: Area
    assumptions: list[str]
    boosts: list[RuleBoostsItem]
    cautions: list[str]
    evidence: list[Evidence]
    horizon: Horizon
    id: str
    indicators: list[Indicator]
    inference: None | str
    operational_military: bool
    presumes_adversary: list[str]
    rationale: str
    severity: Severity
    tensions: list[RuleTensionsItem]
    title: str
    when: RuleWhen

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        area = self.area.value

        assumptions = self.assumptions

        boosts = []
        for boosts_item_data in self.boosts:
            boosts_item = boosts_item_data.to_dict()
            boosts.append(boosts_item)

        cautions = self.cautions

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        horizon = self.horizon.value

        id = self.id

        indicators = []
        for indicators_item_data in self.indicators:
            indicators_item = indicators_item_data.to_dict()
            indicators.append(indicators_item)

        inference: None | str
        inference = self.inference

        operational_military = self.operational_military

        presumes_adversary = self.presumes_adversary

        rationale = self.rationale

        severity = self.severity.value

        tensions = []
        for tensions_item_data in self.tensions:
            tensions_item = tensions_item_data.to_dict()
            tensions.append(tensions_item)

        title = self.title

        when = self.when.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "area": area,
                "assumptions": assumptions,
                "boosts": boosts,
                "cautions": cautions,
                "evidence": evidence,
                "horizon": horizon,
                "id": id,
                "indicators": indicators,
                "inference": inference,
                "operational_military": operational_military,
                "presumes_adversary": presumes_adversary,
                "rationale": rationale,
                "severity": severity,
                "tensions": tensions,
                "title": title,
                "when": when,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence import Evidence  # noqa: PLC0415
        from ..models.indicator import Indicator  # noqa: PLC0415
        from ..models.rule_boosts_item import RuleBoostsItem  # noqa: PLC0415
        from ..models.rule_tensions_item import RuleTensionsItem  # noqa: PLC0415
        from ..models.rule_when import RuleWhen  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        area = Area(d.pop("area"))

        assumptions = cast(list[str], d.pop("assumptions"))

        boosts = []
        _boosts = d.pop("boosts")
        for boosts_item_data in _boosts:
            boosts_item = RuleBoostsItem.from_dict(boosts_item_data)

            boosts.append(boosts_item)

        cautions = cast(list[str], d.pop("cautions"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        horizon = Horizon(d.pop("horizon"))

        id = d.pop("id")

        indicators = []
        _indicators = d.pop("indicators")
        for indicators_item_data in _indicators:
            indicators_item = Indicator.from_dict(indicators_item_data)

            indicators.append(indicators_item)

        def _parse_inference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        inference = _parse_inference(d.pop("inference"))

        operational_military = d.pop("operational_military")

        presumes_adversary = cast(list[str], d.pop("presumes_adversary"))

        rationale = d.pop("rationale")

        severity = Severity(d.pop("severity"))

        tensions = []
        _tensions = d.pop("tensions")
        for tensions_item_data in _tensions:
            tensions_item = RuleTensionsItem.from_dict(tensions_item_data)

            tensions.append(tensions_item)

        title = d.pop("title")

        when = RuleWhen.from_dict(d.pop("when"))

        rule = cls(
            action=action,
            area=area,
            assumptions=assumptions,
            boosts=boosts,
            cautions=cautions,
            evidence=evidence,
            horizon=horizon,
            id=id,
            indicators=indicators,
            inference=inference,
            operational_military=operational_military,
            presumes_adversary=presumes_adversary,
            rationale=rationale,
            severity=severity,
            tensions=tensions,
            title=title,
            when=when,
        )

        return rule
