"""What migrations that fill in a new column share: every row of a table, a batch at a time."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa

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
