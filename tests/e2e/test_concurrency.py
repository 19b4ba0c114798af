"""Nothing lost: concurrent POSTs through a multi-worker gunicorn are all stored, on both databases."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from service.store.database import Database
from service.store.repository import AssessmentRepository
from tests.conftest import load_example
from tests.db import fresh_database
from tests.e2e.conftest import gunicorn, issue_key
from tests.e2e.http_support import post_assessment

REQUESTS = 200
CONCURRENCY = 16


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_200_concurrent_posts_are_all_stored(tmp_path, backend):
    body = json.dumps(load_example("ua-armed-forces")).encode()
    with fresh_database(backend, tmp_path) as url:
        key = issue_key(url, "load")
        with (
            gunicorn(url, tmp_path / "gunicorn.log", workers=3) as base,
            ThreadPoolExecutor(CONCURRENCY) as pool,
        ):
            results = list(pool.map(lambda _: post_assessment(base, key, body), range(REQUESTS)))
        statuses = [status for status, _ in results]
        assert statuses == [201] * REQUESTS, sorted(set(statuses))
        ids = {assessment_id for _, assessment_id in results}
        assert len(ids) == REQUESTS
        database = Database(url)
        try:
            assert AssessmentRepository(database).count() == REQUESTS
        finally:
            database.dispose()
