"""An index that serves a client's listing filtered by stakeholder type.

A client's listing by type read the index on (client_id, created_at, id) newest first and looked
each row up to test its type: a page of a type the client seldom or never assessed read every row
of the client's (10,000 rows: 2.4 ms on SQLite, 1.6 ms on PostgreSQL, growing with the table).
With the type beside the client in the index, the page is read in order and stops at its limit.

On PostgreSQL a listing by type is planned for the type asked, each time (repository.py): a
generic plan kept from a table of one type read the client's index with the type as a filter.
An admin's listing by type (every client's) keeps reading the index on created_at (a type one row
in 100 has: 314 µs a page on SQLite at 20,000 rows): an index for it would cost every insert.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_assessments_client_type_created",
        "assessments",
        ["client_id", "stakeholder_type", "created_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_assessments_client_type_created", table_name="assessments")
