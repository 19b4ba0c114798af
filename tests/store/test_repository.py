"""The store on SQLite and PostgreSQL: atomic writes, idempotency by constraint, keyset order, prune."""

import dataclasses
import multiprocessing
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import make_url, text

from service import wire
from service.store import packed
from service.store import repository as repository_module
from service.store.database import Database
from service.store.migrate import current_revision, head_revision, upgrade
from service.store.models import Assessment
from service.store.repository import (
    _LISTINGS,
    LISTED,
    AssessmentRepository,
    IdempotencyKeyTaken,
    NewAssessment,
    listed_key,
)
from tests.db import fresh_database
from tests.test_support import incompressible_text
from tests.test_support import stored_assessment as _new


@pytest.mark.parametrize("given", [str, str.encode], ids=["text", "utf8-bytes"])
def test_add_then_get_returns_the_body_verbatim_as_utf8(repository, given):
    body = '{"id": "x", "note": "ünïcode — kept, \\u00e9 escaped"}'
    repository.add(_new(1, result=given(body)))
    stored = repository.get(_new(1).id, "local")
    assert stored.result == body.encode()
    assert repository.get(_new(1).id, "someone-else") is None
    assert repository.get(_new(1).id, None) is not None
    # Stored as the same value whichever way it came: packed.
    with repository.database.reading() as session:
        held = session.execute(text("SELECT result FROM assessments")).scalar()
    assert held == packed.pack(body.encode())


def _plan(repository, query, values: dict[str, str], generic: bool = True) -> str:
    """The plan the database makes for `query`: on PostgreSQL the generic plan a connection keeps
    for a statement it prepared (or, not `generic`, the plan for these values), made here on the
    table as it is; on SQLite its query plan."""
    database = repository.database
    compiled = query.compile(dialect=database.engine.dialect)
    params = {**compiled.params, **values}
    with database.engine.connect() as connection:
        if database.is_sqlite:
            arguments = tuple(params[name] for name in compiled.positiontup)
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.string}", arguments)
            return " | ".join(row[-1] for row in rows)
        names = list(params)
        placeholders = {name: f"${index}" for index, name in enumerate(names, 1)}
        mode = "force_generic_plan" if generic else "force_custom_plan"
        connection.exec_driver_sql(f"SET plan_cache_mode = {mode}")
        connection.exec_driver_sql(f"PREPARE planned AS {compiled.string % placeholders}")
        literals = ", ".join(f"'{params[name]}'" for name in names)
        plan = connection.exec_driver_sql(f"EXPLAIN EXECUTE planned({literals})").scalars().all()
        connection.exec_driver_sql("DEALLOCATE planned")
        connection.exec_driver_sql("RESET plan_cache_mode")
    return " | ".join(line.strip() for line in plan)


def test_one_assessment_is_read_by_its_primary_key_whatever_plan_is_kept(repository):
    """A kept connection keeps the plan of a prepared statement while the table grows: the plan
    PostgreSQL makes for the GET on a table of a few rows must still read one index entry."""
    if repository.database.is_sqlite:
        pytest.skip("PostgreSQL's planner and its plans kept per connection")
    for n in range(1, 22):
        repository.add(_new(n))
    plan = _plan(repository, repository_module._BY_ID, {"assessment_id": _new(1).id})
    assert plan.split(" | ")[0].startswith("Index Scan using assessments_pkey"), plan
    assert "client" not in plan, plan


def test_a_page_after_a_cursor_seeks_the_cursor_in_the_index(repository):
    """Keyset pagination: a deep page costs what the first does only while the cursor bounds the
    index scan; as a filter, every newer entry of the client's was read first."""
    for n in range(1, 22):
        repository.add(_new(n))
    query = repository_module._LISTINGS[True, False, False, True]
    values = {
        "client_id": "local",
        "before_created_at": "2030-01-01 00:00:00",
        "before_id": "z",
        "limit": "21",
    }
    plan = _plan(repository, query, values)
    if repository.database.is_sqlite:
        assert "ix_assessments_client_created (client_id=? AND (created_at,id)<(?,?))" in plan
    else:
        assert "Index Cond: (((client_id)::text = ($" in plan, plan
        assert "AND (ROW(created_at, (id)::text) < ROW(" in plan, plan
        assert "Filter" not in plan, plan


