"""Reading and writing assessments; every statement the service runs lives here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, func, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

from service.store.database import Database
from service.store.models import Assessment


class IdempotencyKeyTaken(Exception):
    """The caller already used this idempotency key; `existing` is what it created."""

    def __init__(self, existing: Assessment) -> None:
        super().__init__(existing.id)
        self.existing = existing


# What a listing shows of each row; the rest (the result above all) is never loaded for it.
_LISTED = (
    Assessment.id,
    Assessment.created_at,
    Assessment.name,
    Assessment.stakeholder_type,
    Assessment.top_area,
    Assessment.country,
    Assessment.top_tier,
    Assessment.recommendation_count,
)


@dataclass(frozen=True)
class StoredResult:
    """What reading one assessment needs: its stored text and the format it was written in."""

    id: str
    result: str
    result_format: int


_TABLE = Assessment.__table__
_BY_ID = select(_TABLE.c.id, _TABLE.c.result, _TABLE.c.result_format).where(
    _TABLE.c.id == bindparam("assessment_id")
)
_BY_ID_FOR_CLIENT = _BY_ID.where(_TABLE.c.client_id == bindparam("client_id"))


class AssessmentRepository:
    """Rows come back detached with their columns loaded, so callers read them outside a session."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, row: Assessment) -> None:
        """Insert in one transaction; a reused idempotency key raises IdempotencyKeyTaken.

        The unique constraint decides, not a read before the write, so two concurrent requests
        with one key cannot both insert.
        """
        try:
            with self.database.writing() as session:
                session.add(row)
        except IntegrityError:
            if row.idempotency_key is None:
                raise
            existing = self.by_idempotency_key(row.client_id, row.idempotency_key)
            if existing is None:
                raise
            raise IdempotencyKeyTaken(existing) from None

    def by_idempotency_key(self, client_id: str, key: str) -> Assessment | None:
        with self.database.reading() as session:
            return session.scalar(
                select(Assessment).where(
                    Assessment.client_id == client_id, Assessment.idempotency_key == key
                )
            )

    def get(self, assessment_id: str, client_id: str | None) -> StoredResult | None:
        """One assessment's stored text; `client_id` None means any caller's (admin).

        Every GET of an assessment asks, so one Core query of three columns, no ORM session.
        """
        query, params = _BY_ID, {"assessment_id": assessment_id}
        if client_id is not None:
            query, params = _BY_ID_FOR_CLIENT, {**params, "client_id": client_id}
        with self.database.querying() as connection:
            row = connection.execute(query, params).first()
        return StoredResult(*row) if row else None

    def page(
        self,
        client_id: str | None,
        *,
        limit: int,
        before: tuple[datetime, str] | None = None,
        stakeholder_type: str | None = None,
        since: datetime | None = None,
    ) -> list[Row]:
        """Newest first, keyset-paginated on (created_at, id): rows after `before` in that order.

        Only the listed columns are read, by one Core query (no ORM session): every listing asks.
        """
        query = select(*_LISTED)
        if client_id is not None:
            query = query.where(Assessment.client_id == client_id)
        if stakeholder_type is not None:
            query = query.where(Assessment.stakeholder_type == stakeholder_type)
        if since is not None:
            query = query.where(Assessment.created_at >= since)
        if before is not None:
            created_at, assessment_id = before
            query = query.where(
                or_(
                    Assessment.created_at < created_at,
                    and_(Assessment.created_at == created_at, Assessment.id < assessment_id),
                )
            )
        query = query.order_by(Assessment.created_at.desc(), Assessment.id.desc()).limit(limit)
        with self.database.querying() as connection:
            return list(connection.execute(query))

    def delete(self, assessment_id: str, client_id: str | None) -> bool:
        query = delete(Assessment).where(Assessment.id == assessment_id)
        if client_id is not None:
            query = query.where(Assessment.client_id == client_id)
        with self.database.writing() as session:
            return session.execute(query).rowcount > 0

    def delete_older_than(self, cutoff: datetime) -> int:
        with self.database.writing() as session:
            return session.execute(
                delete(Assessment).where(Assessment.created_at < cutoff)
            ).rowcount

    def count(self) -> int:
        with self.database.reading() as session:
            return session.scalar(select(func.count()).select_from(Assessment)) or 0
