"""Listing columns: country, top tier and recommendation count, filled in from stored results.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from service import wire
from service.assessments import listing_columns
from service.store.backfill import rows_by_id

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

assessments = sa.table(
    "assessments",
    sa.column("id", sa.String),
    sa.column("result", sa.Text),
    sa.column("result_format", sa.Integer),
    sa.column("country", sa.String),
    sa.column("top_tier", sa.String),
    sa.column("recommendation_count", sa.Integer),
)


def upgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("country", sa.String(2), nullable=True))
        batch.add_column(sa.Column("top_tier", sa.String(32), nullable=True))
        batch.add_column(
            sa.Column("recommendation_count", sa.Integer(), nullable=False, server_default="0")
        )
    _backfill(op.get_bind())


def _backfill(connection: sa.Connection) -> None:
    """Read every stored result in whichever format it was written, a batch of ids at a time."""
    columns = (assessments.c.id, assessments.c.result, assessments.c.result_format)
    for row in rows_by_id(connection, assessments, *columns):
        filled = listing_columns(wire.stored_dict(row.result, row.result_format))
        connection.execute(assessments.update().where(assessments.c.id == row.id).values(**filled))


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("recommendation_count")
        batch.drop_column("top_tier")
        batch.drop_column("country")
