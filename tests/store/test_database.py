"""The request path's database work: SQLite transactions queue across processes, concurrent
inserts lose nothing, single-row reads issue nothing but their SELECT, and PostgreSQL connections
are pinged only when they have been idle, a dead one replaced either way."""

from __future__ import annotations

import fcntl
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

import psycopg
import pytest
import sqlalchemy.exc
from sqlalchemy import Pool, bindparam, create_engine, event, select, text

from service.errors import DatabaseUnavailable
from service.store import database as database_module
from service.store.clients import ClientRepository
from service.store.database import Database, sqlite_lock_path
from service.store.models import Assessment
from service.store.repository import AssessmentRepository, listed_key
from tests.db import fresh_database
from tests.test_support import stored_assessment

PROCESSES = 2
THREADS = 4
PER_THREAD = 60
DEADLINE = 60  # seconds: liveness only

# A writer process: it starts writing when the test writes a line to its stdin.
WRITER = textwrap.dedent(
    """
    import sys, threading
    from service.store import database
    from service.store.repository import AssessmentRepository
    from tests.test_support import stored_assessment

    url, first, threads, per_thread = sys.argv[1], *map(int, sys.argv[2:])
    repository = AssessmentRepository(database.Database(url))
    errors = []

    def write(thread):
        for n in range(per_thread):
            try:
                repository.add(stored_assessment(first + thread * per_thread + n))
            except Exception as exc:
                errors.append(f"{exc!r} from {exc.__cause__!r}")

    print("ready", flush=True)
    sys.stdin.readline()
    workers = [threading.Thread(target=write, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print("\\n".join(errors))
    sys.exit(1 if errors else 0)
    """
)


@pytest.fixture
def sqlite_database(tmp_path):
    """A Database on a new, migrated SQLite file; disposed of afterwards."""
    with fresh_database("sqlite", tmp_path) as url:
        database = Database(url)
        try:
            yield database
        finally:
            database.dispose()


def test_writers_in_two_processes_lose_nothing_on_sqlite(tmp_path):
    with fresh_database("sqlite", tmp_path) as url:
        writers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WRITER,
                    url,
                    str(1 + p * 10_000),
                    str(THREADS),
                    str(PER_THREAD),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for p in range(PROCESSES)
        ]
        for writer in writers:
            assert writer.stdout.readline().strip() == "ready"
        for writer in writers:
            writer.stdin.write("go\n")
            writer.stdin.flush()
        outputs = [writer.communicate(timeout=DEADLINE)[0] for writer in writers]
        assert [writer.returncode for writer in writers] == [0, 0], outputs
        database = Database(url)
        try:
            assert AssessmentRepository(database).count() == PROCESSES * THREADS * PER_THREAD
        finally:
            database.dispose()


# Each kind of write, what the store holds of it, before and after it is made.
WAITING_WRITES = {
    "transaction": (
        lambda db: ClientRepository(db).create(
            "waiting", ("read",), "h" * 64, datetime.now(), None
        ),
        lambda db: [c.name for c in ClientRepository(db).all()],
        [],
        ["waiting"],
    ),
    "single statement": (
        lambda db: AssessmentRepository(db).add(stored_assessment(1)),
        lambda db: AssessmentRepository(db).count(),
        0,
        1,
    ),
}


@pytest.mark.parametrize(
    ("write", "held", "before", "after"), WAITING_WRITES.values(), ids=WAITING_WRITES.keys()
)
def test_a_write_waits_for_the_lock_file_and_goes_as_soon_as_it_is_freed(
    sqlite_database, write, held, before, after
):
    """Every write queues behind another process's writer rather than polling SQLite's lock, so
    neither it nor the checkpointer's RESTART can be overtaken by writers that came later."""
    database = sqlite_database
    done = threading.Event()
    with open(sqlite_lock_path(database.url), "ab") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process's writer, mid-turn
        writer = threading.Thread(target=lambda: (write(database), done.set()))
        writer.start()
        assert not done.wait(0.5)
        assert held(database) == before
    writer.join(DEADLINE)
    assert done.is_set()
    assert held(database) == after


