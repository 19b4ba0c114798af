from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.tier import Tier

if TYPE_CHECKING:
    from ..models.breakdown import Breakdown


T = TypeVar("T", bound="Priority")


@_attrs_define
class Priority:
    """
    Attributes:
        breakdown (Breakdown):
        score (float):
        tier (Tier):
    """

    breakdown: Breakdown
    score: float
    tier: Tier

    def to_dict(self) -> dict[str, Any]:
        breakdown = self.breakdown.to_dict()

        score = self.score

        tier = self.tier.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "breakdown": breakdown,
                "score": score,
                "tier": tier,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.breakdown import Breakdown  # noqa: PLC0415

        d = dict(src_dict)
        breakdown = Breakdown.from_dict(d.pop("breakdown"))

        score = d.pop("score")

        tier = Tier(d.pop("tier"))

        priority = cls(
            breakdown=breakdown,
            score=score,
            tier=tier,
        )

        return priority
