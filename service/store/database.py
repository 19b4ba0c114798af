"""Engines and transactions: SQLite with writers queued across processes, PostgreSQL via psycopg 3."""

from __future__ import annotations

import collections
import fcntl
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Executable, Select, create_engine, event, text
from sqlalchemy.engine import Row, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from service.errors import DatabaseUnavailable
from service.fairlock import FairLock
from service.store.checkpoints import Checkpointer
from service.store.kept import KeptConnections

BUSY_TIMEOUT_MS = 10_000
# A pooled PostgreSQL connection unused for longer than this is pinged before it is handed out;
# one used more recently goes straight to work, and if it has died the read is tried once more.
IDLE_PING_SECONDS = 2.0
_CHECKED_IN_AT = "advisor_checked_in_at"
UNAVAILABLE = "The database is unavailable; retry shortly."


def create_database_engine(
    url: str, timeout_seconds: float = 5.0, *, autocommit: bool = False, autocheckpoint: bool = True
) -> Engine:
    """An engine whose connections fail fast, and on SQLite use WAL, a busy timeout and FKs.

    Its errors never quote the statement's parameters (profiles, results): they end up in logs.
    With `autocommit`, every statement is its own transaction unless the caller sends BEGIN;
    such an engine has no connection events, which double SQLAlchemy's cost per statement.
    Without `autocheckpoint`, SQLite leaves the WAL to a Checkpointer (service/store/checkpoints.py).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        if not autocheckpoint:
            event.listen(engine, "connect", _sqlite_no_autocheckpoint)
        if not autocommit:
            event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    engine = create_engine(
        url,
        hide_parameters=True,
        **({"isolation_level": "AUTOCOMMIT"} if autocommit else {}),
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
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Ping only connections idle past IDLE_PING_SECONDS: pool_pre_ping costs a round trip on
    every checkout. A failed ping makes the pool replace the connection."""

    def checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN_AT] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(_CHECKED_IN_AT, None)
        if since is None or time.monotonic() - since <= IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError("idle connection failed its ping") from exc

    event.listen(engine, "checkin", checked_in)
    event.listen(engine, "checkout", checked_out)


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # Take transaction control from the sqlite3 module so `begin` below decides how to begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_no_autocheckpoint(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")


def _sqlite_on_begin(connection) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE), so two workers never deadlock
    # upgrading a read lock; readers begin deferred and never block in WAL mode. None: the
    # caller sends its own BEGIN, if any.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    if mode is not None:
        connection.exec_driver_sql(f"BEGIN {mode}")


