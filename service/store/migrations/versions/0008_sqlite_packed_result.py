"""On SQLite, each new row's result is packed: lz4-compressed in a BLOB (service/store/packed.py).

A 40 KB result written as text took ten pages of the database file (17 of the WAL an insert);
packed, three (11). Rows stored before stay UTF-8 text and are read as they are, so the upgrade
changes no row; it marks the databases whose rows an earlier release could not read. A downgrade
writes every packed result back as the text it was. PostgreSQL's column changes in 0009.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from service.store.backfill import unpacked_results

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

AS_TEXT = sa.text("UPDATE assessments SET result = CAST(:body AS TEXT) WHERE id = :id")


def upgrade() -> None:
    """Nothing to rewrite: the code that writes a row packs it."""


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for assessment_id, body in unpacked_results(bind):
        bind.execute(AS_TEXT, {"body": body, "id": assessment_id})
