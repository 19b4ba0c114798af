"""Schemas of /v1/assessments: query arguments, and the documented shape of what the views return."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from service import leanschema
from service.api.assessments import cursor as cursors
from service.api.openapi import from_vocabulary
from service.engine.confidence import LEVELS, REASON_KINDS
from service.engine.model import DIRECTIONS
from service.engine.results import WHY_EMPTY
from service.fielderrors import Pattern, Size
from service.vocabulary import Vocabulary

LIST_LIMIT_MAX = 100
# RFC 8941 sf-string characters: printable ASCII, space included.
IDEMPOTENCY_KEY_PATTERN = r"^[\x20-\x7e]*$"


class UtcDateTime(leanschema.AwareDateTime):
    """An RFC 3339 time with an offset, refused when it has no UTC equivalent.

    `0001-01-01T00:00:00+14:00` is a valid RFC 3339 text, but in UTC it falls before year 1.
    """

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> datetime:
        parsed = super()._deserialize(value, attr, data, **kwargs)
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            raise ma.ValidationError(
                "Must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in UTC."
            ) from None


class BoundedInteger(leanschema.Integer):
    """An integer whose out-of-range message also covers numbers too long to convert."""

    def __init__(self, low: int, high: int, **kwargs: Any) -> None:
        self.out_of_range = f"Must be between {low} and {high}."
        super().__init__(validate=validate.Range(low, high, error=self.out_of_range), **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ma.ValidationError:
            # Digits Python refuses to convert (over 4,300 of them) are a number out of range.
            if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
                raise ma.ValidationError(self.out_of_range) from None
            raise


class MemoArgsSchema(leanschema.LeanSchema):
    download = leanschema.Boolean(
        load_default=False,
        metadata={"description": "Add `Content-Disposition: attachment` with a file name."},
    )


class CreateArgsSchema(leanschema.LeanSchema):
    explain = leanschema.String(
        load_default="none",
        validate=validate.OneOf(["none", "full"]),
        metadata={
            "description": "`full` adds `not_applicable`: why each other rule did not apply."
        },
    )
    dry_run = leanschema.Boolean(
        load_default=False,
        metadata={"description": "Evaluate without storing; answers 200 with no Location."},
    )


class IdempotencyHeaderSchema(leanschema.LeanSchema):
    idempotency_key = leanschema.String(
        data_key="Idempotency-Key",
        load_default=None,
        validate=[
            Size(min=1, max=255),
            Pattern(IDEMPOTENCY_KEY_PATTERN, error="Must be printable ASCII characters."),
        ],
        metadata={
            "description": "Replays the stored response for the same key and profile; "
            "the same key with another profile is 409. Printable ASCII.",
            "pattern": IDEMPOTENCY_KEY_PATTERN,
        },
    )


def list_args_schema(vocabulary: Vocabulary) -> type[ma.Schema]:
    class ListArgsSchema(leanschema.LeanSchema):
        limit = BoundedInteger(
            1,
            LIST_LIMIT_MAX,
            load_default=20,
            metadata={"description": f"Page size, 1..{LIST_LIMIT_MAX}."},
        )
        cursor = leanschema.String(
            load_default=None,
            validate=[
                Size(equal=cursors.LENGTH),
                Pattern(cursors.PATTERN, error="Not a cursor: 32 base64url characters."),
            ],
            metadata={
                "description": "Opaque cursor from the previous page's `next_cursor` "
                f"({cursors.LENGTH} base64url characters)."
            },
        )
        stakeholder_type = leanschema.String(
            load_default=None,
            validate=validate.OneOf(vocabulary.values("stakeholder_types")),
            metadata=from_vocabulary("stakeholder_types"),
        )
        since = UtcDateTime(
            load_default=None,
            format="iso",
            metadata={"description": "Only assessments created at or after this RFC 3339 time."},
        )

    return ListArgsSchema


class TestSchema(ma.Schema):
    path = fields.String(required=True, metadata={"example": "exposure.korean_peninsula"})
    op = fields.String(required=True, metadata={"example": "in"})
    expected = fields.Raw(required=True, allow_none=True)
    actual = fields.Raw(required=True, allow_none=True)
    negated = fields.Boolean(required=True)


class FailedTestSchema(TestSchema):
    would_pass = fields.Raw(
        required=True,
        allow_none=True,
        metadata={"description": "A value of the field that would have passed this test."},
    )


class BoostSchema(ma.Schema):
    by = fields.Float(required=True)
    reason = fields.String(required=True)


class BreakdownSchema(ma.Schema):
    severity_weight = fields.Float(required=True)
    area_weight = fields.Float(required=True)
    boost = fields.Float(required=True)
    capacity = fields.Float(required=True)
    capacity_factor = fields.Float(required=True)
    horizon_factor = fields.Float(required=True)
    fit = fields.Float(required=True)
    boosts = fields.List(fields.Nested(BoostSchema), required=True)


class PrioritySchema(ma.Schema):
    score = fields.Float(required=True, validate=validate.Range(0, 100))
    tier = fields.String(required=True, metadata=from_vocabulary("tiers"))
    breakdown = fields.Nested(BreakdownSchema, required=True)


class EvidenceSchema(ma.Schema):
    article_id = fields.String(required=True)
    passage_id = fields.String(required=True, metadata={"example": "s5.p4.x1"})
    section = fields.String(required=True)
    quote = fields.String(required=True, metadata={"description": "Exactly body[start:end]."})
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class IndicatorSchema(ma.Schema):
    """What to watch: grounded in the article (`evidence`) or the rule author's (`inference`)."""

    text = fields.String(required=True)
    direction = fields.String(
        required=True,
        validate=validate.OneOf(DIRECTIONS),
        metadata={"description": "Whether seeing it would raise or lower the advice's priority."},
    )
    evidence = fields.List(
        fields.Nested(EvidenceSchema),
        metadata={"description": "The article's words on it; present unless `inference`."},
    )
    inference = fields.Boolean(
        validate=validate.Equal(True),
        metadata={"description": "Present (true) when the indicator is the rule author's own."},
    )


