"""The one use case: a stakeholder profile in, a grounded, prioritised assessment out (and stored)."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

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


def caveats(registry: Registry) -> list[str]:
    """What every reader must know about the basis of the advice."""
    notes = []
    for article in registry.articles.values():
        notes.append(
            f"This analysis rests on the article '{article.title}' ({article.id}, retrieved "
            f"{article.retrieved}, version {article.version[:12]}) and on nothing else; check it "
            f"against current reporting before acting."
        )
        notes.extend(article.caveats)
    notes.append(
        "Recommendations come from declarative rules matched against the profile as given; "
        "they support judgement and do not replace it."
    )
    return notes


def evaluate_profile(
    registry: Registry,
    profile: dict[str, Any],
    *,
    explain: bool = False,
    assessment_id: str | None = None,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """The assessment of a profile that ProfileSchema has already normalised."""
    result = registry.engine.evaluate(profile, explain=explain)
    versions = registry.versions
    return {
        "id": assessment_id or str(uuid.uuid4()),
        "created_at": rfc3339(created_at or utc_now()),
        "profile": profile,
        "profile_digest": digest(profile),
        "versions": {
            "rules": versions["rules"],
            "articles": dict(versions["articles"]),
            "service": versions["service"],
        },
        **result,
        "caveats": caveats(registry),
    }


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


def to_json(assessment: dict[str, Any]) -> str:
    return json.dumps(assessment, ensure_ascii=False, separators=(",", ":"))


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
    assessment = evaluate_profile(registry, profile, explain=explain, created_at=created_at)
    body = to_json(assessment)
    fired_areas = tuple(r["area"] for r in assessment["recommendations"])
    if dry_run:
        return Submission(200, assessment["id"], body, stored=False, fired_areas=fired_areas)
    fingerprint = request_digest(assessment["profile_digest"], explain)
    try:
        repository.add(
            NewAssessment(
                id=assessment["id"],
                created_at=created_at.replace(tzinfo=None),
                client_id=client_id,
                idempotency_key=idempotency_key,
                request_digest=fingerprint,
                request_id=request_id,
                name=profile.get("name"),
                stakeholder_type=profile["stakeholder_type"],
                top_area=assessment["summary"]["top_area"],
                profile_digest=assessment["profile_digest"],
                rules_version=assessment["versions"]["rules"],
                articles_version=assessment["versions"]["articles"],
                result=body,
            )
        )
    except IdempotencyKeyTaken as taken:
        if taken.existing.request_digest != fingerprint:
            raise IdempotencyConflict(
                "This Idempotency-Key was already used with a different profile or query."
            ) from None
        existing = taken.existing
        return Submission(201, existing.id, existing.result, stored=True, replayed=True)
    return Submission(201, assessment["id"], body, stored=True, fired_areas=fired_areas)
