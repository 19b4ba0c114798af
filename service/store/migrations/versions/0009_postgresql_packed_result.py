"""On PostgreSQL too, each new row's result is packed (service/store/packed.py), in a bytea.

PostgreSQL compressed the 40 KB text itself (0005) and decompressed it for every read. Packed by
the service into a bytea kept out of line as it is (STORAGE EXTERNAL: nothing left to compress),
a GET cost the server 70 to 85 µs and the client 107 to 110 µs in one process, against 150 to 155
and 125 to 133 as text; an insert 250 to 265 and 184 to 205 µs, against 335 to 365 and 170 to 175.

The column's type changes, so PostgreSQL rewrites the table, holding it while it does (3.4 s for
5,000 rows, 71 MB, on this project's machine); each stored row becomes the UTF-8 bytes of its JSON,
still compressed by PostgreSQL, which the service reads as they are. A downgrade unpacks
every packed row and turns the column back into text, compressed with lz4 as 0005 had it. SQLite
keeps any value in any column (0008): nothing changes there.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from service.store.backfill import server_has_lz4, unpacked_results

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

UNPACKED = sa.text("UPDATE assessments SET result = :body WHERE id = :id")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE assessments ALTER COLUMN result TYPE bytea USING convert_to(result, 'UTF8')"
    )
    op.execute("ALTER TABLE assessments ALTER COLUMN result SET STORAGE EXTERNAL")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for assessment_id, body in unpacked_results(bind):
        bind.execute(UNPACKED, {"body": body, "id": assessment_id})
    op.execute("ALTER TABLE assessments ALTER COLUMN result SET STORAGE EXTENDED")
    op.execute(
        "ALTER TABLE assessments ALTER COLUMN result TYPE text USING convert_from(result, 'UTF8')"
    )
    if server_has_lz4(bind):
        op.execute("ALTER TABLE assessments ALTER COLUMN result SET COMPRESSION lz4")
