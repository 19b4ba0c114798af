"""Typed ORM models of the two tables: assessments and the API clients that create them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeEngine

from service.store.packed import unpack

LOCAL_CLIENT_ID = "local"


class StoredBody(TypeDecorator[str]):
    """An assessment's body: text on SQLite, a bytea on PostgreSQL (migration 0009), read by the
    ORM as text whichever way a row keeps it. A packed body (packed.py) is unpacked here."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(LargeBinary())
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if dialect.name == "postgresql" and isinstance(value, str):
            return value.encode()
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return unpack(value).decode() if isinstance(value, bytes) else value


class Base(DeclarativeBase):
    pass


class ApiClient(Base):
    """A caller of the API; `local` stands for every caller until API keys are issued."""

    __tablename__ = "api_clients"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime())
    expires_at: Mapped[datetime | None] = mapped_column(DateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime())


class Assessment(Base):
    """One stored answer: the response body byte for byte, plus what listing and auditing need.

    Every field of a row is listed here and only here; the service layer builds rows by name.
    `result` is the wire JSON in format `result_format` (service/wire.py reads every format), kept
    packed (packed.py) in rows written since migrations 0008 (SQLite) and 0009 (PostgreSQL).
    """

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("client_id", "idempotency_key", name="uq_assessments_client_idempotency"),
        Index("ix_assessments_client_created", "client_id", "created_at", "id"),
        Index("ix_assessments_created", "created_at"),
        # A client's listing by stakeholder type (migration 0007).
        Index(
            "ix_assessments_client_type_created",
            "client_id",
            "stakeholder_type",
            "created_at",
            "id",
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime())
    client_id: Mapped[str] = mapped_column(ForeignKey("api_clients.id", ondelete="CASCADE"))
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    request_digest: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(128))
    name: Mapped[str | None] = mapped_column(String(200))
    stakeholder_type: Mapped[str] = mapped_column(String(64))
    top_area: Mapped[str | None] = mapped_column(String(64))
    # Listing columns added by migration 0003, which fills them in from `result`; on SQLite,
    # 0004 moves `result` after them, so a listing reads no overflow pages.
    country: Mapped[str | None] = mapped_column(String(2))
    top_tier: Mapped[str | None] = mapped_column(String(32))
    recommendation_count: Mapped[int] = mapped_column(Integer(), server_default="0")
    profile_digest: Mapped[str] = mapped_column(String(64))
    rules_version: Mapped[str] = mapped_column(String(64))
    articles_version: Mapped[str] = mapped_column(Text())
    # Rows written before formats were numbered are format 1 (migration 0002).
    result_format: Mapped[int] = mapped_column(Integer(), server_default="1")
    # The row's listing item as a page writes it, less its URL (wire.listed_item): written with
    # the row, filled in for earlier rows by migration 0006; None only in a row written by an
    # earlier release, which a listing writes from the columns above.
    listed: Mapped[str | None] = mapped_column(Text())
    result: Mapped[str] = mapped_column(StoredBody())
