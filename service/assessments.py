"""Stored assessments for a caller: read (as JSON or as a memo), list a page at a time, delete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from service import wire
from service.briefing import render_html, render_markdown
from service.engine.results import Evaluation
from service.escaping import Markup
from service.registry import Registry
from service.store.repository import AssessmentRepository, listed_key

# `tenant` below is whose assessments a caller sees: a client id, or None for an admin (all).


def read_json(
    repository: AssessmentRepository, assessment_id: str, tenant: str | None
) -> bytes | None:
    """The stored assessment in the current wire format, or None if the caller has no such one."""
    row = repository.get(assessment_id, tenant)
    return None if row is None else wire.stored_body(row.result, row.result_format)


def read_memo(
    repository: AssessmentRepository,
    registry: Registry,
    assessment_id: str,
    tenant: str | None,
    markup: Markup,
) -> str | None:
    """The stored assessment as a briefing memo, or None if the caller has no such one."""
    row = repository.get(assessment_id, tenant)
    if row is None:
        return None
    body = wire.stored_dict(row.result, row.result_format)
    render = render_html if markup == "html" else render_markdown
    return render(body, registry.vocabulary, registry.articles)


def listing_columns(body: dict[str, Any]) -> dict[str, Any]:
    """What a listing shows of an assessment beside its name and type, read off its wire body.

    The same function fills new rows (service.assess) and backfills stored ones (migration 0003).
    """
    recommendations = body["recommendations"]
    return {
        "country": body["profile"].get("country"),
        "top_tier": recommendations[0]["priority"]["tier"] if recommendations else None,
        "recommendation_count": len(recommendations),
    }


def listed_columns(profile: dict[str, Any], evaluation: Evaluation) -> dict[str, Any]:
    """`listing_columns` of a new assessment, read off its evaluation: its response is written
    straight to bytes (wire.assessment_body), with no body to read them off."""
    recommendations = evaluation.recommendations
    return {
        "country": profile.get("country"),
        "top_tier": recommendations[0].priority.tier if recommendations else None,
        "recommendation_count": len(recommendations),
    }


@dataclass(frozen=True)
class Page:
    """One page of a listing; `after` is the (created_at, id) key of its last row if more follow.

    The rows are the store's, as `wire.listing_json` writes them: a page is not copied into dicts.
    """

    rows: Sequence[tuple[Any, ...]]
    after: tuple[datetime, str] | None


def list_page(
    repository: AssessmentRepository,
    tenant: str | None,
    *,
    limit: int,
    after: tuple[datetime, str] | None = None,
    stakeholder_type: str | None = None,
    since: datetime | None = None,
) -> Page:
    """Newest first, `limit` at most, after the key of the previous page's last item."""
    rows = repository.page(
        tenant,
        limit=limit + 1,  # one more than shown tells whether another page follows
        before=after,
        stakeholder_type=stakeholder_type,
        since=since.astimezone(UTC).replace(tzinfo=None) if since else None,
    )
    if len(rows) <= limit:
        return Page(rows, None)
    return Page(rows[:limit], listed_key(rows[limit - 1]))


def delete(repository: AssessmentRepository, assessment_id: str, tenant: str | None) -> bool:
    """Remove the caller's assessment; False if it has none by that id."""
    return repository.delete(assessment_id, tenant)
