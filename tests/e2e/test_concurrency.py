"""Nothing lost: concurrent POSTs through a multi-worker gunicorn are all stored, on both databases."""

import http.client
import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from service.store.database import Database
from service.store.repository import AssessmentRepository
from tests.conftest import load_example
from tests.db import fresh_database
from tests.e2e.conftest import gunicorn, issue_key

REQUESTS = 200
CONCURRENCY = 16


def _post(base: str, body: bytes, key: str) -> tuple[int, str]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
        connection.request("POST", "/v1/assessments", body, headers)
        response = connection.getresponse()
        payload = json.loads(response.read())
        return response.status, payload.get("id", "")
    finally:
        connection.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_200_concurrent_posts_are_all_stored(tmp_path, backend):
    body = json.dumps(load_example("ua-armed-forces")).encode()
    with fresh_database(backend, tmp_path) as url:
        key = issue_key(url, "load")
        with (
            gunicorn(url, tmp_path / "gunicorn.log", workers=3) as base,
            ThreadPoolExecutor(CONCURRENCY) as pool,
        ):
            results = list(pool.map(lambda _: _post(base, body, key), range(REQUESTS)))
        statuses = [status for status, _ in results]
        assert statuses == [201] * REQUESTS, sorted(set(statuses))
        ids = {assessment_id for _, assessment_id in results}
        assert len(ids) == REQUESTS
        database = Database(url)
        try:
            assert AssessmentRepository(database).count() == REQUESTS
        finally:
            database.dispose()
