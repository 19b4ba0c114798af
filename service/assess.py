"""The one use case: a stakeholder profile in, a grounded, prioritised assessment out (and stored)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from service import wire
from service.assessments import listed_columns
from service.engine.results import Evaluation
from service.errors import IdempotencyConflict
from service.profile import digest, normalise
from service.recent import Evaluated, RecentEvaluations
from service.registry import Registry
from service.store.repository import AssessmentRepository, IdempotencyKeyTaken, NewAssessment


def utc_now() -> datetime:
    """Now, truncated to the millisecond that responses show, so stored and shown times agree."""
    now = datetime.now(UTC)
    return now - timedelta(microseconds=now.microsecond % 1000)


@dataclass(frozen=True)
class Assessment:
    """An assessment's own fields beside the engine's evaluation; service/wire.py writes it out."""

    id: str | None  # None on a dry run, which is never stored
    created_at: datetime
    profile: dict[str, Any]
    profile_digest: str
    versions: Mapping[str, Any]
    stored: bool
    caveats: tuple[str, ...]
    # None in a submission's assessment, whose evaluation it holds as written (service/recent.py)
    evaluation: Evaluation | None


def build_assessment(
    registry: Registry,
    profile: dict[str, Any],
    *,
    explain: bool = False,
    stored: bool = False,
    created_at: datetime | None = None,
) -> Assessment:
    """The assessment of a profile that ProfileSchema has already normalised."""
    evaluation = registry.engine.evaluate(profile, explain=explain)
    return _assessment(registry, profile, digest(profile), stored, created_at, evaluation)


def _assessment(
    registry: Registry,
    profile: dict[str, Any],
    profile_digest: str,
    stored: bool,
    created_at: datetime | None,
    evaluation: Evaluation | None,
) -> Assessment:
    return Assessment(
        id=str(uuid.uuid4()) if stored else None,
        created_at=created_at or utc_now(),
        profile=profile,
        profile_digest=profile_digest,
        versions=registry.versions,
        stored=stored,
        caveats=registry.caveats,
        evaluation=evaluation,
    )


def assess(registry: Registry, raw_profile: Any, *, explain: bool = False) -> dict[str, Any]:
    """Validate a raw profile (ProfileInvalid on error) and assess it without storing it."""
    profile = normalise(registry.profile_schema, raw_profile)
    return wire.assessment_dict(build_assessment(registry, profile, explain=explain))


@dataclass(frozen=True)
class Submission:
    """What to answer a POST with: a new assessment, a dry run, or the replay of a stored one."""

    status: int
    assessment_id: str | None
    body: bytes  # the response body as sent
    stored: bool
    replayed: bool = False
    fires_by_area: tuple[tuple[str, int], ...] = ()  # recommendations made, by area


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
    recent: RecentEvaluations | None = None,
) -> Submission:
    """Assess and store in one transaction; with an idempotency key, replay or refuse a reuse.

    With `recent`, a profile the client sent lately is not evaluated again (service/recent.py)."""
    profile_digest = digest(profile)
    if recent is None:
        evaluated = Evaluated.of(registry.engine.evaluate(profile, explain=explain))
    else:
        evaluated = recent.evaluated(client_id, profile, profile_digest, explain)
    assessment = _assessment(registry, profile, profile_digest, not dry_run, None, None)
    body = wire.assessment_body(assessment, evaluated.written)
    fires = evaluated.fires_by_area
    if dry_run:
        return Submission(200, None, body, stored=False, fires_by_area=fires)
    fingerprint = request_digest(assessment.profile_digest, explain)
    created_at = assessment.created_at.replace(tzinfo=None)
    try:
        repository.add(
            NewAssessment(
                id=assessment.id,
                created_at=created_at,
                client_id=client_id,
                idempotency_key=idempotency_key,
                request_digest=fingerprint,
                request_id=request_id,
                name=profile.get("name"),
                stakeholder_type=profile["stakeholder_type"],
                top_area=evaluated.top_area,
                **listed_columns(assessment.id, created_at, profile, evaluated),
                profile_digest=assessment.profile_digest,
                rules_version=registry.versions["rules"],
                articles_version=registry.articles_version,
                result=body,  # UTF-8 bytes: SQLite stores them as text undecoded
                result_format=wire.FORMAT,
            )
        )
    except IdempotencyKeyTaken as taken:
        existing = taken.existing
        if existing.request_digest != fingerprint:
            raise IdempotencyConflict(
                "This Idempotency-Key was already used with a different profile or query."
            ) from None
        replay = wire.stored_body(existing.result, existing.result_format)
        return Submission(201, existing.id, replay, stored=True, replayed=True)
    return Submission(201, assessment.id, body, stored=True, fires_by_area=fires)
