"""Migrations build the schema the models describe, and lay out SQLite rows for cheap listings."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import column as sa_column
from sqlalchemy import create_engine, insert, text
from sqlalchemy import table as sa_table
from sqlalchemy.engine import make_url

from service.store import backfill
from service.store.models import Assessment, Base
from tests.conftest import BACKENDS
from tests.db import fresh_database
from tests.test_support import stored_assessment


def test_the_migrated_schema_is_the_models_schema(database_url):
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_on_sqlite_the_result_is_stored_after_every_listed_column(database_url):
    """A row's 40 KB result spills into overflow pages; columns after it cost a walk of them."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        pytest.skip("PostgreSQL keeps large values out of line whatever the column order")
    with sqlite3.connect(url.database) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(assessments)")]
    assert columns[-1] == "result"


def test_on_postgresql_results_are_a_bytea_kept_out_of_line_as_they_are(database_url):
    """Packed by the service (service/store/packed.py), there is nothing left to compress."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("SQLite keeps any value in any column")
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            kind, storage = connection.execute(
                text(
                    "SELECT format_type(atttypid, atttypmod), attstorage FROM pg_attribute "
                    "WHERE attrelid = 'assessments'::regclass AND attname = 'result'"
                )
            ).one()
    finally:
        engine.dispose()
    assert (kind, storage) == ("bytea", "e")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_backfill_reads_every_row_once_a_batch_at_a_time_while_updating_them(
    backend, tmp_path, monkeypatch
):
    monkeypatch.setattr(backfill, "BATCH", 2)
    table = sa_table("assessments", sa_column("id"), sa_column("name"))
    seen = []
    with fresh_database(backend, tmp_path) as url:
        engine = create_engine(url)
        try:
            with engine.begin() as connection:
                for n in (5, 1, 4, 2, 3):
                    connection.execute(insert(Assessment), vars(stored_assessment(n)))
                for row in backfill.rows_by_id(connection, table, table.c.id, table.c.name):
                    seen.append(row.id)
                    connection.execute(
                        table.update().where(table.c.id == row.id).values(name=f"{row.name}!")
                    )
                names = connection.execute(text("SELECT name FROM assessments ORDER BY id"))
                assert list(names.scalars()) == [f"stakeholder {n}!" for n in range(1, 6)]
        finally:
            engine.dispose()
    assert seen == [stored_assessment(n).id for n in range(1, 6)]
