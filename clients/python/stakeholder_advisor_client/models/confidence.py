from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.confidence_level import ConfidenceLevel

if TYPE_CHECKING:
    from ..models.basis import Basis


T = TypeVar("T", bound="Confidence")


@_attrs_define
class Confidence:
    """
    Attributes:
        basis (list[Basis]):
        level (ConfidenceLevel):
    """

    basis: list[Basis]
    level: ConfidenceLevel

    def to_dict(self) -> dict[str, Any]:
        basis = []
        for basis_item_data in self.basis:
            basis_item = basis_item_data.to_dict()
            basis.append(basis_item)

        level = self.level.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "basis": basis,
                "level": level,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.basis import Basis  # noqa: PLC0415

        d = dict(src_dict)
        basis = []
        _basis = d.pop("basis")
        for basis_item_data in _basis:
            basis_item = Basis.from_dict(basis_item_data)

            basis.append(basis_item)

        level = ConfidenceLevel(d.pop("level"))

        confidence = cls(
            basis=basis,
            level=level,
        )

        return confidence