def test_in_memory_sqlite_still_writes(tmp_path):
    assert sqlite_lock_path("sqlite://") is None
    assert sqlite_lock_path("sqlite:///:memory:") is None
    assert sqlite_lock_path(f"sqlite:///{tmp_path}/a.db") == tmp_path / "a.db-writer.lock"
    database = Database("sqlite://")
    try:
        with database.writing() as session:
            session.execute(text("CREATE TABLE t (n INTEGER PRIMARY KEY)"))
        database.write(text("INSERT INTO t VALUES (:n)"), {"n": 1})
        assert database.rows(text("SELECT n FROM t"))[0].n == 1
    finally:
        database.dispose()


@pytest.fixture
def sqlite_statements():
    """Every statement SQLite itself runs on connections opened in the test, BEGIN and ROLLBACK
    too (whichever of a Database's engines opens them)."""
    statements: list[str] = []

    def trace(dbapi_connection, _record):
        dbapi_connection.set_trace_callback(statements.append)

    event.listen(Pool, "connect", trace)
    yield statements
    event.remove(Pool, "connect", trace)


def test_single_statement_reads_run_nothing_but_their_select_on_sqlite(
    sqlite_statements, sqlite_database
):
    database = sqlite_database
    statements = sqlite_statements
    assessments = AssessmentRepository(database)
    assessments.add(stored_assessment(1))
    statements.clear()
    assert assessments.get(stored_assessment(1).id, "local") is not None
    assert len(assessments.page("local", limit=5)) == 1
    assert ClientRepository(database).by_hash("no such hash") is None
    ran = [s for s in statements if not s.startswith("PRAGMA")]  # a new connection's set-up
    assert len(ran) == 3
    assert all(s.lstrip().upper().startswith("SELECT") for s in ran), ran


def test_an_insert_is_its_own_transaction_on_sqlite(sqlite_statements, sqlite_database):
    database = sqlite_database
    statements = sqlite_statements
    statements.clear()  # the migration's
    AssessmentRepository(database).add(stored_assessment(1))
    written = [s.split()[0].upper() for s in statements if not s.startswith("PRAGMA")]
    assert written == ["INSERT"], statements
    assert AssessmentRepository(database).count() == 1


def test_reads_and_inserts_run_alone_on_postgresql(tmp_path, monkeypatch):
    monkeypatch.setattr(database_module, "IDLE_PING_SECONDS", 3600.0)  # no ping among them
    with fresh_database("postgresql", tmp_path) as url:
        database = Database(url)
        seen: list[tuple[str, bool, bool]] = []
        execute = psycopg.Cursor.execute

        def note(cursor, statement, *args, **kwargs):
            # psycopg sends no BEGIN of its own before a statement on a connection in autocommit;
            # a statement runs inside a transaction only if one was begun before it. Noted at the
            # driver: a GET's read goes to the driver's cursor without SQLAlchemy's events.
            status = cursor.connection.info.transaction_status
            in_transaction = status == psycopg.pq.TransactionStatus.INTRANS
            seen.append((str(statement).split()[0], cursor.connection.autocommit, in_transaction))
            return execute(cursor, statement, *args, **kwargs)

        assessments = AssessmentRepository(database)
        try:
            assessments.add(stored_assessment(1))
            monkeypatch.setattr(psycopg.Cursor, "execute", note)
            assert assessments.get(stored_assessment(1).id, "local") is not None
            assessments.page(None, limit=5)
            ClientRepository(database).by_hash("no such hash")
            assessments.add(stored_assessment(2))
            assert seen == [
                ("SELECT", True, False),
                ("SELECT", True, False),
                ("SELECT", True, False),
                ("INSERT", True, False),
            ]
            assert database.rows(text("SELECT count(*) FROM assessments"))[0][0] == 2
            assert database.rows(text("SHOW synchronous_commit"))[0][0] == "on"
        finally:
            database.dispose()


