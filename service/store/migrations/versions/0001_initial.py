"""Assessments and API clients, with the built-in `local` client.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    clients = op.create_table(
        "api_clients",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("scopes", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column(
            "client_id",
            sa.String(36),
            sa.ForeignKey("api_clients.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("idempotency_key", sa.String(255), nullable=True),
        sa.Column("request_digest", sa.String(64), nullable=False),
        sa.Column("request_id", sa.String(128), nullable=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("stakeholder_type", sa.String(64), nullable=False),
        sa.Column("top_area", sa.String(64), nullable=True),
        sa.Column("profile_digest", sa.String(64), nullable=False),
        sa.Column("rules_version", sa.String(64), nullable=False),
        sa.Column("articles_version", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.UniqueConstraint(
            "client_id", "idempotency_key", name="uq_assessments_client_idempotency"
        ),
    )
    op.create_index(
        "ix_assessments_client_created", "assessments", ["client_id", "created_at", "id"]
    )
    op.create_index("ix_assessments_created", "assessments", ["created_at"])
    op.bulk_insert(
        clients,
        [
            {
                "id": "local",
                "name": "local",
                "key_hash": None,
                "scopes": "assess read",
                "created_at": datetime.now(UTC).replace(tzinfo=None),
            }
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_assessments_created", table_name="assessments")
    op.drop_index("ix_assessments_client_created", table_name="assessments")
    op.drop_table("assessments")
    op.drop_table("api_clients")
