from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.why_empty_reason import WhyEmptyReason

if TYPE_CHECKING:
    from ..models.nearest_rule import NearestRule
    from ..models.why_empty_nearest_type_0_type_0 import WhyEmptyNearestType0Type0


T = TypeVar("T", bound="WhyEmpty")


@_attrs_define
class WhyEmpty:
    """
    Attributes:
        nearest (NearestRule | None | WhyEmptyNearestType0Type0):
        reason (WhyEmptyReason): `unreachable`: no rule of the area can apply to this stakeholder type; `withheld`: the
            side policy withholds every rule that could; `missed`: `nearest` names the rule fewest tests kept from applying
            (ties: highest score).
        text (str):
    """

    nearest: NearestRule | None | WhyEmptyNearestType0Type0
    reason: WhyEmptyReason
    text: str

    def to_dict(self) -> dict[str, Any]:
        from ..models.nearest_rule import NearestRule  # noqa: PLC0415
        from ..models.why_empty_nearest_type_0_type_0 import WhyEmptyNearestType0Type0  # noqa: PLC0415

        nearest: dict[str, Any] | None
        if isinstance(self.nearest, WhyEmptyNearestType0Type0):
            nearest = self.nearest.to_dict()
        elif isinstance(self.nearest, NearestRule):
            nearest = self.nearest.to_dict()
        else:
            nearest = self.nearest

        reason = self.reason.value

        text = self.text

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "nearest": nearest,
                "reason": reason,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.nearest_rule import NearestRule  # noqa: PLC0415
        from ..models.why_empty_nearest_type_0_type_0 import WhyEmptyNearestType0Type0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_nearest(data: object) -> NearestRule | None | WhyEmptyNearestType0Type0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                nearest_type_0_type_0 = WhyEmptyNearestType0Type0.from_dict(data)

                return nearest_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                nearest_type_1 = NearestRule.from_dict(data)

                return nearest_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NearestRule | None | WhyEmptyNearestType0Type0, data)

        nearest = _parse_nearest(d.pop("nearest"))

        reason = WhyEmptyReason(d.pop("reason"))

        text = d.pop("text")

        why_empty = cls(
            nearest=nearest,
            reason=reason,
            text=text,
        )

        return why_empty