def test_every_statement_of_a_request_waits_for_postgresql_inside_while_waiting(
    tmp_path, monkeypatch
):
    """Where the app lends a request's turn out (api/turns.py): around the driver's round trip."""
    with fresh_database("postgresql", tmp_path) as url:
        database = Database(url)
        lent, seen = [False], []

        @contextmanager
        def lending():
            lent[0] = True
            try:
                yield
            finally:
                lent[0] = False

        execute = psycopg.Cursor.execute

        def note(cursor, statement, *args, **kwargs):
            seen.append((str(statement).split()[0], lent[0]))
            return execute(cursor, statement, *args, **kwargs)

        assessments = AssessmentRepository(database)
        try:
            assessments.add(stored_assessment(1))  # the first connection's set-up, before
            database.while_waiting = lending
            monkeypatch.setattr(psycopg.Cursor, "execute", note)
            assert assessments.get(stored_assessment(1).id, "local") is not None
            assessments.page(None, limit=5)
            ClientRepository(database).by_hash("no such hash")
            assessments.add(stored_assessment(2))
            assert [statement for statement, _ in seen] == ["SELECT", "SELECT", "SELECT", "INSERT"]
            assert all(inside for _, inside in seen), seen
            assert lent == [False]
        finally:
            database.dispose()


def test_a_statement_gives_its_connection_back_before_its_request_waits_for_a_turn_again(
    tmp_path,
):
    """A request waiting to take its turn back holds no connection, so the one whose turn it is
    never waits on a pool that only the waiters could refill."""
    with fresh_database("postgresql", tmp_path) as url:
        database = Database(url)
        held_when_done: list[int] = []

        @contextmanager
        def lending():
            yield
            in_use = database.engine.pool.checkedout() - database._kept.idle
            held_when_done.append(in_use)

        assessments = AssessmentRepository(database)
        try:
            database.while_waiting = lending
            assessments.add(stored_assessment(1))
            assert assessments.get(stored_assessment(1).id, "local") is not None
            assessments.page(None, limit=5)
            ClientRepository(database).by_hash("no such hash")
            assert held_when_done == [0, 0, 0, 0]
        finally:
            database.dispose()


def test_every_listing_filter_combination_binds_its_values(sqlite_database):
    database = sqlite_database
    assessments = AssessmentRepository(database)
    start = datetime(2026, 11, 2, 8, 0, 0)
    for n in range(1, 5):
        assessments.add(stored_assessment(n, created_at=start + timedelta(minutes=n)))
    before = listed_key(assessments.page(None, limit=1)[0])
    since = start + timedelta(minutes=2)
    ids = lambda rows: [row[0][-1] for row in rows]  # noqa: E731
    assert ids(assessments.page("local", limit=10, since=since)) == ["4", "3", "2"]
    assert ids(assessments.page("other", limit=10)) == []
    assert ids(assessments.page(None, limit=2, before=before)) == ["3", "2"]
    assert ids(
        assessments.page(
            "local", limit=10, before=before, since=since, stakeholder_type="legislature"
        )
    ) == ["3", "2"]
    assert ids(assessments.page(None, limit=10, stakeholder_type="media")) == []


@pytest.mark.parametrize("idle_bound", [0.0, 3600.0], ids=["pinged", "retried"])
def test_a_dead_pooled_connection_is_replaced_on_postgresql(tmp_path, monkeypatch, idle_bound):
    monkeypatch.setattr(database_module, "IDLE_PING_SECONDS", idle_bound)
    with fresh_database("postgresql", tmp_path) as url:
        database = Database(url)
        pings: list[bool] = []
        dialect = type(database.engine.dialect)
        real_ping = dialect.do_ping

        def ping(self, dbapi_connection):  # the real ping, counted
            pings.append(False)
            real_ping(self, dbapi_connection)
            pings[-1] = True

        monkeypatch.setattr(dialect, "do_ping", ping)
        assessments = AssessmentRepository(database)
        try:
            assessments.add(stored_assessment(1))
            pings.clear()
            _kill_every_pooled_connection(database, url, held=1)
            pings.clear()
            assert assessments.get(stored_assessment(1).id, "local") is not None
            # Within the bound no ping: the read itself finds the connection dead and runs again.
            assert pings == ([False] if idle_bound == 0 else [])
            assessments.add(stored_assessment(2))
            assert assessments.count() == 2
        finally:
            database.dispose()