def test_a_new_row_names_every_column_of_the_table():
    columns = [column.key for column in Assessment.__table__.columns]
    assert [field.name for field in dataclasses.fields(NewAssessment)] == columns


def test_reused_idempotency_key_is_refused_by_the_constraint(repository):
    repository.add(_new(1, key="k"))
    with pytest.raises(IdempotencyKeyTaken) as taken:
        repository.add(_new(2, key="k"))
    assert taken.value.existing.id == _new(1).id
    assert repository.count() == 1


def _stored_row(database: Database, assessment_id: str) -> dict[str, tuple[object, str]]:
    """Every column of one row as the driver reads it, with its type as the database holds it."""
    columns = [column.name for column in Assessment.__table__.columns]
    typeof = "typeof" if database.is_sqlite else "pg_typeof"
    listed = ", ".join(f"{name}, CAST({typeof}({name}) AS TEXT)" for name in columns)
    query = text(f"SELECT {listed} FROM assessments WHERE id = :id")
    [row] = database.rows(query, {"id": assessment_id})
    return {name: (row[2 * i], row[2 * i + 1]) for i, name in enumerate(columns)}


def _typed_row(database: Database, row: NewAssessment) -> dict[str, tuple[object, ...]]:
    """The stored row's every column as (value, Python type, type held), less the columns that
    tell rows apart, after checking that they hold what was given."""
    stored = _stored_row(database, row.id)
    for column in _DISTINCT:
        assert stored.pop(column)[0] == getattr(row, column)
    return {column: (value, type(value), held) for column, (value, held) in stored.items()}


_DISTINCT = ("id", "idempotency_key", "request_id", "name", "listed")


@pytest.mark.parametrize("given", [str, str.encode], ids=["text", "utf8-bytes"])
def test_the_plain_insert_stores_the_row_the_core_insert_did(repository, given):
    body = '{"id": "x", "note": "ünïcode — kept", "long": "' + "y" * 40_000 + '"}'
    filled = {"country": "KR", "top_tier": "high", "recommendation_count": 7}
    rows = {
        "core": _new(1, key="core", result=given(body)),
        "plain": _new(2, key="plain", result=given(body)),
        "core-filled": dataclasses.replace(
            _new(3, key="core-filled", result=given(body)), **filled
        ),
        "plain-filled": dataclasses.replace(
            _new(4, key="plain-filled", result=given(body)), **filled
        ),
    }
    database = repository.database
    for name, row in rows.items():
        if name.startswith("core"):  # what add() ran before it went to the driver's cursor
            database.write(*repository.insert_of(row))
        else:
            repository.add(row)
    for core, plain in (("core", "plain"), ("core-filled", "plain-filled")):
        by_core, by_plain = (_typed_row(database, rows[name]) for name in (core, plain))
        assert by_plain == by_core
    held = "blob" if database.is_sqlite else "bytea"
    assert _stored_row(database, rows["plain"].id)["result"] == (packed.pack(body.encode()), held)
    # Either way it was given, the body reaches the driver as bytes, never decoded into a str.
    assert isinstance(repository.insert_of(rows["plain"])[1]["result"], bytes)
    with pytest.raises(IdempotencyKeyTaken) as taken:
        repository.add(_new(5, key="plain", result=given(body)))
    assert taken.value.existing.id == rows["plain"].id
    assert repository.count() == len(rows)


def test_failed_write_leaves_nothing_behind(repository):
    repository.add(_new(1))
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        repository.add(_new(1))
    assert repository.count() == 1


