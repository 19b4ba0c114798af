"""Documented shapes of rule sets, articles and the vocabulary."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from service.api.assessments.schemas import IndicatorSchema, RuleTextSchema
from service.api.openapi import from_vocabulary


class RuleSchema(RuleTextSchema):
    presumes_adversary = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "States the advice treats as the threat (side policy)."},
    )
    operational_military = fields.Boolean(
        required=True,
        metadata={"description": "Force posture or combat advice (side policy)."},
    )
    when = fields.Dict(
        required=True, metadata={"description": "all / any / not tree of field tests"}
    )
    boosts = fields.List(fields.Dict(), required=True)
    cautions = fields.List(fields.String(), required=True)
    tensions = fields.List(fields.Dict(), required=True)
    assumptions = fields.List(
        fields.String(),
        required=True,
        metadata={
            "description": "What the advice takes for granted that the article does not say."
        },
    )
    indicators = fields.List(fields.Nested(IndicatorSchema), required=True)


class RuleSetSummarySchema(ma.Schema):
    area = fields.String(required=True, metadata=from_vocabulary("areas"))
    id_prefix = fields.String(required=True)
    rule_count = fields.Integer(required=True)
    url = fields.String(required=True)


class RuleSetListSchema(ma.Schema):
    version = fields.String(required=True)
    rulesets = fields.List(fields.Nested(RuleSetSummarySchema), required=True)


class RuleSetSchema(ma.Schema):
    version = fields.String(required=True)
    area = fields.String(required=True, metadata=from_vocabulary("areas"))
    id_prefix = fields.String(required=True)
    rules = fields.List(fields.Nested(RuleSchema), required=True)


class ArticleMetadataSchema(ma.Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    language = fields.String(required=True)
    retrieved = fields.String(required=True)
    published = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Publication date; null if unknown."},
    )
    publisher = fields.String(
        required=True, allow_none=True, metadata={"description": "Null if unknown."}
    )
    source = fields.String(required=True, allow_none=True)
    version = fields.String(required=True, metadata={"description": "sha256 of the body"})
    url = fields.String(required=True)


class ArticleListSchema(ma.Schema):
    articles = fields.List(fields.Nested(ArticleMetadataSchema), required=True)


class PassageSchema(ma.Schema):
    id = fields.String(required=True, metadata={"example": "s5.p1.x2"})
    level = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    section_id = fields.String(required=True)
    section_title = fields.String(required=True)


class ArticleSchema(ArticleMetadataSchema):
    body = fields.String(required=True)
    passages = fields.List(fields.Nested(PassageSchema), required=True)


class TermSchema(ma.Schema):
    value = fields.String(required=True)
    label = fields.String(required=True)
    description = fields.String(required=True)


class TierTermSchema(TermSchema):
    value = fields.String(required=True, metadata=from_vocabulary("tiers"))
    min = fields.Float(
        required=True, metadata={"description": "The lowest priority score of the tier."}
    )


class FormFieldSchema(ma.Schema):
    """One value a profile form asks for; `path` is where it goes in the profile (dotted)."""

    path = fields.String(required=True, metadata={"example": "exposure.korean_peninsula"})
    label = fields.String(required=True)
    help = fields.String(required=True)
    kind = fields.String(
        required=True,
        validate=validate.OneOf(["text", "enum", "enum_set", "number"]),
        metadata={
            "description": "text: one line; enum: one value of `vocabulary`; enum_set: distinct "
            "values of `vocabulary`; number: between `min` and `max`."
        },
    )
    vocabulary = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "The member of this document listing the allowed values "
            "(`countries` is a list of codes, the others lists of terms)."
        },
    )
    required = fields.Boolean(required=True)
    min = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "Smallest number, or shortest text."},
    )
    max = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "Largest number, longest text, or most list items."},
    )
    default = fields.Raw(
        required=True,
        allow_none=True,
        metadata={
            "description": "The value assumed when the field is left out; null when there is "
            "none or it depends on other fields (see `default_by_stakeholder_type`, and "
            "`relationship_defaults` for relationships)."
        },
    )
    default_by_stakeholder_type = fields.Dict(
        keys=fields.String(),
        values=fields.Float(),
        required=True,
        allow_none=True,
        metadata={"description": "Area weights: the default for each stakeholder type."},
    )


def vocabulary_schema(groups: tuple[str, ...]) -> type[ma.Schema]:
    attrs = {group: fields.List(fields.Nested(TermSchema), required=True) for group in groups}
    attrs["tiers"] = fields.List(
        fields.Nested(TierTermSchema),
        required=True,
        metadata={"description": "Priority tiers, highest first, with their score thresholds."},
    )
    attrs["fields"] = fields.List(
        fields.Nested(FormFieldSchema),
        required=True,
        metadata={"description": "Every field of a profile form, members of objects expanded."},
    )
    attrs["countries"] = fields.List(fields.String(), required=True)
    attrs["profile_defaults"] = fields.Dict(required=True)
    attrs["relationship_defaults"] = fields.Dict(required=True)
    attrs["version"] = fields.String(required=True)
    return type("VocabularySchema", (ma.Schema,), attrs)
