"""The one use case: a stakeholder profile in, a grounded, prioritised assessment out."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from service.profile import digest, normalise
from service.registry import Registry


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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


def assess(
    registry: Registry,
    raw_profile: Any,
    *,
    explain: bool = False,
    assessment_id: str | None = None,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """Validate the profile (ProfileInvalid on error), evaluate every rule set, assemble the answer."""
    profile = normalise(registry.profile_schema, raw_profile)
    result = registry.engine.evaluate(profile, explain=explain)
    return {
        "id": assessment_id or str(uuid.uuid4()),
        "created_at": rfc3339(created_at or datetime.now(UTC)),
        "profile": profile,
        "profile_digest": digest(profile),
        "versions": registry.versions,
        **result,
        "caveats": caveats(registry),
    }
