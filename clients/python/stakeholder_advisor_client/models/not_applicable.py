from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.area import Area

if TYPE_CHECKING:
    from ..models.failed_test import FailedTest


T = TypeVar("T", bound="NotApplicable")


@_attrs_define
class NotApplicable:
    """
    Attributes:
        area (Area):
        failed (list[FailedTest]):
        id (str):
        title (str):
    """

    area: Area
    failed: list[FailedTest]
    id: str
    title: str

    def to_dict(self) -> dict[str, Any]:
        area = self.area.value

        failed = []
        for failed_item_data in self.failed:
            failed_item = failed_item_data.to_dict()
            failed.append(failed_item)

        id = self.id

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "area": area,
                "failed": failed,
                "id": id,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.failed_test import FailedTest  # noqa: PLC0415

        d = dict(src_dict)
        area = Area(d.pop("area"))

        failed = []
        _failed = d.pop("failed")
        for failed_item_data in _failed:
            failed_item = FailedTest.from_dict(failed_item_data)

            failed.append(failed_item)

        id = d.pop("id")

        title = d.pop("title")

        not_applicable = cls(
            area=area,
            failed=failed,
            id=id,
            title=title,
        )

        return not_applicable