def _kill_every_pooled_connection(database: Database, url: str, held: int) -> None:
    """Have `held` connections in the pool, then terminate every server process behind them."""
    connections = [database.engine.raw_connection() for _ in range(held)]
    for connection in connections:
        connection.close()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    others = "datname = current_database() AND pid <> pg_backend_pid()"
    try:
        with admin.connect() as connection:
            connection.execute(
                text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {others}")
            )
            deadline = time.monotonic() + DEADLINE
            while connection.execute(
                text(f"SELECT count(*) FROM pg_stat_activity WHERE {others}")
            ).scalar():
                assert time.monotonic() < deadline
                time.sleep(0.05)
    finally:
        admin.dispose()


def test_an_insert_on_a_dead_connection_fails_once_and_is_not_retried_on_postgresql(
    tmp_path, monkeypatch
):
    """As Core did: the insert's outcome is unknown, so it is not run again; the dead connection
    and the pooled ones opened with it (a restarted server closed them all) are replaced."""
    monkeypatch.setattr(
        database_module, "IDLE_PING_SECONDS", 3600.0
    )  # no ping: the insert finds it
    with fresh_database("postgresql", tmp_path) as url:
        database = Database(url)
        assessments = AssessmentRepository(database)
        try:
            assessments.add(stored_assessment(1))
            _kill_every_pooled_connection(database, url, held=3)
            with pytest.raises(DatabaseUnavailable) as raised:
                assessments.add(stored_assessment(2))
            assert isinstance(raised.value.__cause__, sqlalchemy.exc.OperationalError)
            assert raised.value.__cause__.connection_invalidated
            assert "parameters hidden" in str(raised.value.__cause__)
            assert assessments.count() == 1
            assessments.add(stored_assessment(2))
            assessments.add(stored_assessment(3))
            assert assessments.count() == 3
        finally:
            database.dispose()


def test_a_connection_in_use_when_another_is_found_dead_is_not_kept_on_postgresql(
    tmp_path, monkeypatch
):
    """A restarted server closed every connection: one a request held while another request
    found its own dead is recycled when given back, so no later insert fails on it."""
    monkeypatch.setattr(database_module, "IDLE_PING_SECONDS", 3600.0)  # no ping would catch it
    with fresh_database("postgresql", tmp_path) as url:
        database = Database(url)
        assessments = AssessmentRepository(database)
        try:
            in_use = database._kept.take()  # a request's, mid-statement
            assessments.add(stored_assessment(1))
            _kill_every_pooled_connection(database, url, held=0)
            with pytest.raises(DatabaseUnavailable):
                assessments.add(stored_assessment(2))
            database._kept.give_back(in_use)  # its request ends after the restart was found
            assessments.add(stored_assessment(2))
            assert assessments.count() == 2
        finally:
            database.dispose()


def test_a_refused_insert_raises_what_core_raised(sqlite_database):
    assessments = AssessmentRepository(sqlite_database)
    assessments.add(stored_assessment(1))
    with pytest.raises(sqlalchemy.exc.IntegrityError) as raised:
        assessments.add(stored_assessment(1))
    assert isinstance(raised.value.orig, sqlite3.IntegrityError)
    assert "INSERT INTO assessments" in str(raised.value)
    assert "parameters hidden" in str(raised.value)
    assert stored_assessment(1).request_digest not in str(raised.value)


def test_plain_rows_convert_values_as_sqlalchemys_types_do(sqlite_database):
    """A DateTime is text in SQLite: the type's own converters make it a datetime both ways."""
    database = sqlite_database
    AssessmentRepository(database).add(stored_assessment(1))
    created_at = Assessment.__table__.c.created_at
    query = select(Assessment.__table__.c.id, created_at).where(created_at >= bindparam("since"))
    [row] = database.plain_rows(query, {"since": datetime(2026, 11, 1)})
    assert row == (stored_assessment(1).id, stored_assessment(1).created_at)
    assert row.created_at == stored_assessment(1).created_at
    assert database.plain_rows(query, {"since": datetime(2026, 11, 2)}) == []


