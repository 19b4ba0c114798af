"""Reading and writing assessments; every statement the service runs lives here."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Insert,
    Integer,
    LargeBinary,
    Select,
    bindparam,
    cast,
    delete,
    func,
    insert,
    select,
    tuple_,
)
from sqlalchemy.exc import IntegrityError

from service.store.database import Database
from service.store.models import Assessment
from service.store.packed import pack, unpack


class IdempotencyKeyTaken(Exception):
    """The caller already used this idempotency key; `existing` is what it created."""

    def __init__(self, existing: KeyedResult) -> None:
        super().__init__(existing.id)
        self.existing = existing


@dataclass(frozen=True, kw_only=True)
class NewAssessment:
    """A row to insert, every column of `assessments` (tests/store checks they agree); `result` is
    the body as text or as its UTF-8 bytes. Plain data: an ORM instance costs about ten times as
    much to build, for a row that is inserted by one statement on the driver and never tracked."""

    id: str
    created_at: datetime
    client_id: str
    idempotency_key: str | None
    request_digest: str
    request_id: str | None
    name: str | None
    stakeholder_type: str
    top_area: str | None
    country: str | None = None
    top_tier: str | None = None
    recommendation_count: int = 0
    profile_digest: str
    rules_version: str
    articles_version: str
    result_format: int
    listed: str  # wire.listed_item of the listed columns above
    result: str | bytes


@dataclass(frozen=True)
class StoredResult:
    """What reading one assessment needs: its body (UTF-8 JSON, unpacked) and the format it was
    written in."""

    id: str
    result: bytes
    result_format: int


@dataclass(frozen=True)
class KeyedResult(StoredResult):
    """An assessment found by its idempotency key, with the digest of the request it answered."""

    request_digest: str


_TABLE = Assessment.__table__
# A prune deletes this many rows per transaction: some 10 ms of SQLite's writer turn for 40 KB
# answers. Between batches it pauses, or it would take the next turn before the writer woken by
# the last one could (flock is not fair): a stored POST then waited 4 to 13 batches, not one.
PRUNE_BATCH = 200
PRUNE_PAUSE_SECONDS = 0.001
# What a listing item shows of a row, in the order it writes them (wire.LISTED): read only for a
# row written before items were stored with it (`listed_fields`).
_LISTED = (
    _TABLE.c.id,
    _TABLE.c.created_at,
    _TABLE.c.name,
    _TABLE.c.stakeholder_type,
    _TABLE.c.country,
    _TABLE.c.top_area,
    _TABLE.c.top_tier,
    _TABLE.c.recommendation_count,
)
LISTED = tuple(column.key for column in _LISTED)


def _by_id(result) -> Select:
    """Reading one row by its primary key alone, with its client to check the caller against.

    Not `AND client_id = ...`: PostgreSQL planned that, on a table of a few rows, as a scan of the
    listing's index (client_id, created_at, id), and a connection kept the plan of its prepared
    statement while the table grew, so a GET read every index entry of the client's until the
    next VACUUM (on 6,000 rows, three times the server's CPU per GET). The key alone has one plan.
    """
    return select(_TABLE.c.id, result, _TABLE.c.result_format, _TABLE.c.client_id).where(
        _TABLE.c.id == bindparam("assessment_id")
    )


def _by_key(result) -> Select:
    """Reading the row a client made with an idempotency key (the unique constraint's columns)."""
    return select(_TABLE.c.id, result, _TABLE.c.result_format, _TABLE.c.request_digest).where(
        _TABLE.c.client_id == bindparam("client_id"),
        _TABLE.c.idempotency_key == bindparam("idempotency_key"),
    )


# The body is read as the bytes it is kept as, a packed body or the UTF-8 JSON of a row written
# before bodies were packed (packed.py), and is never decoded into a str and encoded back (about
# 50 µs a row each way). The CAST is SQLite's way to read a text row's UTF-8 as bytes; on
# PostgreSQL the column is a bytea already (migration 0009), which plain reads fetch in binary.
_AS_BYTES = cast(_TABLE.c.result, LargeBinary).label("result")
_BY_ID = _by_id(_AS_BYTES)
_BY_KEY = _by_key(_AS_BYTES)
# Written packed: SQLite keeps the bytes as a BLOB, PostgreSQL as a bytea (sent in binary format).
_INSERT = insert(_TABLE).values(result=bindparam("result", type_=LargeBinary))


# What a page reads of each row: its key (id, created_at) and its stored item; the rest (the
# result above all) is never loaded for it.
_PAGE = (_TABLE.c.id, _TABLE.c.created_at, _TABLE.c.listed)
_LISTED_FIELDS = select(*_LISTED).where(_TABLE.c.id.in_(bindparam("ids", expanding=True)))


def _listing(client: bool, stakeholder_type: bool, since: bool, before: bool) -> Select:
    """One listing statement per combination of filters, values bound at execution."""
    query = select(*_PAGE)
    if client:
        query = query.where(_TABLE.c.client_id == bindparam("client_id"))
    if stakeholder_type:
        query = query.where(_TABLE.c.stakeholder_type == bindparam("stakeholder_type"))
    if since:
        query = query.where(_TABLE.c.created_at >= bindparam("since"))
    if before:
        # A row value, which both databases seek in the index on (client_id, created_at, id):
        # written as `created_at < ? OR (created_at = ? AND id < ?)` it was a filter, and a page
        # read every entry of the client's newer than it.
        query = query.where(
            tuple_(_TABLE.c.created_at, _TABLE.c.id)
            < tuple_(
                bindparam("before_created_at", type_=_TABLE.c.created_at.type),
                bindparam("before_id", type_=_TABLE.c.id.type),
            )
        )
    return query.order_by(_TABLE.c.created_at.desc(), _TABLE.c.id.desc()).limit(
        bindparam("limit", type_=Integer())
    )


# Built once: a statement built per call costs its construction and its cache key every time.
_LISTINGS = {flags: _listing(*flags) for flags in itertools.product((False, True), repeat=4)}


def listed_key(row: tuple[Any, ...]) -> tuple[datetime, str]:
    """The (created_at, id) of a `page` row, as `page(before=...)` takes it."""
    created_at = row[1]
    if isinstance(created_at, str):
        created_at = datetime.fromisoformat(created_at)
    return created_at, row[0]


class AssessmentRepository:
    """Rows come back detached with their columns loaded, so callers read them outside a session."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, row: NewAssessment) -> None:
        """Insert, one statement that is its own transaction; a reused idempotency key raises
        IdempotencyKeyTaken. `row.result` is the body as text or as its UTF-8 bytes.

        The unique constraint decides, not a read before the write, so two concurrent requests
        with one key cannot both insert.
        """
        try:
            self.database.plain_write(*self.insert_of(row))
        except IntegrityError:
            if row.idempotency_key is None:
                raise
            existing = self.by_idempotency_key(row.client_id, row.idempotency_key)
            if existing is None:
                raise
            raise IdempotencyKeyTaken(existing) from None

    def insert_of(self, row: NewAssessment) -> tuple[Insert, dict[str, object]]:
        """The INSERT of `row` and its parameters, the body packed."""
        body = row.result.encode() if isinstance(row.result, str) else row.result
        return _INSERT, {**vars(row), "result": pack(body)}

    def by_idempotency_key(self, client_id: str, key: str) -> KeyedResult | None:
        rows = self.database.plain_rows(_BY_KEY, {"client_id": client_id, "idempotency_key": key})
        if not rows:
            return None
        found, result, result_format, request_digest = rows[0]
        return KeyedResult(found, unpack(result), result_format, request_digest)

    def get(self, assessment_id: str, client_id: str | None) -> StoredResult | None:
        """One assessment's body; `client_id` None means any caller's (admin).

        Every GET of an assessment asks, so one query by primary key on the driver's cursor; the
        client is checked here (see _by_id).
        """
        rows = self.database.plain_rows(_BY_ID, {"assessment_id": assessment_id})
        if not rows:
            return None
        found, result, result_format, owner = rows[0]
        if client_id is not None and owner != client_id:
            return None
        return StoredResult(found, unpack(result), result_format)

    def page(
        self,
        client_id: str | None,
        *,
        limit: int,
        before: tuple[datetime, str] | None = None,
        stakeholder_type: str | None = None,
        since: datetime | None = None,
    ) -> list[tuple[Any, ...]]:
        """Newest first, keyset-paginated on (created_at, id): rows after `before` in that order.

        Each row is a plain tuple (id, created_at, listed) as the driver gives them: `created_at`
        is a naive UTC datetime, or on SQLite its stored ISO 8601 text (`listed_key` reads it);
        `listed` is None in a row an earlier release wrote (`listed_fields`). Only those columns
        are read, on the driver's cursor (no ORM session): every listing asks.
        """
        filters = (client_id, stakeholder_type, since, before)
        query = _LISTINGS[tuple(value is not None for value in filters)]
        params: dict[str, object] = {"limit": limit}
        if client_id is not None:
            params["client_id"] = client_id
        if stakeholder_type is not None:
            params["stakeholder_type"] = stakeholder_type
        if since is not None:
            params["since"] = since
        if before is not None:
            params["before_created_at"], params["before_id"] = before
        # By type, the best plan depends on the type asked for: one kept from a table where every
        # row had one type read the client's index with the type as a filter (migration 0007).
        return self.database.plain_tuples(query, params, replan=stakeholder_type is not None)

    def listed_fields(self, assessment_ids: list[str]) -> list[tuple[Any, ...]]:
        """The `LISTED` columns of these rows, for those whose item was not stored with them."""
        with self.database.reading() as session:
            return [tuple(row) for row in session.execute(_LISTED_FIELDS, {"ids": assessment_ids})]

    def delete(self, assessment_id: str, client_id: str | None) -> bool:
        """Remove one assessment of `client_id`'s (None: anyone's); False if there is none. By
        primary key alone, the client compared here, for the reason get() is (see _by_id)."""
        by_id = Assessment.id == assessment_id
        with self.database.writing() as session:
            owner = session.scalar(select(Assessment.client_id).where(by_id))
            if owner is None or (client_id is not None and owner != client_id):
                return False
            return session.execute(delete(Assessment).where(by_id)).rowcount > 0

    def delete_older_than(self, cutoff: datetime, batch: int = PRUNE_BATCH) -> int:
        """Delete every assessment stored before `cutoff`, oldest first, `batch` rows to a
        transaction: on SQLite each batch is one turn of the writer queue, so a stored POST waits
        for a batch, not for the whole prune (one DELETE of 5,000 rows held every writer 200 to 350 ms)."""
        oldest = (
            select(Assessment.id)
            .where(Assessment.created_at < cutoff)
            .order_by(Assessment.created_at)
            .limit(batch)
        )
        removed = 0
        while True:
            with self.database.writing() as session:
                deleted = session.execute(
                    delete(Assessment).where(Assessment.id.in_(oldest.scalar_subquery()))
                ).rowcount
            removed += deleted
            if deleted < batch:
                return removed
            time.sleep(PRUNE_PAUSE_SECONDS)

    def count(self) -> int:
        with self.database.reading() as session:
            return session.scalar(select(func.count()).select_from(Assessment)) or 0
