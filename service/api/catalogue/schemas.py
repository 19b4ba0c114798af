"""Documented shapes of rule sets, articles and the vocabulary."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from service.api.assessments.schemas import RuleTextSchema
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


def vocabulary_schema(groups: tuple[str, ...]) -> type[ma.Schema]:
    attrs = {group: fields.List(fields.Nested(TermSchema), required=True) for group in groups}
    attrs["countries"] = fields.List(fields.String(), required=True)
    attrs["profile_defaults"] = fields.Dict(required=True)
    attrs["relationship_defaults"] = fields.Dict(required=True)
    attrs["version"] = fields.String(required=True)
    return type("VocabularySchema", (ma.Schema,), attrs)
