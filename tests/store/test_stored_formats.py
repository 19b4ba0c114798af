"""Rows stored before result formats were numbered read back through GET and the memo, upgraded.

`data/assessment-format-1.json` is the `result` column exactly as the service wrote it before
(format 1, no `stored` field): it goes into a database at revision 0001 by plain SQL, the
database is upgraded to head, and the row is read through the API like any other.
"""

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from service import wire
from service.store.migrate import upgrade
from tests.conftest import BACKENDS, CONFIG_DIR, UNLIMITED, bearer, make_key
from tests.db import fresh_database

FORMAT_1 = (Path(__file__).parent / "data" / "assessment-format-1.json").read_text(encoding="utf-8")
BODY = json.loads(FORMAT_1)
INSERT = text(
    "INSERT INTO assessments (id, created_at, client_id, idempotency_key, request_digest, "
    "request_id, name, stakeholder_type, top_area, profile_digest, rules_version, "
    "articles_version, result) VALUES (:id, :created_at, 'local', NULL, :digest, 'req-1', "
    ":name, :stakeholder_type, :top_area, :profile_digest, :rules, :articles, :result)"
)


@pytest.fixture(params=BACKENDS)
def app_with_old_row(request, tmp_path):
    from service import create_app
    from service.settings import Settings

    with fresh_database(request.param, tmp_path, migrate=False) as url:
        upgrade(url, "0001")
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(
                INSERT,
                {
                    "id": BODY["id"],
                    "created_at": datetime.fromisoformat(BODY["created_at"][:-1]),
                    "digest": "d" * 64,
                    "name": BODY["profile"]["name"],
                    "stakeholder_type": BODY["profile"]["stakeholder_type"],
                    "top_area": BODY["summary"]["top_area"],
                    "profile_digest": BODY["profile_digest"],
                    "rules": BODY["versions"]["rules"],
                    "articles": json.dumps(BODY["versions"]["articles"], sort_keys=True),
                    "result": FORMAT_1,
                },
            )
        engine.dispose()
        upgrade(url)
        app = create_app(
            Settings(config_dir=CONFIG_DIR, database_url=url, ratelimit_default=UNLIMITED)
        )
        yield app
        app.extensions["advisor"].database.dispose()


def test_the_fixture_is_format_1():
    assert "stored" not in BODY
    assert BODY["recommendations"] and BODY["not_applicable"]


def test_an_old_row_reads_back_as_json_in_the_current_format(app_with_old_row):
    key = make_key(app_with_old_row, "auditor", ("read", "admin"))
    client = app_with_old_row.test_client()
    response = client.get(f"/v1/assessments/{BODY['id']}", headers=bearer(key))
    assert response.status_code == 200
    body = response.json
    assert body["stored"] is True
    assert list(body) == [*list(BODY)[:5], "stored", *list(BODY)[5:]]
    assert {k: v for k, v in body.items() if k != "stored"} == BODY
    assert body == wire.stored_dict(FORMAT_1, 1)


def test_an_old_row_reads_back_as_a_memo(app_with_old_row):
    key = make_key(app_with_old_row, "auditor", ("read", "admin"))
    client = app_with_old_row.test_client()
    memo = client.get(f"/v1/assessments/{BODY['id']}/memo", headers=bearer(key))
    assert memo.status_code == 200
    assert memo.mimetype == "text/markdown"
    text = memo.get_data(as_text=True)
    assert text.startswith(f"# Briefing: {BODY['profile']['name']}")
    assert f"Assessment {BODY['id']}, {BODY['created_at']}" in text
    for recommendation in BODY["recommendations"]:
        assert f"#### {recommendation['rank']}. {recommendation['title']}" in text
    for recommendation in BODY["recommendations"][:3]:
        assert f"{recommendation['rank']}. **{recommendation['title']}**" in text
    assert all(caveat in text for caveat in BODY["caveats"])
    # Judgements the row was not made with are said to be missing, never invented.
    assert "## Bottom line\n\n*Not recorded: this assessment was stored before" in text
    assert "Confidence: not recorded" in text and "Confidence: low" not in text
    assert "## What to watch\n\nNot recorded" in text
    assert "## Assumptions\n\nNot recorded" in text
    page = client.get(
        f"/v1/assessments/{BODY['id']}/memo", headers={**bearer(key), "Accept": "text/html"}
    )
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    assert '<p class="memo-not-recorded"><em>Not recorded: this assessment' in page.text


def test_the_upgrade_fills_the_listing_columns_from_the_old_row(app_with_old_row):
    key = make_key(app_with_old_row, "lister", ("read", "admin"))
    listing = app_with_old_row.test_client().get("/v1/assessments", headers=bearer(key)).json
    [item] = listing["items"]
    assert item["id"] == BODY["id"] and item["created_at"] == BODY["created_at"]
    assert item["name"] == BODY["profile"]["name"]
    assert item["stakeholder_type"] == BODY["profile"]["stakeholder_type"]
    assert item["top_area"] == BODY["summary"]["top_area"]
    assert item["country"] == BODY["profile"]["country"]
    assert item["recommendation_count"] == len(BODY["recommendations"]) > 0
    assert item["top_tier"] == BODY["recommendations"][0]["priority"]["tier"]
    assert item["url"] == f"/v1/assessments/{BODY['id']}"
    # The item was written by the upgrade (0006), not by the listing.
    with app_with_old_row.extensions["advisor"].database.reading() as session:
        stored = session.execute(text("SELECT listed FROM assessments")).scalar()
    assert json.loads(stored) == {k: v for k, v in item.items() if k != "url"}


def test_the_current_format_is_sent_as_stored():
    current = wire.encode(wire.stored_dict(FORMAT_1, 1))
    assert wire.stored_body(current, wire.FORMAT) is current
