from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FailedTest")


@_attrs_define
class FailedTest:
    """
    Attributes:
        actual (Any):
        expected (Any):
        negated (bool):
        op (str):  Example: in.
        path (str):  Example: exposure.korean_peninsula.
        would_pass (Any): A value of the field that would have passed this test.
    """

    actual: Any
    expected: Any
    negated: bool
    op: str
    path: str
    would_pass: Any

    def to_dict(self) -> dict[str, Any]:
        actual = self.actual

        expected = self.expected

        negated = self.negated

        op = self.op

        path = self.path

        would_pass = self.would_pass

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "actual": actual,
                "expected": expected,
                "negated": negated,
                "op": op,
                "path": path,
                "would_pass": would_pass,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        actual = d.pop("actual")

        expected = d.pop("expected")

        negated = d.pop("negated")

        op = d.pop("op")

        path = d.pop("path")

        would_pass = d.pop("would_pass")

        failed_test = cls(
            actual=actual,
            expected=expected,
            negated=negated,
            op=op,
            path=path,
            would_pass=would_pass,
        )

        return failed_test
