"""Each row's listing item, written once: a page joins stored items instead of encoding its rows.

A listing read eight columns per row and wrote each item as JSON on every request. The item (less
its URL, which depends on where the service is mounted) is now stored with the row, in the
`listed` column, and filled in here for rows already stored, from their listing columns. On
SQLite the table is rebuilt so that the result stays after every column a listing reads (0004).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from service import wire
from service.store.backfill import rows_by_id

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

assessments = sa.table(
    "assessments",
    *(sa.column(name) for name in wire.LISTED if name != "created_at"),
    sa.column("created_at", sa.DateTime),
    sa.column("listed", sa.Text),
)


def upgrade() -> None:
    bind = op.get_bind()
    column = sa.Column("listed", sa.Text(), nullable=True)
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table("assessments", recreate="always") as batch:
            batch.add_column(column, insert_before="result")
    else:
        op.add_column("assessments", column)
    _backfill(bind)


def _backfill(connection: sa.Connection) -> None:
    """Write the item of every stored row from its listing columns, a batch of ids at a time."""
    fields = [assessments.c[name] for name in wire.LISTED]
    for row in rows_by_id(connection, assessments, *fields):
        item = wire.listed_item(tuple(row))
        connection.execute(
            assessments.update().where(assessments.c.id == row.id).values(listed=item)
        )


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("listed")
