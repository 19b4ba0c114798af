"""Form metadata for /v1/vocabulary: every profile field, so a portal builds its form from data.

Read off the profile schema itself (kinds, bounds, defaults, help) with the vocabulary's labels
and the scoring's per-type area weights, so the form cannot drift from what the API accepts.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, missing, validate

from service.engine.scoring import Scoring
from service.profile import VOCABULARY
from service.vocabulary import Vocabulary

# The vocabulary list naming the members of each object field.
MEMBER_GROUPS = {"exposure": "theatres", "capacities": "capacities", "area_weights": "areas"}


def form_fields(schema: Schema, vocabulary: Vocabulary, scoring: Scoring) -> list[dict[str, Any]]:
    """One entry per value a profile form asks for, in the schema's order, members expanded."""
    entries = []
    for name, field in schema.fields.items():
        label = vocabulary.field_labels[name]
        help_text = field.metadata.get("description", "")
        if isinstance(field, fields.Nested):
            group = MEMBER_GROUPS[name]
            for member, member_field in field.schema.fields.items():
                term = vocabulary.term(group, member)
                entry = _entry(
                    f"{name}.{member}",
                    f"{label}: {term.label}",
                    f"{term.description} {help_text}",
                    member_field,
                )
                if name == "area_weights":
                    entry["default_by_stakeholder_type"] = {
                        stype: weights[member]
                        for stype, weights in scoring.type_area_weights.items()
                    }
                entries.append(entry)
        else:
            entries.append(_entry(name, label, help_text, field))
    return entries


def _entry(path: str, label: str, help_text: str, field: fields.Field) -> dict[str, Any]:
    kind, vocabulary_list = _kind(field)
    minimum, maximum = _bounds(field)
    return {
        "path": path,
        "label": label,
        "help": help_text,
        "kind": kind,
        "vocabulary": vocabulary_list,
        "required": field.required,
        "min": minimum,
        "max": maximum,
        "default": _default(field),
        "default_by_stakeholder_type": None,
    }


def _kind(field: fields.Field) -> tuple[str, str | None]:
    if isinstance(field, fields.List):
        return "enum_set", field.inner.metadata.get(VOCABULARY)
    if VOCABULARY in field.metadata:
        return "enum", field.metadata[VOCABULARY]
    if isinstance(field, fields.Number):
        return "number", None
    return "text", None


def _bounds(field: fields.Field) -> tuple[float | None, float | None]:
    """A number's range, a text's length range, or a list's largest size."""
    for validator in field.validators:
        if isinstance(validator, validate.Range):
            return validator.min, validator.max
        if isinstance(validator, validate.Length):
            return validator.min, validator.max
    return None, None


def _default(field: fields.Field) -> Any:
    """What the API assumes when the field is left out (None: no value, or one that depends)."""
    default = field.load_default
    if default is missing:
        return None
    return default() if callable(default) else default
