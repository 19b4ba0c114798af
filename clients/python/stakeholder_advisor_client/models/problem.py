from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.problem_errors import ProblemErrors


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """
    Attributes:
        status (int):  Example: 422.
        title (str):  Example: Invalid request.
        type_ (str): A relative `/problems/<slug>` URI; GET it for a short explanation. Example: /problems/validation-
            error.
        detail (str | Unset):  Example: The request has invalid fields: alliances.0, capacities.military..
        errors (ProblemErrors | Unset):  Example: {'alliances.0': [{'code': 'unknown_value', 'message': "Unknown value
            'natoo'; did you mean 'nato'?", 'suggestion': 'nato'}], 'capacities.military': [{'code': 'out_of_range',
            'message': 'Must be between 0 and 1.'}]}.
        instance (str | Unset):
        request_id (str | Unset):
    """

    status: int
    title: str
    type_: str
    detail: str | Unset = UNSET
    errors: ProblemErrors | Unset = UNSET
    instance: str | Unset = UNSET
    request_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        title = self.title

        type_ = self.type_

        detail = self.detail

        errors: dict[str, Any] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = self.errors.to_dict()

        instance = self.instance

        request_id = self.request_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail
        if errors is not UNSET:
            field_dict["errors"] = errors
        if instance is not UNSET:
            field_dict["instance"] = instance
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.problem_errors import ProblemErrors  # noqa: PLC0415

        d = dict(src_dict)
        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        detail = d.pop("detail", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: ProblemErrors | Unset
        if isinstance(_errors, Unset):
            errors = UNSET
        else:
            errors = ProblemErrors.from_dict(_errors)

        instance = d.pop("instance", UNSET)

        request_id = d.pop("request_id", UNSET)

        problem = cls(
            status=status,
            title=title,
            type_=type_,
            detail=detail,
            errors=errors,
            instance=instance,
            request_id=request_id,
        )

        return problem
