"""Stored assessments for a caller: read (as JSON or as a memo), list a page at a time, delete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from service import wire
from service.briefing import render_html, render_markdown
from service.escaping import Markup
from service.recent import Evaluated
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


def listed_columns(
    assessment_id: str, created_at: datetime, profile: dict[str, Any], evaluated: Evaluated
) -> dict[str, Any]:
    """Every listing column of a new assessment beside its name and type, its stored item too:
    read off its evaluation, as its response is written straight to bytes (wire.assessment_body)
    with no body to read them off. `created_at` is naive UTC, as stored."""
    columns = {
        "country": profile.get("country"),
        "top_tier": evaluated.top_tier,
        "recommendation_count": evaluated.recommendation_count,
    }
    fields = {
        "id": assessment_id,
        "created_at": created_at,
        "name": profile.get("name"),
        "stakeholder_type": profile["stakeholder_type"],
        "top_area": evaluated.top_area,
        **columns,
    }
    return {**columns, "listed": wire.listed_item([fields[name] for name in wire.LISTED])}


@dataclass(frozen=True)
class Page:
    """One page of a listing; `after` is the (created_at, id) key of its last row if more follow.

    The rows are the store's (id, created_at, listed item), as `wire.listing_json` joins them.
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
    after = listed_key(rows[limit - 1]) if len(rows) > limit else None
    rows = rows[:limit]
    if any(row[2] is None for row in rows):
        rows = _with_items(repository, rows)
    return Page(rows, after)


def _with_items(
    repository: AssessmentRepository, rows: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """A page with the item written now of each row an earlier release stored without one; such
    a row deleted since the page was read (by another request) is left out, having no columns."""
    missing = [row[0] for row in rows if row[2] is None]
    items = {fields[0]: wire.listed_item(fields) for fields in repository.listed_fields(missing)}
    return [
        row if row[2] is not None else (*row[:2], items[row[0]])
        for row in rows
        if row[2] is not None or row[0] in items
    ]


def delete(repository: AssessmentRepository, assessment_id: str, tenant: str | None) -> bool:
    """Remove the caller's assessment; False if it has none by that id."""
    return repository.delete(assessment_id, tenant)
