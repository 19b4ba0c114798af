"""Throwaway databases for tests: a SQLite file, or a uniquely named PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service.settings import normalise_database_url
from service.store.migrate import upgrade

POSTGRES_ENV = "ADVISOR_TEST_POSTGRES_URL"


def postgres_base_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    return normalise_database_url(url) if url else None


@contextmanager
def fresh_database(backend: str, directory: Path, migrate: bool = True) -> Iterator[str]:
    """Yield the URL of a new, empty database (migrated unless told not to); drop it afterwards."""
    if backend == "sqlite":
        url = f"sqlite:///{directory / f'advisor-{uuid.uuid4().hex[:8]}.db'}"
        if migrate:
            upgrade(url)
        yield url
        return
    base = postgres_base_url()
    if base is None:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    name = f"advisor_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
        if migrate:
            upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
