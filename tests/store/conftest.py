"""Fixtures shared by the store's tests."""

import pytest
from sqlalchemy import text

from service.store.database import Database
from service.store.repository import AssessmentRepository


@pytest.fixture
def repository(database_url):
    """The repository on each backend's shared database, emptied of assessments afterwards."""
    database = Database(database_url)
    yield AssessmentRepository(database)
    with database.writing() as session:
        session.execute(text("DELETE FROM assessments"))
    database.dispose()
