from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Ready")


@_attrs_define
class Ready:
    """
    Attributes:
        database (str):
        rules (int):
        status (str):
    """

    database: str
    rules: int
    status: str

    def to_dict(self) -> dict[str, Any]:
        database = self.database

        rules = self.rules

        status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "database": database,
                "rules": rules,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        database = d.pop("database")

        rules = d.pop("rules")

        status = d.pop("status")

        ready = cls(
            database=database,
            rules=rules,
            status=status,
        )

        return ready
