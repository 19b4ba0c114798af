from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.form_field_kind import FormFieldKind

if TYPE_CHECKING:
    from ..models.form_field_default_by_stakeholder_type_type_0 import FormFieldDefaultByStakeholderTypeType0


T = TypeVar("T", bound="FormField")


@_attrs_define
class FormField:
    """
    Attributes:
        default (Any): The value assumed when the field is left out; null when there is none or it depends on other
            fields (see `default_by_stakeholder_type`, and `relationship_defaults` for relationships).
        default_by_stakeholder_type (FormFieldDefaultByStakeholderTypeType0 | None): Area weights: the default for each
            stakeholder type.
        help_ (str):
        kind (FormFieldKind): text: one line; enum: one value of `vocabulary`; enum_set: distinct values of
            `vocabulary`; number: between `min` and `max`.
        label (str):
        max_ (float | None): Largest number, longest text, or most list items.
        min_ (float | None): Smallest number, or shortest text.
        path (str):  Example: exposure.korean_peninsula.
        required (bool):
        vocabulary (None | str): The member of this document listing the allowed values (`countries` is a list of codes,
            the others lists of terms).
    """

    default: Any
    default_by_stakeholder_type: FormFieldDefaultByStakeholderTypeType0 | None
    help_: str
    kind: FormFieldKind
    label: str
    max_: float | None
    min_: float | None
    path: str
    required: bool
    vocabulary: None | str

    def to_dict(self) -> dict[str, Any]:
        from ..models.form_field_default_by_stakeholder_type_type_0 import FormFieldDefaultByStakeholderTypeType0  # noqa: PLC0415

        default = self.default

        default_by_stakeholder_type: dict[str, Any] | None
        if isinstance(self.default_by_stakeholder_type, FormFieldDefaultByStakeholderTypeType0):
            default_by_stakeholder_type = self.default_by_stakeholder_type.to_dict()
        else:
            default_by_stakeholder_type = self.default_by_stakeholder_type

        help_ = self.help_

        kind = self.kind.value

        label = self.label

        max_: float | None
        max_ = self.max_

        min_: float | None
        min_ = self.min_

        path = self.path

        required = self.required

        vocabulary: None | str
        vocabulary = self.vocabulary

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "default": default,
                "default_by_stakeholder_type": default_by_stakeholder_type,
                "help": help_,
                "kind": kind,
                "label": label,
                "max": max_,
                "min": min_,
                "path": path,
                "required": required,
                "vocabulary": vocabulary,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.form_field_default_by_stakeholder_type_type_0 import FormFieldDefaultByStakeholderTypeType0  # noqa: PLC0415

        d = dict(src_dict)
        default = d.pop("default")

        def _parse_default_by_stakeholder_type(data: object) -> FormFieldDefaultByStakeholderTypeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                default_by_stakeholder_type_type_0 = FormFieldDefaultByStakeholderTypeType0.from_dict(data)

                return default_by_stakeholder_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FormFieldDefaultByStakeholderTypeType0 | None, data)

        default_by_stakeholder_type = _parse_default_by_stakeholder_type(d.pop("default_by_stakeholder_type"))

        help_ = d.pop("help")

        kind = FormFieldKind(d.pop("kind"))

        label = d.pop("label")

        def _parse_max_(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        max_ = _parse_max_(d.pop("max"))

        def _parse_min_(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        min_ = _parse_min_(d.pop("min"))

        path = d.pop("path")

        required = d.pop("required")

        def _parse_vocabulary(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        vocabulary = _parse_vocabulary(d.pop("vocabulary"))

        form_field = cls(
            default=default,
            default_by_stakeholder_type=default_by_stakeholder_type,
            help_=help_,
            kind=kind,
            label=label,
            max_=max_,
            min_=min_,
            path=path,
            required=required,
            vocabulary=vocabulary,
        )

        return form_field
