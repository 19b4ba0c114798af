"""Reading and writing assessments; every statement the service runs lives here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from service.store.database import Database
from service.store.models import Assessment


@dataclass(frozen=True)
class NewAssessment:
    id: str
    created_at: datetime
    client_id: str
    idempotency_key: str | None
    request_digest: str
    request_id: str | None
    name: str | None
    stakeholder_type: str
    top_area: str | None
    profile_digest: str
    rules_version: str
    articles_version: dict[str, str]
    result: str


@dataclass(frozen=True)
class StoredAssessment:
    id: str
    created_at: datetime
    client_id: str
    request_digest: str
    result: str


@dataclass(frozen=True)
class ListedAssessment:
    id: str
    created_at: datetime
    name: str | None
    stakeholder_type: str
    top_area: str | None


class IdempotencyKeyTaken(Exception):
    """The caller already used this idempotency key; `existing` is what it created."""

    def __init__(self, existing: StoredAssessment) -> None:
        super().__init__(existing.id)
        self.existing = existing


def _stored(row: Assessment) -> StoredAssessment:
    return StoredAssessment(row.id, row.created_at, row.client_id, row.request_digest, row.result)


class AssessmentRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, new: NewAssessment) -> StoredAssessment:
        """Insert in one transaction; a reused idempotency key raises IdempotencyKeyTaken.

        The unique constraint decides, not a read before the write, so two concurrent requests
        with one key cannot both insert.
        """
        row = Assessment(
            id=new.id,
            created_at=new.created_at,
            client_id=new.client_id,
            idempotency_key=new.idempotency_key,
            request_digest=new.request_digest,
            request_id=new.request_id,
            name=new.name,
            stakeholder_type=new.stakeholder_type,
            top_area=new.top_area,
            profile_digest=new.profile_digest,
            rules_version=new.rules_version,
            articles_version=json.dumps(new.articles_version, sort_keys=True),
            result=new.result,
        )
        try:
            with self.database.writing() as session:
                session.add(row)
        except IntegrityError:
            if new.idempotency_key is None:
                raise
            existing = self.by_idempotency_key(new.client_id, new.idempotency_key)
            if existing is None:
                raise
            raise IdempotencyKeyTaken(existing) from None
        return _stored(row)

    def by_idempotency_key(self, client_id: str, key: str) -> StoredAssessment | None:
        with self.database.reading() as session:
            row = session.scalar(
                select(Assessment).where(
                    Assessment.client_id == client_id, Assessment.idempotency_key == key
                )
            )
            return _stored(row) if row else None

    def get(self, assessment_id: str, client_id: str | None) -> StoredAssessment | None:
        """One assessment; `client_id` None means any caller's (admin)."""
        query = select(Assessment).where(Assessment.id == assessment_id)
        if client_id is not None:
            query = query.where(Assessment.client_id == client_id)
        with self.database.reading() as session:
            row = session.scalar(query)
            return _stored(row) if row else None

    def page(
        self,
        client_id: str | None,
        *,
        limit: int,
        before: tuple[datetime, str] | None = None,
        stakeholder_type: str | None = None,
        since: datetime | None = None,
    ) -> list[ListedAssessment]:
        """Newest first, keyset-paginated on (created_at, id): rows after `before` in that order."""
        query = select(
            Assessment.id,
            Assessment.created_at,
            Assessment.name,
            Assessment.stakeholder_type,
            Assessment.top_area,
        )
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
        with self.database.reading() as session:
            return [ListedAssessment(*row) for row in session.execute(query)]

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
