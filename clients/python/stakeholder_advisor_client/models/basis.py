from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.basis_kind import BasisKind

T = TypeVar("T", bound="Basis")


@_attrs_define
class Basis:
    """
    Attributes:
        kind (BasisKind): `support`: the sentences counted; `hedged` and `attributed`: those the source offers as a
            possibility or reports as a claim; `inference`: the rule's step beyond them; `source`: the ceiling the article's
            provenance sets.
        passages (list[str]): Ids of the article sentences it is about; empty for `inference`.
        text (str): The reason, for a reader.
    """

    kind: BasisKind
    passages: list[str]
    text: str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        passages = self.passages

        text = self.text

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "passages": passages,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = BasisKind(d.pop("kind"))

        passages = cast(list[str], d.pop("passages"))

        text = d.pop("text")

        basis = cls(
            kind=kind,
            passages=passages,
            text=text,
        )

        return basis
