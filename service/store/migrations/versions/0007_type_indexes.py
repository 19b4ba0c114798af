"""An index that serves a client's listing filtered by stakeholder type.

A client's listing by type read the index on (client_id, created_at, id) newest first and looked
each row up to test its type: a page of a type the client seldom or never assessed read every row
of the client's (10,000 rows: 2.4 ms on SQLite, 1.6 ms on PostgreSQL, growing with the table).
With the type beside the client in the index, the page is read in order and stops at its limit.

An admin's listing by type (every client's) keeps reading the index on created_at: an index led
by the type would serve it too, but PostgreSQL then plans a client's listing by type, as a
connection keeps it for a prepared statement, on that index with the client as a filter (every
row of the type, all clients'), and each insert would pay for a third index.

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
