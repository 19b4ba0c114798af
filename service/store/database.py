"""Engines and transactions: SQLite tuned for several writer processes, PostgreSQL via psycopg 3."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from service.errors import DatabaseUnavailable

BUSY_TIMEOUT_MS = 10_000


def create_database_engine(url: str, timeout_seconds: float = 5.0) -> Engine:
    """An engine whose connections fail fast, and on SQLite use WAL, a busy timeout and FKs.

    Its errors never quote the statement's parameters (profiles, results): they end up in logs.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(
        url,
        hide_parameters=True,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_timeout=timeout_seconds,
        connect_args={
            "connect_timeout": max(1, int(timeout_seconds)),
            "options": f"-c statement_timeout={int(timeout_seconds * 1000)}",
            # A connection whose peer goes silent mid-query fails within the timeout instead of
            # hanging until the kernel gives up (minutes): unacknowledged data and keepalives.
            "tcp_user_timeout": int(timeout_seconds * 1000),
            "keepalives": 1,
            "keepalives_idle": max(1, int(timeout_seconds)),
            "keepalives_interval": 1,
            "keepalives_count": 3,
        },
    )


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # Take transaction control from the sqlite3 module so `begin` below decides how to begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_on_begin(connection) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE), so two workers never deadlock
    # upgrading a read lock; readers begin deferred and never block in WAL mode.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """One engine per process; `reading()` and `writing()` give sessions in a transaction."""

    def __init__(self, url: str, timeout_seconds: float = 5.0) -> None:
        self.url = url
        self.engine = create_database_engine(url, timeout_seconds)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(writer, expire_on_commit=False)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with _unavailable_on_connection_error(), self._read() as session, session.begin():
            yield session

    @contextmanager
    def querying(self) -> Iterator[Connection]:
        """A bare connection in a read transaction, for lookups too frequent to pay for a Session."""
        with _unavailable_on_connection_error(), self.engine.connect() as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back entirely if it raises."""
        with _unavailable_on_connection_error(), self._write() as session, session.begin():
            yield session

    def ping(self) -> None:
        with _unavailable_on_connection_error(), self.engine.connect() as connection:
            connection.execute(text("SELECT 1 FROM alembic_version"))

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _unavailable_on_connection_error() -> Iterator[None]:
    try:
        yield
    except (OperationalError, PoolTimeout) as exc:
        raise DatabaseUnavailable("The database is unavailable; retry shortly.") from exc