def test_plain_rows_answer_unavailable_when_the_driver_cannot_run_them(sqlite_database):
    database = sqlite_database
    database.write(text("DROP TABLE assessments"), {})
    query = select(Assessment.__table__.c.id)
    with pytest.raises(DatabaseUnavailable) as raised:
        database.plain_rows(query, {})
    assert isinstance(raised.value.__cause__, sqlite3.OperationalError)


def _checkouts(database: Database) -> list[object]:
    """Every checkout from the pool the plain statements use, from now on."""
    checkouts: list[object] = []
    event.listen(database.engine.pool, "checkout", lambda *args: checkouts.append(args[0]))
    return checkouts


def test_plain_statements_keep_their_connection_between_requests_on_sqlite(sqlite_database):
    """A pool checkout costs more than SQLite's own read: a fresh connection is kept, not
    checked in and out for every GET."""
    database = sqlite_database
    assessments = AssessmentRepository(database)
    assessments.add(stored_assessment(1))
    checkouts = _checkouts(database)
    for _ in range(5):
        assert assessments.get(stored_assessment(1).id, "local") is not None
        assert len(assessments.page("local", limit=5)) == 1
    assessments.add(stored_assessment(2))
    assert checkouts == []
    assert database.engine.pool.checkedout() == 1


def test_a_kept_connection_idle_past_the_bound_is_pinged_first(tmp_path, monkeypatch):
    monkeypatch.setattr(database_module, "IDLE_PING_SECONDS", 0.0)
    with fresh_database("sqlite", tmp_path) as url:
        database = Database(url)
        pings: list[object] = []
        dialect = type(database.engine.dialect)
        real_ping = dialect.do_ping
        monkeypatch.setattr(
            dialect, "do_ping", lambda self, c: pings.append(c) or real_ping(self, c)
        )
        assessments = AssessmentRepository(database)
        try:
            assessments.add(stored_assessment(1))
            assert pings == []  # the first came out of the pool
            time.sleep(0.01)
            assert assessments.get(stored_assessment(1).id, "local") is not None
            assert len(pings) == 1
        finally:
            database.dispose()


def test_no_more_connections_are_kept_than_the_pool_spares_and_dispose_returns_them(
    sqlite_database,
):
    """Many threads at once may each take a connection; afterwards at most one fewer than the
    pool's size stay out of it, so Core's own reads still find one, and dispose returns all."""
    database = sqlite_database
    assessments = AssessmentRepository(database)
    assessments.add(stored_assessment(1))
    start = threading.Barrier(12)

    def read() -> None:
        start.wait()
        for _ in range(20):
            assert assessments.get(stored_assessment(1).id, "local") is not None

    threads = [threading.Thread(target=read) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pool = database.engine.pool
    assert 1 <= pool.checkedout() <= pool.size() - 1
    assert ClientRepository(database).by_hash("no such hash") is None
    database.dispose()
    assert pool.checkedout() == 0


def test_an_insert_after_a_core_read_found_the_server_restarted_succeeds_on_postgresql(
    tmp_path, monkeypatch
):
    """A request's key lookup (Core, `rows()`) finds the restarted server's connection dead and
    runs again; the pool then recycles every connection opened before. The kept ones are as old:
    the insert that follows must not be given one (Core's own write would get a new one)."""
    monkeypatch.setattr(database_module, "IDLE_PING_SECONDS", 3600.0)  # no ping would catch it
    with fresh_database("postgresql", tmp_path) as url:
        database = Database(url)
        assessments = AssessmentRepository(database)
        try:
            assessments.add(stored_assessment(1))  # its connection is kept
            _kill_every_pooled_connection(database, url, held=1)
            assert ClientRepository(database).by_hash("no such hash") is None
            assessments.add(stored_assessment(2))
            assert assessments.count() == 2
        finally:
            database.dispose()
