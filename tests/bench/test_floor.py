"""The floor app (bench/floor.py) is only a fair baseline while it does the service's work: the
same answers, byte for byte, on the same database, for every row it twins."""

from __future__ import annotations

import json

import pytest

from bench.floor import create_floor_app
from bench.http import WORK_ALONE, Row, with_work_alone
from service.settings import Settings
from tests.conftest import CONFIG_DIR, load_example

PROFILE = json.dumps(load_example("kr-defence-ministry")).encode()


@pytest.fixture
def service_and_floor(make_app):
    from service.keys import create_key

    service = make_app(ratelimit_default="1000000 per minute")
    state = service.extensions["advisor"]
    key, client = create_key(state.clients, "bench", ("assess", "read"))
    floor = create_floor_app(
        Settings(config_dir=CONFIG_DIR, database_url=state.settings.database_url), client.id
    )
    client_of_service = service.test_client()
    client_of_service.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    yield client_of_service, floor.test_client()
    floor.extensions["database"].dispose()


def _post(client, query: str = ""):
    return client.post(f"/v1/assessments{query}", data=PROFILE, content_type="application/json")


def test_the_floor_reads_and_lists_what_the_service_stored_byte_for_byte(service_and_floor):
    service, floor = service_and_floor
    ids = [_post(service).json["id"] for _ in range(3)] + [_post(floor).json["id"]]
    for assessment_id in ids:  # each reads what the other stored, identically
        ours = service.get(f"/v1/assessments/{assessment_id}")
        alone = floor.get(f"/v1/assessments/{assessment_id}")
        assert ours.status_code == alone.status_code == 200
        assert ours.data == alone.data
    ours, alone = service.get("/v1/assessments?limit=2"), floor.get("/v1/assessments?limit=2")
    assert ours.status_code == alone.status_code == 200
    assert json.loads(ours.data)["next_cursor"]  # a page with a next one, in both
    assert ours.data == alone.data


def test_the_floor_assesses_as_the_service_does(service_and_floor):
    service, floor = service_and_floor
    for query in ("?dry_run=true", ""):
        ours, alone = _post(service, query), _post(floor, query)
        assert ours.status_code == alone.status_code
        different = {"id", "created_at"}  # a new assessment's own
        assert {k: v for k, v in ours.json.items() if k not in different} == {
            k: v for k, v in alone.json.items() if k not in different
        }
        assert alone.json["stored"] is (query == "")


def test_every_data_row_has_a_twin_on_the_floor_and_the_health_check_none() -> None:
    rows = [Row("GET /healthz", "/healthz"), Row("POST dry run", "/x", "POST", "{}")]
    paired = with_work_alone(rows)
    assert [(row.label, alone) for row, alone in paired] == [
        ("GET /healthz", False),
        ("POST dry run", False),
        (WORK_ALONE + "POST dry run", True),
    ]
    assert paired[2][0].body == "{}" and paired[2][0].method == "POST"