def test_page_is_newest_first_with_ties_broken_by_id(repository):
    same = datetime(2026, 11, 2, 8, 0, 0)
    for n in (1, 2, 3):
        repository.add(_new(n, created_at=same))
    repository.add(_new(4, created_at=same - timedelta(seconds=1)))
    first = repository.page("local", limit=2)
    assert [row[0][-1] for row in first] == ["3", "2"]
    assert listed_key(first[-1]) == (same, _new(2).id)
    rest = repository.page("local", limit=10, before=listed_key(first[-1]))
    assert [row[0][-1] for row in rest] == ["1", "4"]


def test_a_page_holds_the_listed_fields_in_the_order_a_listing_writes_them():
    assert LISTED == wire.LISTED


def test_every_listing_reads_on_the_driver_what_sqlalchemy_reads(repository):
    start = datetime(2026, 11, 2, 8, 0, 0, 123000)
    for n in range(1, 6):
        repository.add(_new(n, created_at=start + timedelta(seconds=n // 2)))
    params = {
        "limit": 3,
        "client_id": "local",
        "stakeholder_type": "legislature",
        "since": start,
        "before_created_at": start + timedelta(seconds=2),
        "before_id": _new(5).id,
    }
    for query in _LISTINGS.values():
        plain = repository.database.plain_rows(query, params)
        assert plain == list(repository.database.rows(query, params))
        assert plain and all(isinstance(row.created_at, datetime) for row in plain)
        # What a listing reads: the same values as plain tuples, times as the driver gives them.
        fetched = repository.database.plain_tuples(query, params)
        assert [(*row[:1], listed_key(row)[0], *row[2:]) for row in fetched] == plain


def test_delete_removes_only_the_clients_own_and_an_admin_any(repository):
    repository.add(_new(1))
    repository.add(_new(2))
    assert repository.delete(_new(1).id, "someone-else") is False
    assert repository.get(_new(1).id, None) is not None
    assert repository.delete(_new(1).id, "local") is True
    assert repository.delete(_new(1).id, "local") is False
    assert repository.delete(_new(2).id, None) is True
    assert repository.count() == 0


def test_delete_older_than_removes_only_old_rows(repository):
    now = datetime.now(UTC).replace(tzinfo=None)
    repository.add(_new(1, created_at=now - timedelta(days=400)))
    repository.add(_new(2, created_at=now - timedelta(days=10)))
    assert repository.delete_older_than(now - timedelta(days=365)) == 1
    assert repository.get(_new(1).id, None) is None
    assert repository.get(_new(2).id, None) is not None


def test_a_prune_deletes_every_old_row_in_batches_and_no_newer_one(repository):
    now = datetime.now(UTC).replace(tzinfo=None)
    for n in range(1, 12):
        repository.add(_new(n, created_at=now - timedelta(days=400 + n)))
    for n in range(12, 15):
        repository.add(_new(n, created_at=now - timedelta(days=10)))
    assert repository.delete_older_than(now - timedelta(days=365), batch=3) == 11
    assert repository.count() == 3
    assert repository.delete_older_than(now - timedelta(days=365), batch=3) == 0


def _write_while(url: str, started, done, waits) -> None:
    """A service's writer: stores assessments one after another until told to stop, and reports
    the longest any took (its first, which opens the connection, apart)."""
    database = Database(url)
    repository = AssessmentRepository(database)
    repository.add(_new(100_000, result=_PRUNED_BODY))
    longest, n = 0.0, 0
    started.set()
    while not done.is_set():
        n += 1
        begun = time.perf_counter()
        repository.add(_new(100_000 + n, result=_PRUNED_BODY))
        longest = max(longest, time.perf_counter() - begun)
        time.sleep(0.002)
    waits.put((longest, n))
    database.dispose()


# An explained assessment's size as text: rows that take ten pages packed, as before packing.
_PRUNED_BODY = '{"body": "' + incompressible_text(40_000) + '"}'


def test_a_prune_holds_the_sqlite_writers_for_a_batch_not_for_the_whole_prune(tmp_path):
    """`db prune` runs beside a live service: a writer waiting on it must get its turn between
    batches, not wait out the whole prune (scale-free: the longest wait against the prune's time).
    The writer is another process, as a gunicorn worker is; spawned, since SQLite's state must
    not cross a fork."""
    with fresh_database("sqlite", tmp_path) as url:
        filling = Database(url)
        old = datetime(2020, 1, 1)
        for n in range(1, 3_001):
            AssessmentRepository(filling).add(
                _new(n, created_at=old + timedelta(seconds=n), result=_PRUNED_BODY)
            )
        filling.dispose()
        with sqlite3.connect(make_url(url).database) as connection:  # the prune's WAL alone
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        context = multiprocessing.get_context("spawn")
        started, done, waits = context.Event(), context.Event(), context.Queue()
        writer = context.Process(target=_write_while, args=(url, started, done, waits))
        writer.start()
        database = Database(url)
        try:
            assert started.wait(60)
            begun = time.perf_counter()
            assert AssessmentRepository(database).delete_older_than(datetime(2021, 1, 1)) == 3_000
            pruning = time.perf_counter() - begun
        finally:
            done.set()
            longest, writes = waits.get(timeout=60)
            writer.join(60)
            database.dispose()
    assert writes > 1
    assert longest < pruning / 4, (longest, pruning)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    with fresh_database("sqlite", tmp_path) as url:
        database = Database(url)
        with database.reading() as session:
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
        database.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrade_is_idempotent_and_creates_the_local_client(tmp_path, backend):
    with fresh_database(backend, tmp_path, migrate=False) as url:
        upgrade(url)
        upgrade(url)
        assert current_revision(url) == head_revision()
        database = Database(url)
        with database.reading() as session:
            assert session.execute(
                text("SELECT scopes FROM api_clients WHERE id = 'local'")
            ).scalar()
        database.dispose()


def test_concurrent_upgrades_on_postgresql_do_not_race(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    with fresh_database("postgresql", tmp_path, migrate=False) as url:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: upgrade(url), range(4)))
        assert current_revision(url) == head_revision()


def test_a_clients_page_of_one_stakeholder_type_is_read_in_order_from_its_index(repository):
    """A client's listing by type must not read every row of theirs to find a type they seldom
    assessed: client and type lead the index the page is read from, in order. On PostgreSQL the
    plan is made for the type asked, each time: none is kept from a table of one type."""
    for n in range(1, 62):
        repository.add(_new(n))
    for n in range(62, 64):
        repository.add(dataclasses.replace(_new(n), stakeholder_type="ngo"))
    query = repository_module._LISTINGS[True, True, False, True]
    values = {
        "client_id": "local",
        "stakeholder_type": "ngo",
        "before_created_at": "2030-01-01 00:00:00",
        "before_id": "z",
        "limit": "21",
    }
    database = repository.database
    if database.is_sqlite:
        plan = _plan(repository, query, values)
        assert (
            "ix_assessments_client_type_created (client_id=? AND stakeholder_type=? AND "
            "(created_at,id)<(?,?))" in plan
        ), plan
        assert "TEMP B-TREE" not in plan, plan
        return
    with database.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE assessments")
    plan = _plan(repository, query, values, generic=False)
    # Only the type's entries are read, in order or (for a type this rare) sorted after.
    assert "ix_assessments_client_type_created" in plan, plan
    assert "Filter" not in plan, plan
    for _ in range(12):  # psycopg prepares a statement run five times
        assert len(repository.page("local", limit=20, stakeholder_type="ngo")) == 2
        assert len(repository.page("local", limit=20)) == 20
    connection = database._kept.take()  # the connection the listings ran on
    try:
        prepared = connection.dbapi_connection.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE 'SELECT%'"
        ).fetchall()
    finally:
        database._kept.give_back(connection)
    listings = [text for (text,) in prepared if "FROM assessments" in text]
    assert len(listings) == 1, prepared  # the listing of every type, prepared as before
    assert "stakeholder_type" not in listings[0], prepared
