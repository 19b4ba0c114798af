from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.failed_test import FailedTest


T = TypeVar("T", bound="NearestRule")


@_attrs_define
class NearestRule:
    """
    Attributes:
        failed (list[FailedTest]):
        id (str):
        score (float): The score it would have had, had it applied.
        title (str):
    """

    failed: list[FailedTest]
    id: str
    score: float
    title: str

    def to_dict(self) -> dict[str, Any]:
        failed = []
        for failed_item_data in self.failed:
            failed_item = failed_item_data.to_dict()
            failed.append(failed_item)

        id = self.id

        score = self.score

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "failed": failed,
                "id": id,
                "score": score,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.failed_test import FailedTest  # noqa: PLC0415

        d = dict(src_dict)
        failed = []
        _failed = d.pop("failed")
        for failed_item_data in _failed:
            failed_item = FailedTest.from_dict(failed_item_data)

            failed.append(failed_item)

        id = d.pop("id")

        score = d.pop("score")

        title = d.pop("title")

        nearest_rule = cls(
            failed=failed,
            id=id,
            score=score,
            title=title,
        )

        return nearest_rule