class RuleTextSchema(ma.Schema):
    """What a rule says, shared by a rule set's rules and the recommendations they make."""

    id = fields.String(required=True)
    area = fields.String(required=True, metadata=from_vocabulary("areas"))
    title = fields.String(required=True)
    action = fields.String(required=True)
    rationale = fields.String(
        required=True, metadata={"description": "What the article says that the rule relies on."}
    )
    inference = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The rule's own step from the quoted fact to the advice."},
    )
    severity = fields.String(required=True, metadata=from_vocabulary("severities"))
    horizon = fields.String(required=True, metadata=from_vocabulary("horizons"))
    evidence = fields.List(fields.Nested(EvidenceSchema), required=True)


class BasisSchema(ma.Schema):
    """One reason for a confidence level."""

    kind = fields.String(
        required=True,
        validate=validate.OneOf(REASON_KINDS),
        metadata={
            "description": "`support`: the sentences counted; `hedged` and `attributed`: those "
            "the source offers as a possibility or reports as a claim; `inference`: the rule's "
            "step beyond them; `source`: the ceiling the article's provenance sets."
        },
    )
    text = fields.String(required=True, metadata={"description": "The reason, for a reader."})
    passages = fields.List(
        fields.String(),
        required=True,
        metadata={
            "description": "Ids of the article sentences it is about; empty for `inference`."
        },
    )


class ConfidenceSchema(ma.Schema):
    """How well the article supports a recommendation (ICD 203), apart from its priority."""

    level = fields.String(
        required=True,
        validate=validate.OneOf(LEVELS),
        metadata=from_vocabulary("confidence_levels"),
    )
    basis = fields.List(fields.Nested(BasisSchema), required=True, validate=validate.Length(min=1))


class RecommendationSchema(RuleTextSchema):
    rank = fields.Integer(required=True)
    # Assessments stored before rules had an inference lack the field: it is never invented.
    inference = fields.String(
        allow_none=True,
        metadata={
            "description": "The rule's own step from the quoted fact to the advice; absent in "
            "assessments stored before it existed."
        },
    )
    priority = fields.Nested(PrioritySchema, required=True)
    # Format 3 fields: assessments stored before them lack them, and nothing is invented for them.
    confidence = fields.Nested(
        ConfidenceSchema,
        metadata={"description": "Absent in assessments stored before confidence existed."},
    )
    assumptions = fields.List(
        fields.String(),
        metadata={
            "description": "What the advice takes for granted that the article does not "
            "establish; absent in assessments stored before it existed."
        },
    )
    indicators = fields.List(
        fields.Nested(IndicatorSchema),
        metadata={
            "description": "What to watch that would raise or lower the priority; absent in "
            "assessments stored before it existed."
        },
    )
    matched = fields.List(fields.Nested(TestSchema), required=True)
    cautions = fields.List(fields.String(), required=True)


