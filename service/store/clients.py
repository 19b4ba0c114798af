"""API clients: create, list, revoke, and look up the caller behind a key hash."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, or_, select, update

from service.store.database import Database
from service.store.models import LOCAL_CLIENT_ID, ApiClient

LAST_USED_RESOLUTION = timedelta(minutes=1)
_CLIENTS = ApiClient.__table__
_BY_HASH = select(_CLIENTS).where(_CLIENTS.c.key_hash == bindparam("key_hash"))
_TOUCH = (
    update(_CLIENTS)
    .where(_CLIENTS.c.id == bindparam("client_id"))
    .values(last_used_at=bindparam("now"))
)


@dataclass(frozen=True)
class ClientRecord:
    id: str
    name: str
    scopes: tuple[str, ...]
    key_hash: str | None
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None

    def active(self, now: datetime) -> bool:
        if self.key_hash is None or self.revoked_at is not None:
            return False
        return self.expires_at is None or now < self.expires_at


def _record(row: Any) -> ClientRecord:
    """A client from an ORM row or a Core row: both name their columns as attributes."""
    return ClientRecord(
        id=row.id,
        name=row.name,
        scopes=tuple(row.scopes.split()),
        key_hash=row.key_hash,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
    )


class NameTaken(ValueError):
    pass


class ClientRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    def create(
        self,
        name: str,
        scopes: tuple[str, ...],
        key_hash: str,
        now: datetime,
        expires_at: datetime | None,
    ) -> ClientRecord:
        with self.database.writing() as session:
            if session.scalar(select(ApiClient.id).where(ApiClient.name == name)):
                raise NameTaken(name)
            row = ApiClient(
                id=str(uuid.uuid4()),
                name=name,
                key_hash=key_hash,
                scopes=" ".join(scopes),
                created_at=now,
                expires_at=expires_at,
            )
            session.add(row)
        return _record(row)

    def all(self) -> list[ClientRecord]:
        with self.database.reading() as session:
            rows = session.scalars(
                select(ApiClient)
                .where(ApiClient.id != LOCAL_CLIENT_ID)
                .order_by(ApiClient.created_at)
            )
            return [_record(row) for row in rows]

    def by_hash(self, key_hash: str) -> ClientRecord | None:
        """The client behind a key: every authenticated request asks, so one query, no ORM."""
        rows = self.database.rows(_BY_HASH, {"key_hash": key_hash})
        return _record(rows[0]) if rows else None

    def find(self, id_or_name: str) -> ClientRecord | None:
        with self.database.reading() as session:
            row = session.scalar(
                select(ApiClient).where(
                    or_(ApiClient.id == id_or_name, ApiClient.name == id_or_name)
                )
            )
            return _record(row) if row else None

    def revoke(self, client_id: str, now: datetime) -> None:
        with self.database.writing() as session:
            session.execute(
                update(ApiClient)
                .where(ApiClient.id == client_id, ApiClient.revoked_at.is_(None))
                .values(revoked_at=now)
            )

    def touch(self, client: ClientRecord, now: datetime) -> bool:
        """Record use at most once a minute per key, so reads do not all turn into writes.

        True when it wrote.
        """
        if client.last_used_at is not None and now - client.last_used_at < LAST_USED_RESOLUTION:
            return False
        self.database.write(_TOUCH, {"client_id": client.id, "now": now})
        return True
