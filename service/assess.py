"""The one use case: a stakeholder profile in, a grounded, prioritised assessment out (and stored)."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from service.engine.evaluate import Evaluation
from service.engine.jsontext import dumps
from service.errors import AdvisorError
from service.profile import digest, normalise
from service.registry import Registry
from service.store.repository import AssessmentRepository, IdempotencyKeyTaken, NewAssessment


class IdempotencyConflict(AdvisorError):
    status = 409
    title = "Idempotency key reused"
    problem_type = "https://stakeholder-advisor.example/problems/idempotency-conflict"


def rfc3339(moment: datetime) -> str:
    """UTC with millisecond precision and a `Z`; naive datetimes are taken to be UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def utc_now() -> datetime:
    """Now, truncated to the millisecond that responses show, so stored and shown times agree."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


@dataclass(frozen=True)
class Assessment:
    """An assessment as it is sent and stored (`body`, JSON), and the facts about it callers use."""

    id: str
    profile_digest: str
    evaluation: Evaluation
    body: str


def build_assessment(
    registry: Registry,
    profile: dict[str, Any],
    *,
    explain: bool = False,
    assessment_id: str | None = None,
    created_at: datetime | None = None,
) -> Assessment:
    """The assessment of a profile that ProfileSchema has already normalised.

    The engine writes its result as JSON text; it is spliced between the assessment's own fields
    rather than parsed and written again.
    """
    evaluation = registry.engine.run(profile, explain=explain)
    versions = registry.versions
    fields = {
        "id": assessment_id or str(uuid.uuid4()),
        "created_at": rfc3339(created_at or utc_now()),
        "profile": profile,
        "profile_digest": digest(profile),
        "versions": {
            "rules": versions["rules"],
            "articles": dict(versions["articles"]),
            "service": versions["service"],
        },
    }
    body = f'{dumps(fields)[:-1]},{evaluation.text},"caveats":{registry.caveats_json}}}'
    return Assessment(fields["id"], fields["profile_digest"], evaluation, body)


def evaluate_profile(
    registry: Registry, profile: dict[str, Any], *, explain: bool = False
) -> dict[str, Any]:
    """The assessment of a normalised profile, as plain data (for the CLI and the memo)."""
    return json.loads(build_assessment(registry, profile, explain=explain).body)


def assess(registry: Registry, raw_profile: Any, *, explain: bool = False) -> dict[str, Any]:
    """Validate a raw profile (ProfileInvalid on error) and assess it."""
    return evaluate_profile(
        registry, normalise(registry.profile_schema, raw_profile), explain=explain
    )


@dataclass(frozen=True)
class Submission:
    """What to answer a POST with: a new assessment, a dry run, or the replay of a stored one."""

    status: int
    assessment_id: str
    body: str
    stored: bool
    replayed: bool = False
    fired_areas: tuple[str, ...] = ()


def request_digest(profile_digest: str, explain: bool) -> str:
    """What an idempotency key promises not to change: the normalised profile and the query."""
    return hashlib.sha256(f"{profile_digest}|explain={explain}".encode()).hexdigest()


def submit(
    registry: Registry,
    repository: AssessmentRepository,
    profile: dict[str, Any],
    *,
    client_id: str,
    explain: bool = False,
    dry_run: bool = False,
    idempotency_key: str | None = None,
    request_id: str | None = None,
) -> Submission:
    """Assess and store in one transaction; with an idempotency key, replay or refuse a reuse."""
    created_at = utc_now()
    assessment = build_assessment(registry, profile, explain=explain, created_at=created_at)
    evaluation = assessment.evaluation
    if dry_run:
        return Submission(
            200, assessment.id, assessment.body, stored=False, fired_areas=evaluation.areas
        )
    fingerprint = request_digest(assessment.profile_digest, explain)
    versions = registry.versions
    try:
        repository.add(
            NewAssessment(
                id=assessment.id,
                created_at=created_at.replace(tzinfo=None),
                client_id=client_id,
                idempotency_key=idempotency_key,
                request_digest=fingerprint,
                request_id=request_id,
                name=profile.get("name"),
                stakeholder_type=profile["stakeholder_type"],
                top_area=evaluation.top_area,
                profile_digest=assessment.profile_digest,
                rules_version=versions["rules"],
                articles_version=dict(versions["articles"]),
                result=assessment.body,
            )
        )
    except IdempotencyKeyTaken as taken:
        if taken.existing.request_digest != fingerprint:
            raise IdempotencyConflict(
                "This Idempotency-Key was already used with a different profile or query."
            ) from None
        existing = taken.existing
        return Submission(201, existing.id, existing.result, stored=True, replayed=True)
    return Submission(
        201, assessment.id, assessment.body, stored=True, fired_areas=evaluation.areas
    )
