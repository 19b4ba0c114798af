"""On SQLite, store each row's result after every other column.

SQLite keeps a row's columns in table order and a 40 KB result spills into overflow pages;
columns added after it (0002, 0003) made every listing walk each row's overflow chain. The
table is rebuilt with the result last, rows and constraints kept. PostgreSQL stores large values
out of line already, so there nothing changes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ORDER = (
    "id",
    "created_at",
    "client_id",
    "idempotency_key",
    "request_digest",
    "request_id",
    "name",
    "stakeholder_type",
    "top_area",
    "country",
    "top_tier",
    "recommendation_count",
    "profile_digest",
    "rules_version",
    "articles_version",
    "result_format",
    "result",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("assessments", recreate="always", partial_reordering=[ORDER]):
        pass


def downgrade() -> None:
    """The order is only how SQLite lays rows out: nothing to undo."""
