"""What migrations share: every row of a table a batch at a time, and what the server can do."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa

from service.store.packed import is_packed, unpack

BATCH = 500


def rows_by_id(
    connection: sa.Connection, table: sa.TableClause, *columns: sa.ColumnClause
) -> Iterator[sa.Row]:
    """Each row's `columns`, in id order, read `BATCH` ids at a time: an upgrade of a large table
    holds one batch in memory, and the caller may update the rows it has been given."""
    after = ""
    while True:
        rows = connection.execute(
            sa.select(*columns).where(table.c.id > after).order_by(table.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].id


def unpacked_results(connection: sa.Connection) -> Iterator[tuple[str, bytes]]:
    """The id and the unpacked body of every assessment whose result is packed (packed.py), a
    batch at a time: what a downgrade to a release before packing writes back."""
    table = sa.table("assessments", sa.column("id"), sa.column("result"))
    stored = sa.cast(table.c.result, sa.LargeBinary).label("result")
    for row in rows_by_id(connection, table, table.c.id, stored):
        if is_packed(row.result):
            yield row.id, unpack(row.result)


def server_has_lz4(connection: sa.Connection) -> bool:
    """Whether this PostgreSQL server was built with lz4 for compressing the values it keeps."""
    methods = connection.execute(
        sa.text("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
    ).scalar()
    return methods is not None and "lz4" in methods
