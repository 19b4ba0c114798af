"""A database error is logged without the statement's parameters: no profile text in any log line."""

import json
import uuid

import pytest
from sqlalchemy import text

from service import create_app
from service.settings import Settings
from tests.conftest import CONFIG_DIR, bearer, make_key
from tests.db import fresh_database

REFUSAL = "refused by the test"
TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER refuse_assessments BEFORE INSERT ON assessments "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_assessments() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$",
        "CREATE TRIGGER refuse_assessments BEFORE INSERT ON assessments "
        "FOR EACH ROW EXECUTE FUNCTION refuse_assessments()",
    ],
}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_failed_insert_logs_no_profile_text(tmp_path, capsys, backend):
    marker = f"Marker Ministry {uuid.uuid4().hex}"
    with fresh_database(backend, tmp_path) as url:
        app = create_app(Settings(config_dir=CONFIG_DIR, database_url=url))
        try:
            key = make_key(app, "logs", ("assess",))
            with app.extensions["advisor"].database.writing() as session:
                for statement in TRIGGERS[backend]:
                    session.execute(text(statement))
            capsys.readouterr()
            response = app.test_client().post(
                "/v1/assessments",
                json={"stakeholder_type": "legislature", "name": marker},
                headers={**bearer(key), "Idempotency-Key": "marker-key"},
            )
            output = capsys.readouterr()
        finally:
            app.extensions["advisor"].database.dispose()
    assert response.status_code == 500
    assert marker not in response.get_data(as_text=True)
    lines = [json.loads(line) for line in output.out.splitlines() if line.startswith("{")]
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert errors, "the failure was logged"
    assert REFUSAL in errors[0]["exception"], "the log line is the database error"
    assert "INSERT INTO assessments" in errors[0]["exception"]
    assert "parameters hidden" in errors[0]["exception"]
    assert marker not in output.out and marker not in output.err
    assert "marker-key" not in output.out