def sqlite_lock_path(url: str) -> Path | None:
    """The file beside a SQLite database whose lock writers queue on; None for an in-memory or
    URI-named database, whose writers fall back on SQLite's busy timeout across processes."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or "uri" in parsed.query:
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(f"{parsed.database}-writer.lock")


class WriterQueue:
    """One SQLite write at a time: a lock among this process's threads, taken in the order asked
    (the checkpointer's RESTART included), then an flock among processes. A writer waiting its
    turn here wakes the moment the one before it commits, where SQLite's busy handler would sleep
    in steps of up to 100 ms and let later writers overtake it."""

    def __init__(self, lock_path: Path | None) -> None:
        self._threads = FairLock()
        self._path = lock_path
        self._fd: int | None = None
        self._fd_pid = 0  # a descriptor inherited across fork is shared with the parent: reopen

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._threads:
            fd = self._descriptor()
            if fd is None:
                yield
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def _descriptor(self) -> int | None:
        if self._path is None:
            return None
        if self._fd is None or self._fd_pid != os.getpid():
            # flock needs no write access: read-only, so any user who can read the database queues.
            self._fd = os.open(self._path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
            self._fd_pid = os.getpid()
        return self._fd

    def close(self) -> None:
        with self._threads:
            if self._fd is not None and self._fd_pid == os.getpid():
                os.close(self._fd)
            self._fd = None


@dataclass(frozen=True)
class PlainStatement:
    """A statement as its driver runs it: the SQL text, the parameter names in the order the driver
    takes them (None: by name), values the statement carries itself (SQLite's OFFSET), and the
    converters SQLAlchemy's types would apply on the way in, asked of the dialect once."""

    sql: str
    order: tuple[str, ...] | None
    fixed: Mapping[str, Any]
    converters_in: Mapping[str, Callable[[Any], Any]]

    @classmethod
    def of(
        cls, statement: Executable, dialect: Any, column_keys: Sequence[str] | None = None
    ) -> PlainStatement:
        """ValueError for a statement whose parameters are computed or renamed at execution, or
        that computes or returns values; an INSERT is compiled for the `column_keys` it is given,
        as Core compiles it for the parameters of each execution."""
        return cls(*_driver_form(statement, dialect, column_keys))

    def arguments(self, params: Mapping[str, Any]) -> Any:
        values = {**params, **self.fixed}
        for name, converter in self.converters_in.items():
            if name in values:
                values[name] = converter(values[name])
        return values if self.order is None else tuple(values[name] for name in self.order)


@dataclass(frozen=True)
class PlainSelect(PlainStatement):
    """A SELECT as its driver runs it, and the converters of its columns on the way out."""

    converters_out: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column index, converter)
    named: type[tuple]

    @classmethod
    def of(
        cls, statement: Select, dialect: Any, column_keys: Sequence[str] | None = None
    ) -> PlainSelect:
        converters_out = tuple(
            (index, converter)
            for index, column in enumerate(statement.selected_columns)
            if (converter := column.type.dialect_impl(dialect).result_processor(dialect, None))
        )
        fields = tuple(column.key for column in statement.selected_columns)
        named = collections.namedtuple("PlainRow", fields)  # type: ignore[misc]
        return cls(*_driver_form(statement, dialect, column_keys), converters_out, named)

    def rows(self, fetched: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """The fetched rows as named tuples, each value converted as SQLAlchemy would."""
        make = self.named._make
        if not self.converters_out:
            return list(map(make, fetched))
        rows = []
        for row in fetched:
            values = list(row)
            for index, convert in self.converters_out:  # a listing converts one column of eight
                values[index] = convert(values[index])
            rows.append(make(values))
        return rows


def _kept_limit(pool: Any) -> int:
    """How many connections the plain statements keep: one fewer than the pool holds, so Core's
    reads and writes always find one; none where a pool is not a shared queue (in-memory SQLite
    gives each thread its own connection)."""
    return max(pool.size() - 1, 0) if isinstance(pool, QueuePool) else 0


def _kept_cursor(connection: Any) -> Any:
    """The driver cursor kept with a pooled connection for its whole life: psycopg spends about
    30k instructions making and closing one, as much as the execution it serves. The pool clears
    `info` when it replaces the connection, and the cursor goes with it."""
    cursor = connection.info.get(_KEPT_CURSOR)
    if cursor is None:
        cursor = connection.info[_KEPT_CURSOR] = connection.dbapi_connection.cursor()
    return cursor


_KEPT_CURSOR = "advisor_plain_cursor"


def _driver_form(
    statement: Executable, dialect: Any, column_keys: Sequence[str] | None
) -> tuple[str, tuple[str, ...] | None, dict[str, Any], dict[str, Callable[[Any], Any]]]:
    """PlainStatement's fields: the compiled SQL, bind order, fixed values and bind converters."""
    compiled: Any = statement.compile(dialect=dialect, column_keys=column_keys)
    if compiled.escaped_bind_names or any(b.callable for b in compiled.binds.values()):
        raise ValueError("parameters the driver cannot take as they are")
    if getattr(compiled, "insert_prefetch", None) or getattr(compiled, "returning", None):
        raise ValueError("values computed or returned at execution")
    converters_in, fixed = {}, {}
    for bind, name in compiled.bind_names.items():
        converter = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if not bind.required and bind.value is not None:  # an INSERT's columns are required
            fixed[name] = converter(bind.value) if converter else bind.value
        elif converter is not None:
            converters_in[name] = converter
    order = tuple(compiled.positiontup or ()) if compiled.positional else None
    return compiled.string, order, fixed, converters_in


class Database:
    """One process's connections. `rows()` (a single SELECT) and `write()` (a single statement)
    serve every request, `plain_rows()` and `plain_write()` the most frequent ones on the driver;
    `reading()` and `writing()` give Sessions for the rarer rest; on SQLite every write queues,
    one at a time across threads and processes."""

    def __init__(self, url: str, timeout_seconds: float = 5.0) -> None:
        self.url = url
        # Sessions run on an engine that begins every transaction (BEGIN DEFERRED or IMMEDIATE
        # on SQLite); `engine`, where every request's statements run, is in autocommit: no
        # BEGIN/ROLLBACK around a read, no connection events, no isolation level switched at
        # each checkout; one pool, so a dead connection seen by a read clears it for the write.
        # A SQLite file's WAL is checkpointed by a thread of this process, not by the commits.
        lock_path = sqlite_lock_path(url)
        autocheckpoint = lock_path is None
        sessions = create_database_engine(url, timeout_seconds, autocheckpoint=autocheckpoint)
        self.is_sqlite = sessions.dialect.name == "sqlite"
        if self.is_sqlite and lock_path is None:
            # An in-memory database lives in its connections: a second engine would see another.
            self.engine = sessions.execution_options(sqlite_begin=None)
        else:
            self.engine = create_database_engine(
                url, timeout_seconds, autocommit=True, autocheckpoint=autocheckpoint
            )
        self._sessions = sessions
        self._queue = WriterQueue(lock_path) if self.is_sqlite else None
        self._checkpointer = (
            None if autocheckpoint else Checkpointer(self.engine, self._writer_turn)
        )
        writer = sessions.execution_options(sqlite_begin="IMMEDIATE")
        self._read = sessionmaker(sessions, expire_on_commit=False)
        self._write = sessionmaker(writer, expire_on_commit=False)
        self._plain: dict[Select, PlainSelect] = {}  # one per statement constant of the store
        self._plain_writes: dict[tuple[Any, ...], PlainStatement] = {}  # and its parameter names
        # psycopg fetches plain reads in PostgreSQL's binary format, so a bytea (a GET's body)
        # arrives as its bytes rather than as hex to decode; other columns load the same values.
        psycopg = self.engine.dialect.driver == "psycopg"
        self._fetch_options = {"binary": True} if psycopg else {}
        # ... and a statement whose best plan depends on its values is never prepared: psycopg
        # prepares one run five times, and PostgreSQL may then keep a generic plan for good.
        self._replan_options = {"binary": True, "prepare": False} if psycopg else {}
        # What a thread does while its statement waits on the server, from taking a connection to
        # giving it back: nothing, unless the app lends its turn out meanwhile (api/turns.py);
        # never set on SQLite, which waits on no one.
        self.while_waiting: Callable[[], AbstractContextManager[None]] = nullcontext
        self._kept = KeptConnections(
            self.engine.raw_connection,
            self._alive,
            self._stale,
            IDLE_PING_SECONDS,
            _kept_limit(self.engine.pool),
        )

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with _unavailable_on_connection_error(), self._read() as session, session.begin():
            yield session

    def rows(self, statement: Executable, params: Mapping[str, Any] | None = None) -> Sequence[Row]:
        """Every row of one SELECT, run outside a transaction (no BEGIN/ROLLBACK round trips);
        for lookups too frequent to pay for a Session. A connection found dead is replaced and
        the read run once more, as a ping on every checkout would have."""
        with _unavailable_on_connection_error(), self.while_waiting():
            try:
                with self.engine.connect() as connection:
                    return connection.execute(statement, params).all()
            except DBAPIError as exc:
                if not exc.connection_invalidated:
                    raise
            with self.engine.connect() as connection:
                return connection.execute(statement, params).all()

    def plain_rows(self, statement: Select, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """`rows()` as named tuples, run on the driver's own cursor: for the reads every GET and
        listing makes, SQLAlchemy's connection, execution context and result cost several times
        SQLite's own work. Values are converted by the converters SQLAlchemy's types give; same
        pool, same retry of a dead connection, same DatabaseUnavailable."""
        plain = self._plain_select(statement)
        return plain.rows(self._plain_fetch(plain, params))

    def plain_tuples(
        self, statement: Select, params: Mapping[str, Any], *, replan: bool = False
    ) -> list[tuple[Any, ...]]:
        """`plain_rows()` as the driver fetched them: plain tuples, values unconverted (SQLite's
        times are their stored ISO 8601 text). For a listing, whose rows are written out as
        they are: a named tuple and a parsed time per row cost more than the row's own fetch.
        With `replan`, PostgreSQL plans the statement each time for the values given."""
        return self._plain_fetch(self._plain_select(statement), params, replan)

    def _plain_select(self, statement: Select) -> PlainSelect:
        plain = self._plain.get(statement)
        if plain is None:
            plain = self._plain[statement] = PlainSelect.of(statement, self.engine.dialect)
        return plain

    def _plain_fetch(
        self, plain: PlainSelect, params: Mapping[str, Any], replan: bool = False
    ) -> list[tuple[Any, ...]]:
        arguments = plain.arguments(params)
        errors = self.engine.dialect.loaded_dbapi
        with _unavailable_on_connection_error():
            try:
                try:
                    return self._plain_run(plain.sql, arguments, fetch=True, replan=replan)
                except _DeadConnection:
                    return self._plain_run(plain.sql, arguments, fetch=True, replan=replan)
            except (errors.OperationalError, _DeadConnection) as exc:
                raise DatabaseUnavailable(UNAVAILABLE) from exc

    def plain_write(self, statement: Executable, params: Mapping[str, Any]) -> None:
        """`write()` run on the driver's own cursor: for the insert every stored assessment makes,
        where SQLAlchemy's connection and execution context cost more than the driver's call.
        Same pool, autocommit and writer queue, and the errors Core raises: its exception classes,
        parameters hidden, a dead connection out of the pool and the write not retried (it may
        have run)."""
        key = (statement, *params)
        plain = self._plain_writes.get(key)
        if plain is None:
            dialect = self.engine.dialect
            plain = self._plain_writes[key] = PlainStatement.of(statement, dialect, sorted(params))
        arguments = plain.arguments(params)
        errors = self.engine.dialect.loaded_dbapi
        with _unavailable_on_connection_error(), self._writer_turn():
            try:
                self._plain_run(plain.sql, arguments, fetch=False)
            except (errors.Error, _DeadConnection) as exc:
                dead = isinstance(exc, _DeadConnection)
                error = exc.__cause__ if dead else exc
                raise self._core_error(plain.sql, arguments, error, dead) from error
        self._wrote()

    def _core_error(self, sql: str, arguments: Any, error: Any, invalidated: bool) -> DBAPIError:
        """The driver's error as Core wraps it: IntegrityError, OperationalError and the rest,
        its message the statement with the parameters hidden (they are profiles and results)."""
        dialect = self.engine.dialect
        return DBAPIError.instance(
            sql,
            arguments,
            error,
            dialect.loaded_dbapi.Error,
            hide_parameters=self.engine.hide_parameters,
            connection_invalidated=invalidated,
            dialect=dialect,
        )

    def _alive(self, connection: Any) -> bool:
        """Ping a kept connection that sat idle; one that fails leaves the pool, as at checkout."""
        dialect = self.engine.dialect
        try:
            dialect.do_ping(connection.dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            self.engine.pool._invalidate(connection, exc)
            connection.close()
            return False
        return True

    def _stale(self, connection: Any) -> bool:
        """Opened before the pool last found one of its connections dead: the test the pool's own
        checkout makes to recycle such a connection."""
        return self.engine.pool._invalidate_time > connection._connection_record.starttime

    def _plain_run(
        self, sql: str, arguments: Any, *, fetch: bool, replan: bool = False
    ) -> list[tuple[Any, ...]]:
        """One try on a pooled connection, in autocommit; one the driver's error shows dead
        leaves the pool. The rows fetched, or none unless `fetch`. The connection is back before
        `while_waiting` ends: a request waiting for its turn again holds none, so the request
        whose turn it is never waits on the pool for a connection only a waiter could give back."""
        with self.while_waiting():
            return self._plain_round_trip(sql, arguments, fetch, replan)

    def _plain_round_trip(
        self, sql: str, arguments: Any, fetch: bool, replan: bool
    ) -> list[tuple[Any, ...]]:
        dialect = self.engine.dialect
        connection = self._kept.take()
        try:
            cursor = _kept_cursor(connection)
            if fetch:
                options = self._replan_options if replan else self._fetch_options
                cursor.execute(sql, arguments, **options)
                rows = cursor.fetchall()
            else:
                cursor.execute(sql, arguments)
                rows = []
        except dialect.loaded_dbapi.Error as exc:
            if not dialect.is_disconnect(exc, connection.dbapi_connection, None):
                self._kept.give_back(connection)  # a refused statement leaves it fit for the next
                raise
            # As Core does: this connection leaves the pool, and the pooled ones opened before it
            # are replaced at their next checkout (a restarted server has closed them all).
            self.engine.pool._invalidate(connection, exc)
            connection.close()
            self._kept.return_all()
            raise _DeadConnection from exc
        except BaseException:
            connection.close()
            raise
        self._kept.give_back(connection)
        return rows

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back entirely if it raises."""
        with (
            _unavailable_on_connection_error(),
            self._writer_turn(),
            self._write() as session,
            session.begin(),
        ):
            yield session
        self._wrote()

    def write(self, statement: Executable, params: Mapping[str, Any]) -> None:
        """One statement that is its own transaction (autocommit: no BEGIN or COMMIT is sent).
        On SQLite it waits its turn in the writer queue, as every write does (see `_writer_turn`)."""
        with (
            _unavailable_on_connection_error(),
            self._writer_turn(),
            self.engine.connect() as connection,
        ):
            connection.execute(statement, params)
        self._wrote()

    def _wrote(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.wrote()

    def _writer_turn(self):
        """On SQLite, a turn in the writer queue. Every write, and the checkpointer's RESTART,
        takes one: left to SQLite's busy handler, which polls in sleeps of growing length, a
        RESTART could wait behind writers that kept arriving (the WAL grew past 60 MB in a test
        of two busy writers), and a writer could be overtaken by later ones."""
        return self._queue.turn() if self._queue is not None else nullcontext()

    def ping(self) -> None:
        self.rows(text("SELECT 1 FROM alembic_version"))

    def dispose(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self._kept.close()
        self.engine.dispose()
        self._sessions.dispose()
        if self._queue is not None:
            self._queue.close()


class _DeadConnection(Exception):
    """The pooled connection a plain statement was given had died; it has left the pool."""


@contextmanager
def _unavailable_on_connection_error() -> Iterator[None]:
    try:
        yield
    except (OperationalError, PoolTimeout) as exc:
        raise DatabaseUnavailable(UNAVAILABLE) from exc
