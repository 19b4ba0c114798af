"""`db upgrade`: bring a database to the latest schema, safely when several replicas start at once;
`db downgrade`: take it back to an earlier one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import text

from service.store.database import create_database_engine

MIGRATIONS = Path(__file__).parent / "migrations"
# An arbitrary constant naming our advisory lock; replicas agree on it.
ADVISORY_LOCK_KEY = 7_203_114_551


def upgrade(url: str, revision: str = "head") -> None:
    _migrate(url, command.upgrade, revision)


class RevisionError(ValueError):
    """Alembic cannot take the database to the revision asked for (unknown, or not before it)."""


def downgrade(url: str, revision: str) -> None:
    """Take the schema back to `revision`, undoing what later migrations did to rows too, so an
    earlier release can run on the database."""
    try:
        _migrate(url, command.downgrade, revision)
    except CommandError as exc:
        raise RevisionError(str(exc)) from None


def _migrate(url: str, action: Callable[[Config, str], None], revision: str) -> None:
    engine = create_database_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Held until this transaction ends: a second replica waits, then finds nothing to do.
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
                )
            config.attributes["connection"] = connection
            action(config, revision)
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str:
    """The newest migration's revision: the one `upgrade` brings a database to."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None, "no migrations"
    return head