class NearestRuleSchema(ma.Schema):
    """The rule that came nearest to applying, and the tests it failed."""

    id = fields.String(required=True)
    title = fields.String(required=True)
    score = fields.Float(
        required=True, metadata={"description": "The score it would have had, had it applied."}
    )
    failed = fields.List(fields.Nested(FailedTestSchema), required=True)


class WhyEmptySchema(ma.Schema):
    reason = fields.String(
        required=True,
        validate=validate.OneOf(WHY_EMPTY),
        metadata={
            "description": "`unreachable`: no rule of the area can apply to this stakeholder "
            "type; `withheld`: the side policy withholds every rule that could; `missed`: "
            "`nearest` names the rule fewest tests kept from applying (ties: highest score)."
        },
    )
    text = fields.String(required=True)
    nearest = fields.Nested(NearestRuleSchema, required=True, allow_none=True)


class AreaSummarySchema(ma.Schema):
    area = fields.String(required=True, metadata=from_vocabulary("areas"))
    score = fields.Float(required=True)
    count = fields.Integer(required=True)
    top_recommendation = fields.String(required=True, allow_none=True)
    why_empty = fields.Nested(
        WhyEmptySchema,
        allow_none=True,
        metadata={
            "description": "Why nothing applies in this area; null when something does, absent in "
            "assessments stored before it existed."
        },
    )


class SummarySchema(ma.Schema):
    bottom_line = fields.String(
        metadata={
            "description": "What matters most for this stakeholder and how sure we are, in one "
            "or two sentences; absent in assessments stored before it existed."
        }
    )
    areas = fields.List(fields.Nested(AreaSummarySchema), required=True)
    top_area = fields.String(required=True, allow_none=True, metadata=from_vocabulary("areas"))


class TensionSchema(ma.Schema):
    between = fields.List(fields.String(), required=True, validate=validate.Length(equal=2))
    note = fields.String(required=True)


class NotApplicableSchema(ma.Schema):
    id = fields.String(required=True)
    area = fields.String(required=True, metadata=from_vocabulary("areas"))
    title = fields.String(required=True)
    failed = fields.List(fields.Nested(FailedTestSchema), required=True)


class VersionsSchema(ma.Schema):
    rules = fields.String(required=True)
    articles = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    service = fields.String(required=True)


def assessment_schema(profile_schema: type[ma.Schema]) -> type[ma.Schema]:
    class AssessmentSchema(ma.Schema):
        id = fields.String(
            required=True,
            allow_none=True,
            metadata={"format": "uuid", "description": "null on a dry run, which is not stored."},
        )
        created_at = fields.String(required=True, metadata={"format": "date-time"})
        profile = fields.Nested(profile_schema, required=True)
        profile_digest = fields.String(required=True)
        versions = fields.Nested(VersionsSchema, required=True)
        stored = fields.Boolean(
            required=True, metadata={"description": "false on a dry run (`dry_run=true`)."}
        )
        summary = fields.Nested(SummarySchema, required=True)
        recommendations = fields.List(fields.Nested(RecommendationSchema), required=True)
        tensions = fields.List(fields.Nested(TensionSchema), required=True)
        not_applicable = fields.List(
            fields.Nested(NotApplicableSchema),
            metadata={"description": "Only with explain=full."},
        )
        caveats = fields.List(fields.String(), required=True)

    return AssessmentSchema


class AssessmentItemSchema(ma.Schema):
    id = fields.String(required=True, metadata={"format": "uuid"})
    created_at = fields.String(required=True, metadata={"format": "date-time"})
    name = fields.String(required=True, allow_none=True)
    stakeholder_type = fields.String(required=True, metadata=from_vocabulary("stakeholder_types"))
    country = fields.String(required=True, allow_none=True, metadata=from_vocabulary("countries"))
    top_area = fields.String(required=True, allow_none=True, metadata=from_vocabulary("areas"))
    top_tier = fields.String(
        required=True,
        allow_none=True,
        metadata=from_vocabulary("tiers", description="The first recommendation's tier."),
    )
    recommendation_count = fields.Integer(required=True)
    url = fields.String(required=True, metadata={"description": "Where to GET the assessment."})


class AssessmentListSchema(ma.Schema):
    items = fields.List(fields.Nested(AssessmentItemSchema), required=True)
    next_cursor = fields.String(
        required=True,
        allow_none=True,
        validate=[
            validate.Length(equal=cursors.LENGTH),
            validate.Regexp(cursors.PATTERN),
        ],
    )
